// loginIdentity on the fake WeCom: a member's code gives the userid, a non-member's the openid; a forged,
// replayed or expired code (WeCom 40029) is our 401, while WeCom being unreachable stays a 5xx-class error.
import { AppError, DependencyError } from '../errors';
import { FakeWecom } from '../../test/support/fake-wecom';
import { manualClock } from '../../test/support/clock';
import { loginIdentity } from './login-identity';

const CORP = 'wwloginidentity01';

it('resolves member and non-member codes once, within 5 minutes; 40029 becomes a 401', async () => {
  const wecom = new FakeWecom();
  const clock = manualClock(Date.parse('2026-11-23T10:00:00+08:00'));
  const api = wecom.forTenant({ corpId: CORP, secret: 's' });
  const member = wecom.loginCode(CORP, { userid: 'zhangsan' }, clock.now);
  const guest = wecom.loginCode(CORP, { openid: 'oGUEST' }, clock.now);
  expect(await loginIdentity(api, member)).toEqual({ userid: 'zhangsan' });
  expect(await loginIdentity(api, guest)).toEqual({ openid: 'oGUEST' });
  const replay = loginIdentity(api, member);
  await expect(replay).rejects.toBeInstanceOf(AppError);
  await expect(replay).rejects.toMatchObject({ code: 'unauthorized', httpStatus: 401 });
  const late = wecom.loginCode(CORP, { userid: 'lisi' }, clock.now);
  clock.advance(5 * 60_000);
  await expect(loginIdentity(api, late)).rejects.toMatchObject({ httpStatus: 401 });
  await expect(loginIdentity(api, 'forged')).rejects.toMatchObject({ httpStatus: 401 });
  expect(wecom.callsTo('auth/getuserinfo').map((c) => c.code)).toEqual([member, guest, member, late, 'forged']);
});

it('leaves other failures as they are (an outage is not the caller’s fault)', async () => {
  const wecom = new FakeWecom().failNetwork('auth/getuserinfo');
  await expect(loginIdentity(wecom.forTenant({ corpId: CORP, secret: 's' }), 'c')).rejects.toBeInstanceOf(DependencyError);
});
