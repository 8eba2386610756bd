# The chat-archive puller's container image (functions/archive-puller; ECS Fargate, infra/archive-puller.yml).
# Tencent's Finance SDK (libWeWorkFinanceSdk_C.so) is Linux x86_64 only and not redistributable: the operator
# passes its path inside the build context. Build and push (docs/deploy.md, 会话存档拉取 / Archive puller):
#   docker build --platform=linux/amd64 --build-arg FINANCE_SDK_PATH=vendor/libWeWorkFinanceSdk_C.so -t siyu-archive-puller .
ARG NODE_IMAGE=node:22-bookworm-slim

# ── build: the bundles (npm run build:puller, esbuild, koffi external) ──
FROM --platform=linux/amd64 ${NODE_IMAGE} AS build
WORKDIR /src
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund --ignore-scripts
COPY . .
RUN npm run build:puller

# ── runtime: the bundles, koffi (its native part is prebuilt per platform inside the npm package), the SDK ──
FROM --platform=linux/amd64 ${NODE_IMAGE}
ARG FINANCE_SDK_PATH
RUN test -n "${FINANCE_SDK_PATH}" || (echo "set --build-arg FINANCE_SDK_PATH=<path to libWeWorkFinanceSdk_C.so in the build context>" >&2; exit 1)
RUN apt-get update && apt-get install -y --no-install-recommends ca-certificates && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY --from=build /src/.build/archive-puller/ ./
COPY --from=build /src/node_modules/koffi/ ./node_modules/koffi/
COPY ${FINANCE_SDK_PATH} /opt/wework/libWeWorkFinanceSdk_C.so
ENV NODE_ENV=production \
    NODE_OPTIONS=--enable-source-maps \
    FINANCE_SDK_LIB=/opt/wework/libWeWorkFinanceSdk_C.so
USER node
# ECS stops a task with SIGTERM: the puller finishes the batch in flight, saves its cursor and exits.
STOPSIGNAL SIGTERM
CMD ["node", "main.mjs"]
