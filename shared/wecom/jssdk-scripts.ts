// The scripts that give the sidebar page WeCom's global `wx`: WeCom's own jweixin-1.2.0 (wx.config; 1.6.0 is not
// supported by the WeCom client) and jwxwork-1.0.0 (wx.agentConfig), DOC 90547 / 94313; or, by configuration
// (WECOM_JSSDK_URLS), the simulator's stub. Read by the sidebar API (GET /sidebar/v1/config) and by the console
// function (the sidebar page's CSP allows these origins).

/** WeCom's official scripts, loaded in this order. */
export const WECOM_JSSDK_SCRIPTS: readonly string[] = [
  'https://res.wx.qq.com/open/js/jweixin-1.2.0.js',
  'https://open.work.weixin.qq.com/wwopen/js/jwxwork-1.0.0.js',
];

/** WECOM_JSSDK_URLS: space- or comma-separated absolute http(s) URLs; anything else is a configuration error. */
export function parseJssdkUrls(raw: string | undefined): string[] | undefined {
  const urls = (raw ?? '').split(/[\s,]+/).filter(Boolean);
  for (const u of urls) {
    const p = new URL(u);
    if (p.protocol !== 'https:' && p.protocol !== 'http:') throw new Error(`WECOM_JSSDK_URLS: not an http(s) URL: ${u}`);
  }
  return urls.length ? urls : undefined;
}
