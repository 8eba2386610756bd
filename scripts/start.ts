// `npm start`: the whole system on loopback (spec §1). Environment (all optional): PORT, SIM_PORT, ADMIN_API_KEY,
// WECOM_API_BASE, WECOM_CORP_ID + WECOM_CORP_SECRET + WECOM_TOKEN + WECOM_ENCODING_AES_KEY (+ WECOM_AGENT_ID).
import { DEV_ADMIN_API_KEY, startLocalStack } from './local/stack';

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

async function main() {
  // The SDK warns that releases after January 2027 need Node 22; the functions run on nodejs22.x.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  const t0 = Date.now();
  const tenant = envTenant();
  const stack = await startLocalStack({
    port: Number(process.env.PORT ?? 3000),
    // The simulator's fixed default port is where `npm run simulate` registers welcome codes.
    simulatorPort: Number(process.env.SIM_PORT ?? 3030),
    ...(process.env.ADMIN_API_KEY ? { adminApiKey: process.env.ADMIN_API_KEY } : {}),
    ...(process.env.WECOM_API_BASE ? { wecomApiBase: process.env.WECOM_API_BASE } : {}),
    ...(tenant ? { tenant } : {}),
    log: (l) => console.log(`  ${l}`),
  });
  const devKey = stack.adminApiKey === DEV_ADMIN_API_KEY;
  console.log(`
Siyu is running (${((Date.now() - t0) / 1000).toFixed(1)} s).

  health        ${stack.url}/health
  callback      ${stack.url}/wecom/${stack.tenant.corpId}/callback
  admin API     ${stack.url}/admin/v1/tenants/${stack.tenant.corpId}
  WeCom API     ${stack.wecomApiBase}
  admin key     ${devKey ? `${stack.adminApiKey}   (dev value; set ADMIN_API_KEY to choose your own)` : '(from ADMIN_API_KEY)'}

  try:  curl -H "Authorization: Bearer ${devKey ? stack.adminApiKey : '$ADMIN_API_KEY'}" ${stack.url}/admin/v1/tenants/${stack.tenant.corpId}
        npm run simulate        (signed WeCom callbacks against this stack)
Ctrl-C stops everything.`);
  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    console.log('\nstopping…');
    await stack.stop();
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((e) => {
  console.error(`\nnpm start failed: ${(e as Error).message}`);
  process.exit(1);
});
