// GET /sidebar/v1/config: what the sidebar page needs before it registers with the JS-SDK — the scripts that
// provide WeCom's global `wx` (docs/manual.md#侧边栏). In production WeCom's own: jweixin-1.2.0 (wx.config;
// 1.6.0 is not supported by the WeCom client) and jwxwork-1.0.0 (wx.agentConfig), DOC 90547 / 94313;
// locally the simulator's stub (WECOM_JSSDK_URLS).

import { WECOM_JSSDK_SCRIPTS, parseJssdkUrls } from '../../shared/wecom/jssdk-scripts';

export { WECOM_JSSDK_SCRIPTS, parseJssdkUrls };

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
