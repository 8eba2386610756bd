// GET /sidebar/v1/config: what the sidebar page needs before it registers with the JS-SDK — the scripts that
// provide WeCom's global `wx` (docs/manual.md#侧边栏). In production WeCom's own: jweixin-1.2.0 (wx.config;
// 1.6.0 is not supported by the WeCom client) and jwxwork-1.0.0 (wx.agentConfig), DOC 90547 / 94313;
// locally the simulator's stub (WECOM_JSSDK_URLS).

/** WeCom's official scripts, loaded in this order. */
export const WECOM_JSSDK_SCRIPTS: readonly string[] = [
  'https://res.wx.qq.com/open/js/jweixin-1.2.0.js',
  'https://open.work.weixin.qq.com/wwopen/js/jwxwork-1.0.0.js',
];

export interface SidebarConfigDeps {
  /** Absolute http(s) URLs of the JS-SDK scripts; WeCom's when not given. */
  jssdkScripts?: readonly string[] | undefined;
}

export interface SidebarConfig {
  jssdkUrls: string[];
}

export function sidebarConfig(deps: SidebarConfigDeps): SidebarConfig {
  return { jssdkUrls: [...(deps.jssdkScripts?.length ? deps.jssdkScripts : WECOM_JSSDK_SCRIPTS)] };
}

/** WECOM_JSSDK_URLS: space- or comma-separated absolute http(s) URLs; anything else is a configuration error. */
export function parseJssdkUrls(raw: string | undefined): string[] | undefined {
  const urls = (raw ?? '').split(/[\s,]+/).filter(Boolean);
  for (const u of urls) {
    const p = new URL(u);
    if (p.protocol !== 'https:' && p.protocol !== 'http:') throw new Error(`WECOM_JSSDK_URLS: not an http(s) URL: ${u}`);
  }
  return urls.length ? urls : undefined;
}
