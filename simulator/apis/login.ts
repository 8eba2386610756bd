// Staff login (docs/wecom.md#staff-login): the QR web login page (`/wwlogin/sso/login`, DOC 98171) and the
// in-client OAuth page (`/connect/oauth2/authorize`, DOC 96441) as small HTML pages that let a tester pick who
// "scans", the single-use 5-minute codes they issue, and `auth/getuserinfo` (DOC 96442) that resolves a code.
import { createHash } from 'node:crypto';
import { randomId } from '../args';
import type { CorpState, LoginCode, LoginIdentity, Staff } from '../corp-state';

export type { LoginCode, LoginIdentity };
import type { SimConfig } from '../model';
import { SimApiError, check, errmsgOf } from '../sim-error';
import type { Routes } from './api-context';

export const QR_LOGIN_PATH = '/wwlogin/sso/login';
export const OAUTH_AUTHORIZE_PATH = '/connect/oauth2/authorize';
export const LOGIN_PAGE_PATHS: readonly string[] = [QR_LOGIN_PATH, OAUTH_AUTHORIZE_PATH];

/** WeCom: state is a-zA-Z0-9, at most 128 bytes (DOC 96441). */
const STATE_RE = /^[A-Za-z0-9]{0,128}$/;
/** openid: unique per corp, at most 64 bytes (DOC 96442). */
const OPENID_RE = /^[A-Za-z0-9_-]{1,64}$/;

export interface LoginPageAnswer {
  status: 200 | 302 | 400 | 405;
  /** 302: where the browser goes next. */
  location?: string;
  /** 200 and 4xx: the HTML page. */
  html?: string;
  /** 0 for a page or a redirect; the refusal's errcode otherwise (for the call record). */
  errcode: number;
  /** The corp the request named, when the simulator knows it. */
  corpId: string | null;
}

/** The openid the page's "non-member" link uses: stable per corp, like WeCom's per-corp openid. */
export function visitorOpenId(corpId: string): string {
  return `o${createHash('sha256').update(`${corpId}|visitor`).digest('base64url').replace(/[-_]/g, 'x').slice(0, 27)}`;
}

/** A member who may log in: in the directory and active (status 1; disabled, not activated and resigned may not). */
function activeMember(corp: CorpState, userid: string): Staff {
  const s = corp.staff.get(userid);
  if (!s) throw new SimApiError(60111, `${userid} is not a member of ${corp.corpId}`);
  check(s.status === 1, 60111, `${userid} is not an active member (status ${s.status})`);
  return s;
}

/** A fresh code (43 characters, under WeCom's 512 bytes), bound to the corp that issued it. */
export function issueLoginCode(corp: CorpState, identity: LoginIdentity, now: number): string {
  if ('userid' in identity) activeMember(corp, identity.userid);
  else check(OPENID_RE.test(identity.openid), 40058, 'openid must be 1-64 characters of [A-Za-z0-9_-]');
  const code = randomId('', 43);
  corp.loginCodes.set(code, { code, identity, issuedAt: now });
  return code;
}

function validCode(corp: CorpState, code: string, now: number, config: SimConfig): LoginCode {
  const c = corp.loginCodes.get(code);
  // Unknown here also means: issued for another corp (codes are bound to the app that issued them).
  if (!c) throw new SimApiError(40029, 'unknown code');
  check(c.usedAt === undefined, 40029, 'code already used');
  check(now - c.issuedAt <= config.loginCodeTtlSeconds * 1000, 40029, 'code expired');
  return c;
}

export const loginRoutes: Routes = {
  '/cgi-bin/auth/getuserinfo': {
    method: 'GET',
    handle(ctx) {
      const code = ctx.query.code;
      if (!code) throw new SimApiError(41008, 'code is required');
      const c = validCode(ctx.corp, code, ctx.now, ctx.config);
      c.usedAt = ctx.now;
      return 'userid' in c.identity ? { userid: c.identity.userid } : { openid: c.identity.openid };
    },
  },
};

// ---- the pages --------------------------------------------------------------------------------------

const LABELS = {
  zh: {
    title: '模拟企业微信扫码登录',
    oauth: '企业微信内网页授权（模拟）',
    corp: '企业',
    agent: '应用',
    pick: '选择以谁的身份登录（WeCom 模拟器，仅供本地测试）：',
    visitor: '以非企业成员身份',
    failed: '登录失败',
  },
  en: {
    title: 'Simulated WeCom QR login',
    oauth: 'WeCom in-client authorization (simulated)',
    corp: 'Corp',
    agent: 'App',
    pick: 'Log in as (WeCom simulator, local testing only):',
    visitor: 'As a non-member',
    failed: 'Login failed',
  },
} as const;

function esc(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function page(lang: 'zh' | 'en', title: string, body: string): string {
  return `<!doctype html>\n<html lang="${lang === 'zh' ? 'zh-CN' : 'en'}"><head><meta charset="utf-8"><title>${esc(title)}</title></head>\n<body>\n${body}\n</body></html>\n`;
}

class LoginRefusal extends Error {
  constructor(
    readonly errcode: number,
    readonly detail: string,
  ) {
    super(detail);
  }
}

function refuse(ok: unknown, errcode: number, detail: string): asserts ok {
  if (!ok) throw new LoginRefusal(errcode, detail);
}

/** `redirect_uri` plus `code` and `state`, keeping its own query (and fragment). */
export function redirectWithCode(redirectUri: string, code: string, state: string): string {
  const hashAt = redirectUri.indexOf('#');
  const base = hashAt < 0 ? redirectUri : redirectUri.slice(0, hashAt);
  const fragment = hashAt < 0 ? '' : redirectUri.slice(hashAt);
  const sep = !base.includes('?') ? '?' : /[?&]$/.test(base) ? '' : '&';
  return `${base}${sep}code=${encodeURIComponent(code)}&state=${encodeURIComponent(state)}${fragment}`;
}

interface PageRequest {
  path: string;
  method: string;
  params: URLSearchParams;
  corp(corpId: string): CorpState | undefined;
  now: number;
}

/** Checks the parameters as WeCom does, then answers the picker page, or 302 with a code once someone is picked. */
export function answerLoginPage(req: PageRequest): LoginPageAnswer {
  const p = req.params;
  const lang = p.get('lang') === 'en' ? 'en' : 'zh';
  const L = LABELS[lang];
  const appid = p.get('appid') ?? '';
  const corp = appid ? req.corp(appid) : undefined;
  const corpId = corp?.corpId ?? null;
  try {
    refuse(req.method === 'GET', 40058, 'only GET');
    refuse(appid !== '', 41002, 'appid (the CorpID) is required');
    refuse(corp, 40013, `unknown corp ${appid}`);
    const agentid = p.get('agentid');
    if (req.path === QR_LOGIN_PATH) {
      refuse(p.get('login_type') === 'CorpApp', 40058, 'login_type must be CorpApp (ServiceApp is not simulated)');
      refuse(agentid, 41011, 'agentid is required when login_type=CorpApp');
      const lg = p.get('lang');
      refuse(lg === null || lg === 'zh' || lg === 'en', 40058, 'lang must be zh or en');
    } else {
      refuse(p.get('response_type') === 'code', 40058, 'response_type must be code');
      const scope = p.get('scope');
      refuse(scope !== 'snsapi_privateinfo', 40058, 'scope snsapi_privateinfo is not simulated (use snsapi_base)');
      refuse(scope === 'snsapi_base', 40058, 'scope must be snsapi_base or snsapi_privateinfo');
    }
    refuse(agentid === null || String(corp.agentId) === agentid, 40056, `agentid ${agentid ?? ''} is not an app of ${corp.corpId}`);
    const redirectUri = p.get('redirect_uri') ?? '';
    let target: URL | undefined;
    try {
      target = new URL(redirectUri);
    } catch {
      target = undefined;
    }
    refuse(target && (target.protocol === 'http:' || target.protocol === 'https:'), 40058, 'redirect_uri must be an absolute http(s) URL');
    const state = p.get('state') ?? '';
    refuse(STATE_RE.test(state), 40058, 'state must be at most 128 characters of [a-zA-Z0-9]');

    const userid = p.get('sim_userid');
    const openid = p.get('sim_openid');
    refuse(!(userid !== null && openid !== null), 40058, 'sim_userid and sim_openid exclude each other');
    if (userid !== null || openid !== null) {
      let code: string;
      try {
        code = issueLoginCode(corp, userid !== null ? { userid } : { openid: openid ?? '' }, req.now);
      } catch (e) {
        if (e instanceof SimApiError) throw new LoginRefusal(e.errcode, e.detail ?? '');
        throw e;
      }
      return { status: 302, location: redirectWithCode(redirectUri, code, state), errcode: 0, corpId };
    }

    const link = (key: string, value: string) => {
      const q = new URLSearchParams([...p].filter(([k]) => k !== 'sim_userid' && k !== 'sim_openid'));
      q.set(key, value);
      return esc(`${req.path}?${q}`);
    };
    const members = [...corp.staff.values()].filter((s) => s.status === 1);
    const items = members.map(
      (s) =>
        `<li><a href="${link('sim_userid', s.userId)}" data-userid="${esc(s.userId)}">${esc(s.name)}（${esc(s.userId)}）${s.position ? ` · ${esc(s.position)}` : ''}</a></li>`,
    );
    const openId = visitorOpenId(corp.corpId);
    items.push(`<li><a href="${link('sim_openid', openId)}" data-openid="${esc(openId)}">${esc(L.visitor)}</a></li>`);
    const heading = req.path === QR_LOGIN_PATH ? L.title : `${L.title} · ${L.oauth}`;
    const body = [
      `<h1>${esc(heading)}</h1>`,
      `<p>${esc(L.corp)}：${esc(corp.name)}（${esc(corp.corpId)}）${agentid ? ` · ${esc(L.agent)} ${esc(agentid)}` : ''}</p>`,
      `<p>${esc(L.pick)}</p>`,
      `<ul>\n${items.join('\n')}\n</ul>`,
    ].join('\n');
    return { status: 200, html: page(lang, L.title, body), errcode: 0, corpId };
  } catch (e) {
    if (!(e instanceof LoginRefusal)) throw e;
    const status = req.method === 'GET' ? 400 : 405;
    const text = `errcode: ${e.errcode}, errmsg: ${errmsgOf(e.errcode, e.detail)}`;
    return { status, html: page(lang, L.failed, `<h1>${esc(L.failed)}</h1>\n<p id="error">${esc(text)}</p>`), errcode: e.errcode, corpId };
  }
}
