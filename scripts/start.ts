// `npm start`: the whole system on loopback (spec §1). Environment (all optional): PORT, SIM_PORT, ADMIN_API_KEY,
// WECOM_API_BASE, WECOM_CORP_ID + WECOM_CORP_SECRET + WECOM_TOKEN + WECOM_ENCODING_AES_KEY (+ WECOM_AGENT_ID).
import { readLocalEnv } from './local/local-env';
import { startLocalStack } from './local/stack';

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
  // The same reading of PORT, SIM_PORT, WECOM_API_BASE and ADMIN_API_KEY as `npm run simulate`'s.
  const local = readLocalEnv();
  const stack = await startLocalStack({
    port: local.port,
    simulatorPort: local.simulatorPort,
    adminApiKey: local.adminApiKey,
    ...(local.externalWecomApiBase ? { wecomApiBase: local.externalWecomApiBase } : {}),
    ...(tenant ? { tenant } : {}),
    log: (l) => console.log(`  ${l}`),
  });
  const devKey = local.adminApiKeyIsDev;
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
