// The recording WeCom fake answers as the real client would: requests checked against the endpoint
// schema, scripted answers completed and checked, errcodes surfaced with the client's error kinds.
import { DependencyError, ValidationError } from '../../shared/errors';
import { WecomApiError } from '../../shared/wecom/wecom-error';
import { FakeWecom } from './fake-wecom';

const creds = { corpId: 'wwfake', secret: 's' };

describe('FakeWecom', () => {
  it('records calls with their corp and secret, and answers with errcode 0 added', async () => {
    const wecom = new FakeWecom().on('externalcontact/get_follow_user_list', { follow_user: ['zhangsan'] });
    const out = await wecom.forTenant(creds).call('externalcontact/get_follow_user_list', {});
    expect(out).toEqual({ errcode: 0, errmsg: 'ok', follow_user: ['zhangsan'] });
    expect(wecom.calls).toEqual([{ corpId: 'wwfake', secret: 's', name: 'externalcontact/get_follow_user_list', body: {} }]);
  });

  it('a request the endpoint schema refuses is a ValidationError and is not recorded', async () => {
    const wecom = new FakeWecom().on('user/get', { userid: 'x' });
    await expect(wecom.forTenant(creds).call('user/get', { userid: '' })).rejects.toBeInstanceOf(ValidationError);
    expect(wecom.calls).toEqual([]);
  });

  it('a scripted answer that does not match the response schema fails the test loudly', async () => {
    const wecom = new FakeWecom().on('externalcontact/add_moment_task', {} as never);
    await expect(wecom.forTenant(creds).call('externalcontact/add_moment_task', {})).rejects.toThrow(/response schema/);
  });

  it('errcodes: busy codes as the DependencyError the client gives up with, others as WecomApiError with the policy retryable', async () => {
    const wecom = new FakeWecom().on('message/send', {}).fail('message/send', 45009, 1).fail('message/send', 84061, 1).fail('message/send', 40058, 1);
    const api = wecom.forTenant(creds);
    const body = { touser: 'a', msgtype: 'text', agentid: 1, text: { content: 'x' } };
    await expect(api.call('message/send', body)).rejects.toBeInstanceOf(DependencyError);
    await expect(api.call('message/send', body)).rejects.toMatchObject({ errcode: 84061, retryable: true });
    const refused = await api.call('message/send', body).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(WecomApiError);
    expect(refused).toMatchObject({ errcode: 40058, retryable: false });
    await expect(api.call('message/send', body)).resolves.toMatchObject({ errcode: 0 });
  });

  it('once() answers ahead of the standing answer; failNetwork() is a DependencyError; unscripted APIs throw', async () => {
    const wecom = new FakeWecom().on('kf/send_msg', { msgid: 'standing' }).once('kf/send_msg', { msgid: 'first' }).failNetwork('kf/send_msg');
    const api = wecom.forTenant(creds);
    const body = { touser: 'wm1', open_kfid: 'kf', msgtype: 'text' };
    await expect(api.call('kf/send_msg', body)).rejects.toThrow(/network/);
    expect((await api.call('kf/send_msg', body)).msgid).toBe('first');
    expect((await api.call('kf/send_msg', body)).msgid).toBe('standing');
    await expect(api.call('user/list', { department_id: 1 } as never)).rejects.toThrow(/no answer scripted/);
  });

  it('checkCredentials refuses the secrets it was told to, with the real errcode', async () => {
    const wecom = new FakeWecom().refuseSecret('bad');
    await expect(wecom.checkCredentials({ corpId: 'wwfake', secret: 'good' })).resolves.toBeUndefined();
    await expect(wecom.checkCredentials({ corpId: 'wwfake', secret: 'bad' })).rejects.toMatchObject({ errcode: 40001 });
    expect(wecom.credentialChecks.map((c) => c.secret)).toEqual(['good', 'bad']);
  });
});
