// The simulator over real HTTP: WeCom's API (always HTTP 200 + errcode) and the /__sim/ control API.
import { DEMO_KF_ACCOUNT, DEMO_TENANT } from './demo-tenant';
import type { RecordedCall } from './model';
import { startSimulator, type RunningSimulator } from './server';

let now = Date.UTC(2025, 0, 6, 2, 0, 0);
let sim: RunningSimulator;

beforeAll(async () => {
  sim = await startSimulator({ clock: () => now, config: { tokenTtlSeconds: 120, ratePerMinute: 1000 } });
});
afterAll(() => sim.stop());
beforeEach(async () => {
  await control('POST', '/__sim/reset');
});

async function control(method: string, path: string, body?: unknown) {
  const res = await fetch(`${sim.url}${path}`, {
    method,
    ...(body === undefined ? {} : { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

async function wecom(path: string, query: Record<string, string>, body?: unknown) {
  const res = await fetch(`${sim.url}${path}?${new URLSearchParams(query)}`, body === undefined ? {} : { method: 'POST', body: JSON.stringify(body) });
  expect(res.status).toBe(200);
  return (await res.json()) as Record<string, unknown> & { errcode: number };
}

async function token(): Promise<string> {
  const r = await wecom('/cgi-bin/gettoken', { corpid: DEMO_TENANT.corpId, corpsecret: DEMO_TENANT.secret });
  return String(r.access_token);
}

describe('WeCom simulator over HTTP', () => {
  it('answers HTTP 200 with an errcode, also for errors and unknown paths', async () => {
    expect((await wecom('/cgi-bin/gettoken', { corpid: DEMO_TENANT.corpId, corpsecret: 'bad' })).errcode).toBe(40001);
    expect((await wecom('/cgi-bin/externalcontact/get_follow_user_list', {})).errcode).toBe(41001);
    expect((await wecom('/cgi-bin/not/a/path', { access_token: await token() })).errcode).toBe(404);
  });

  it('expires tokens (42001) on the injected clock, and a refresh works', async () => {
    const t1 = await token();
    const call = (t: string) => wecom('/cgi-bin/externalcontact/get_follow_user_list', { access_token: t });
    expect((await call(t1)).errcode).toBe(0);
    now += 120_000;
    expect((await call(t1)).errcode).toBe(42001);
    const t2 = await token();
    expect(t2).not.toBe(t1);
    expect((await call(t2)).errcode).toBe(0);
  });

  it('answers 45009 over the configured rate', async () => {
    await control('POST', '/__sim/config', { ratePerMinute: 2 });
    now += 60_000 - (now % 60_000);
    const t = await token();
    const codes = [];
    for (let i = 0; i < 3; i++) codes.push((await wecom('/cgi-bin/department/list', { access_token: t })).errcode);
    expect(codes).toEqual([0, 0, 45009]);
  });

  it('issues single-use welcome codes that expire after 20 s', async () => {
    const issue = async (externalUserId: string) =>
      String((await control('POST', '/__sim/welcome-codes', { corpId: DEMO_TENANT.corpId, userId: 'zhangsan', externalUserId })).body.welcomeCode);
    const send = async (code: string) =>
      (await wecom('/cgi-bin/externalcontact/send_welcome_msg', { access_token: await token() }, { welcome_code: code, text: { content: '欢迎' } })).errcode;
    const a = await issue('wmint0001');
    const b = await issue('wmint0002');
    expect(await send(a)).toBe(0);
    expect(await send(a)).toBe(41051);
    now += 20_001;
    expect(await send(b)).toBe(41050);
    const sent = await control('GET', `/__sim/sent?corpId=${DEMO_TENANT.corpId}`);
    expect(sent.body.welcomes).toEqual([expect.objectContaining({ externalUserId: 'wmint0001', userId: 'zhangsan', welcomeCode: a })]);
  });

  it('injects faults and records every call with the access token redacted', async () => {
    await control('POST', '/__sim/faults', { faults: [{ path: 'externalcontact/get_follow_user_list', errcode: -1, times: 1 }] });
    const t = await token();
    expect((await wecom('/cgi-bin/externalcontact/get_follow_user_list', { access_token: t })).errcode).toBe(-1);
    expect((await wecom('/cgi-bin/externalcontact/get_follow_user_list', { access_token: t })).errcode).toBe(0);
    const { body } = await control('GET', `/__sim/calls?path=externalcontact/get_follow_user_list&corpId=${DEMO_TENANT.corpId}`);
    const calls = body.calls as RecordedCall[];
    expect(calls.map((c) => c.errcode)).toEqual([-1, 0]);
    expect(calls[0]).toMatchObject({
      method: 'GET',
      path: '/cgi-bin/externalcontact/get_follow_user_list',
      corpId: DEMO_TENANT.corpId,
      query: { access_token: '***' },
    });
    const all = JSON.stringify((await control('GET', '/__sim/calls')).body);
    expect(all).not.toContain(t);
    expect(all).not.toContain(DEMO_TENANT.secret);
  });

  it('expires tokens on request, registers corps and seeds customers', async () => {
    const t = await token();
    expect((await control('POST', '/__sim/expire-tokens', {})).body).toEqual({ expired: 1 });
    expect((await wecom('/cgi-bin/department/list', { access_token: t })).errcode).toBe(42001);

    const corp = { corpId: 'wwintcorp0001', secret: 'int-secret', agentId: '1000005', staff: [{ userId: 'amy', name: 'Amy' }] };
    expect((await control('POST', '/__sim/corps', corp)).status).toBe(200);
    expect(
      (await control('POST', '/__sim/customers', { corpId: corp.corpId, customers: [{ externalUserId: 'wmx', name: 'X', follows: [{ userId: 'amy' }] }] }))
        .status,
    ).toBe(200);
    const ct = String((await wecom('/cgi-bin/gettoken', { corpid: corp.corpId, corpsecret: corp.secret })).access_token);
    expect(await wecom('/cgi-bin/externalcontact/list', { access_token: ct, userid: 'amy' })).toMatchObject({ errcode: 0, external_userid: ['wmx'] });
  });

  it('enqueues kf messages for sync_msg and hands out the callback Token', async () => {
    const { body } = await control('POST', '/__sim/kf-messages', {
      corpId: DEMO_TENANT.corpId,
      openKfId: DEMO_KF_ACCOUNT,
      messages: [{ msgtype: 'text', external_userid: 'wmkf', text: { content: '在吗' } }],
    });
    const r = await wecom('/cgi-bin/kf/sync_msg', { access_token: await token() }, { token: body.token, open_kfid: DEMO_KF_ACCOUNT });
    expect(r).toMatchObject({ errcode: 0, has_more: 0, msg_list: [{ msgtype: 'text', origin: 3, external_userid: 'wmkf', open_kfid: DEMO_KF_ACCOUNT }] });
  });

  it('accepts multipart media uploads', async () => {
    const form = new FormData();
    form.append('media', new Blob([new Uint8Array(64)], { type: 'image/png' }), 'logo.png');
    const res = await fetch(`${sim.url}/cgi-bin/media/upload?access_token=${await token()}&type=image`, { method: 'POST', body: form });
    expect(await res.json()).toMatchObject({ errcode: 0, type: 'image', media_id: expect.any(String) });
    const { body } = await control('GET', '/__sim/calls?path=media/upload');
    expect((body.calls as RecordedCall[])[0]?.body).toEqual({ multipart: { field: 'media', filename: 'logo.png', contentType: 'image/png', bytes: 64 } });
  });

  it('rejects malformed control requests', async () => {
    expect((await control('POST', '/__sim/welcome-codes', { corpId: DEMO_TENANT.corpId })).status).toBe(400);
    expect((await control('POST', '/__sim/welcome-codes', { corpId: 'wwnobody', userId: 'a', externalUserId: 'b' })).status).toBe(404);
    expect((await control('POST', '/__sim/welcome-codes', { corpId: DEMO_TENANT.corpId, userId: 'ghost', externalUserId: 'b' })).status).toBe(404);
    expect((await control('POST', '/__sim/config', { ratePerMinute: -1 })).status).toBe(400);
    expect((await control('GET', '/__sim/nothing')).status).toBe(404);
  });
});
