// Who a WeCom login code (QR scan or in-client OAuth) belongs to: `auth/getuserinfo` with the tenant's app
// token. A member answers `{ userid }`, anyone else `{ openid }` (WeCom answers errcode 0 for both). A code
// WeCom does not know (forged, already used, older than 5 minutes: errcode 40029) is the caller's 401, not our 5xx.
import { UnauthorizedError } from '../errors';
import { msg } from '../i18n/messages';
import type { WecomTenantClient } from './client';
import { WecomApiError } from './wecom-error';

export type LoginIdentity = { userid: string } | { openid: string };

export const INVALID_CODE = 40029;

export async function loginIdentity(api: WecomTenantClient, code: string): Promise<LoginIdentity> {
  try {
    const out = await api.call('auth/getuserinfo', { code });
    if (out.userid) return { userid: out.userid };
    return { openid: out.openid ?? '' };
  } catch (e) {
    if (e instanceof WecomApiError && e.errcode === INVALID_CODE) throw new UnauthorizedError(msg('login_code_invalid'));
    throw e;
  }
}
