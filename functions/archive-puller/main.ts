// The archive puller container's entry point (Dockerfile CMD; bundled by scripts/build-puller.ts). It checks
// that Tencent's Finance SDK library is there before anything loads the native binding, and says so plainly
// when it is not (the library is not redistributable: the operator's image build copies it in); then it
// loads the composition root (puller.mjs, a separate bundle) and runs the loop until SIGTERM.
import { existsSync } from 'node:fs';

const lib = process.env.FINANCE_SDK_LIB;
if (!lib || !existsSync(lib)) {
  console.error(
    [
      `会话存档拉取程序无法启动：找不到企业微信会话存档 SDK（FINANCE_SDK_LIB=${lib ?? '未设置'}）。`,
      '请在构建镜像时用 --build-arg FINANCE_SDK_PATH=<libWeWorkFinanceSdk_C.so 的路径> 提供该库（见 docs/deploy.md）。',
      `archive puller cannot start: the WeCom Finance SDK library is missing (FINANCE_SDK_LIB=${lib ?? 'unset'}).`,
      'Build the image with --build-arg FINANCE_SDK_PATH=<path to libWeWorkFinanceSdk_C.so> (docs/deploy.md).',
    ].join('\n'),
  );
  process.exit(78); // EX_CONFIG
}

// The composition root is its own bundle, loaded only now: it loads koffi and the SDK.
const pullerModule = new URL('./puller.mjs', import.meta.url).href;
const { startPuller } = (await import(pullerModule)) as typeof import('./puller');
startPuller().then(
  () => process.exit(0),
  (e: unknown) => {
    console.error(JSON.stringify({ level: 'ERROR', message: 'archive puller failed', error: (e as Error)?.stack ?? String(e) }));
    process.exit(1);
  },
);
