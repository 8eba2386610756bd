// `npm start`: the whole system on loopback (README.md#two-commands). Environment (all optional): PORT, SIM_PORT, ADMIN_API_KEY,
// WECOM_API_BASE, SIYU_DATA_DIR, LOG_LEVEL, WECOM_CORP_ID + WECOM_CORP_SECRET + WECOM_TOKEN +
// WECOM_ENCODING_AES_KEY (+ WECOM_AGENT_ID). Data is kept in the data folder across restarts;
// `npm start -- --fresh` empties it first.
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { DEFAULT_PORT, DEFAULT_SIM_PORT, readLocalEnv, type LocalEnv } from './local/local-env';
import { parseLogLevel } from './local/log-format';
import { startLocalStack, type RunningStack } from './local/stack';
import { ensureConsoleBuilt } from './console-build';

function envTenant() {
  const e = process.env;
  const all = [e.WECOM_CORP_ID, e.WECOM_CORP_SECRET, e.WECOM_TOKEN, e.WECOM_ENCODING_AES_KEY];
  if (all.every((v) => !v)) return undefined;
  if (all.some((v) => !v)) {
    throw new Error('set all of WECOM_CORP_ID, WECOM_CORP_SECRET, WECOM_TOKEN and WECOM_ENCODING_AES_KEY, or none of them');
  }
  return {
    corpId: e.WECOM_CORP_ID!,
    secret: e.WECOM_CORP_SECRET!,
    token: e.WECOM_TOKEN!,
    encodingAesKey: e.WECOM_ENCODING_AES_KEY!,
    ...(e.WECOM_AGENT_ID ? { agentId: e.WECOM_AGENT_ID } : {}),
  };
}

/** The `npm run simulate` line to copy: with the settings this stack was started with, when not the defaults. */
function simulateCommand(local: LocalEnv): string {
  const vars = [
    local.port !== DEFAULT_PORT ? `PORT=${local.port}` : '',
    local.externalWecomApiBase
      ? `WECOM_API_BASE=${local.externalWecomApiBase}`
      : local.simulatorPort !== DEFAULT_SIM_PORT
        ? `SIM_PORT=${local.simulatorPort}`
        : '',
    local.adminApiKeyIsDev ? '' : 'ADMIN_API_KEY=…',
  ].filter(Boolean);
  return [...vars, 'npm run simulate'].join(' ');
}

async function main() {
  const { values: args } = parseArgs({ options: { fresh: { type: 'boolean', default: false } } });
  // The SDK warns that releases after January 2027 need Node 22; the functions run on nodejs22.x.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  const t0 = Date.now();
  const tenant = envTenant();
  // The same reading of PORT, SIM_PORT, WECOM_API_BASE and ADMIN_API_KEY as `npm run simulate`'s.
  const local = readLocalEnv();
  const logLevel = parseLogLevel(process.env.LOG_LEVEL);
  // Ctrl-C at any time stops what has started: during the start through the abort signal.
  const starting = new AbortController();
  let stack: RunningStack | undefined;
  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    console.log('\nstopping…');
    if (!stack) return starting.abort(new Error('stopped during the start'));
    await stack.stop();
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  // A closed terminal: stop cleanly too (serverless-offline runs in its own process group and would stay).
  process.on('SIGHUP', stop);
  // The console (console/ → console/dist/, served by the console function at /console/): built when missing or stale.
  if (ensureConsoleBuilt() === 'built') console.log('  console built (console/dist)');
  const starts = startLocalStack({
    signal: starting.signal,
    port: local.port,
    simulatorPort: local.simulatorPort,
    adminApiKey: local.adminApiKey,
    dataDir: resolve(local.dataDir),
    fresh: args.fresh ?? false,
    ...(local.externalWecomApiBase ? { wecomApiBase: local.externalWecomApiBase } : {}),
    ...(tenant ? { tenant } : {}),
    log: (l) => console.log(`  ${l}`),
    functionLog: (l) => console.log(l),
    logLevel,
    color: Boolean(process.stdout.isTTY) && !process.env.NO_COLOR,
  });
  try {
    stack = await starts;
  } catch (e) {
    if (!starting.signal.aborted) throw e;
    console.log('stopped before the stack was up');
    process.exit(0);
  }
  if (starting.signal.aborted) {
    await stack.stop(); // Ctrl-C came after the last check inside the start
    process.exit(0);
  }
  const devKey = local.adminApiKeyIsDev;
  console.log(`
Siyu is running (${((Date.now() - t0) / 1000).toFixed(1)} s).

  console       ${stack.url}/console/
  sidebar       ${stack.url}/sidebar/?corpId=${stack.tenant.corpId}   (WeCom's 聊天工具栏 page; locally with the simulator's JS-SDK stub)
  health        ${stack.url}/health
  callback      ${stack.url}/wecom/${stack.tenant.corpId}/callback
  admin API     ${stack.url}/admin/v1/tenants/${stack.tenant.corpId}
  event log     ${stack.url}/admin/v1/tenants/${stack.tenant.corpId}/events
  API docs      ${stack.url}/docs   (OpenAPI: ${stack.url}/admin/v1/openapi.json)
  WeCom API     ${stack.wecomApiBase}${local.externalWecomApiBase ? '' : `   (the bundled simulator; what it sent: ${stack.wecomApiBase}/__sim/sent)`}
  dev login     ${stack.devLoginUrl}   (one use, 15 min; a new link each start)
  admin key     ${devKey ? `${stack.adminApiKey}   (dev value; set ADMIN_API_KEY to choose your own)` : '(from ADMIN_API_KEY)'}
  data folder   ${stack.dataDir}   (kept across restarts; \`npm start -- --fresh\` starts empty)
  logs          the functions' log records follow, one line each: time (Asia/Shanghai) level function tenant event message
                (LOG_LEVEL=${logLevel}; DEBUG adds ids, durations and metrics)

  try:  curl -H "Authorization: Bearer ${devKey ? stack.adminApiKey : '$ADMIN_API_KEY'}" ${stack.url}/admin/v1/tenants/${stack.tenant.corpId}
        ${simulateCommand(local)}        (signed WeCom callbacks against this stack)
Ctrl-C stops everything; queue messages not yet consumed are saved for the next start.`);
}

main().catch((e) => {
  console.error(`\nnpm start failed: ${(e as Error).message}`);
  process.exit(1);
});
