// The greeting use case with fakes: which welcome goes out, the 20 s window and its retries, the
// errcodes that stop or fail it, and the channel's tags and remark after the welcome.
import { InMemoryBlobStore, InMemoryMaterialStore } from '../../test/support/fakes/materials';
import { stateOf, type ChannelRecord } from '../../shared/channels/channel';
import { manualClock } from '../../test/support/clock';
import { FakeWecom } from '../../test/support/fake-wecom';
import { InMemoryAuditLog } from '../../test/support/fakes/audit';
import { InMemoryChannelStore } from '../../test/support/fakes/channels';
import { InMemoryFollowStore } from '../../test/support/fakes/follows';
import { FakeSecretBox, InMemoryTenantStore, fakeTenant } from '../../test/support/fakes/tenants';
import { messageFor, queueMessage } from '../../test/support/queue-messages';
import { handOver } from '../../shared/sqs/consume';
import { sendWelcome, type SendWelcomeDeps } from './send-welcome';

const CORP = 'wwgreeting';
const AT = 1_760_000_000;

async function world(o: { welcome?: string | undefined } = { welcome: '您好 {{name}}，欢迎！' }) {
  const secrets = new FakeSecretBox();
  const tenants = new InMemoryTenantStore();
  await tenants.put(await fakeTenant(secrets, CORP, { secret: 's3cret', ...(o.welcome ? { welcome: { text: o.welcome } } : {}) }));
  const wecom = new FakeWecom()
    .on('externalcontact/send_welcome_msg', {})
    .on('externalcontact/get', { external_contact: { external_userid: 'wmcust', name: '陈小姐', type: 1 }, follow_user: [] })
    .on('externalcontact/mark_tag', {})
    .on('externalcontact/remark', {});
  const clock = manualClock(AT * 1000 + 500);
  const counted: string[] = [];
  const slept: number[] = [];
  const audit = new InMemoryAuditLog();
  const channels = new InMemoryChannelStore();
  const follows = new InMemoryFollowStore();
  const deps: SendWelcomeDeps = {
    audit,
    materials: new InMemoryMaterialStore(),
    blobs: new InMemoryBlobStore(),
    follows,
    count: (metric) => void counted.push(metric),
    tenants,
    channels,
    secrets,
    wecom,
    clock,
    sleep: async (ms) => {
      slept.push(ms);
      clock.advance(ms);
    },
  };
  return { deps, wecom, clock, counted, slept, audit, channels, follows, materials: deps.materials, blobs: deps.blobs };
}

const addRaw = (o: { code?: string; state?: string; type?: string } = {}) =>
  queueMessage({
    corpId: CORP,
    occurredAt: AT,
    type: o.type ?? 'change_external_contact.add_external_contact',
    event: {
      UserID: 'zhangsan',
      ExternalUserID: 'wmcust',
      ...(o.code === '' ? {} : { WelcomeCode: o.code ?? 'code-1' }),
      ...(o.state ? { State: o.state } : {}),
    },
  });

/** The message as the greeting queue hands it over (read at the boundary). */
const addEvent = (o: { code?: string; state?: string; type?: string } = {}) => messageFor('greeting', addRaw(o));

const channel = (over: Partial<ChannelRecord> = {}): ChannelRecord => ({
  corpId: CORP,
  id: 'expo000001',
  state: stateOf('expo000001'),
  name: 'expo',
  staff: ['zhangsan'],
  backupStaff: [],
  skipVerify: true,
  autoAccept: { mode: 'always', windows: [] },
  dailyCapPerStaff: 0,
  tags: ['tag-expo'],
  remark: '展会客户',
  welcome: { text: '{{name}}，感谢在展会上扫码！' },
  configId: 'cfg',
  qrCode: '',
  status: 'active',
  createdAt: '',
  updatedAt: '',
  ...over,
});

describe('sendWelcome', () => {
  it("sends the tenant's welcome with the customer's name, through the tenant's own credentials", async () => {
    const w = await world();
    expect(await sendWelcome(w.deps, addEvent())).toBe('applied');
    expect(w.wecom.callsTo('externalcontact/send_welcome_msg')).toEqual([{ welcome_code: 'code-1', text: { content: '您好 陈小姐，欢迎！' } }]);
    expect(new Set(w.wecom.calls.map((c) => `${c.corpId}/${c.secret}`))).toEqual(new Set([`${CORP}/s3cret`]));
    expect(w.counted).toEqual(['WelcomeSent']);
  });

  it('reads no name when the text has no {{name}}, and sends without a name when the read fails', async () => {
    const plain = await world({ welcome: '欢迎光临' });
    await sendWelcome(plain.deps, addEvent());
    expect(plain.wecom.callsTo('externalcontact/get')).toEqual([]);

    const w = await world();
    w.wecom.fail('externalcontact/get', 84061);
    expect(await sendWelcome(w.deps, addEvent())).toBe('applied');
    expect(w.wecom.callsTo('externalcontact/send_welcome_msg').map((b) => b.text)).toEqual([{ content: '您好 ，欢迎！' }]);
  });

  it('handles the three add events and nothing else', async () => {
    for (const type of [
      'change_external_contact.add_external_contact',
      'change_external_contact.add_half_external_contact',
      'change_external_contact.msg_audit_approved',
    ]) {
      const w = await world();
      expect(await sendWelcome(w.deps, addEvent({ type }))).toBe('applied');
    }
    const w = await world();
    expect(
      await handOver(
        'greeting',
        (m) => sendWelcome(w.deps, m),
        queueMessage({
          corpId: CORP,
          occurredAt: AT,
          type: 'change_external_contact.del_external_contact',
          event: { UserID: 'zhangsan', ExternalUserID: 'wmcust' },
        }),
      ),
    ).toBe('ignored');
    expect(w.wecom.calls).toEqual([]);
  });

  it('ignores events without a welcome code, unknown tenants and tenants without a welcome', async () => {
    const w = await world();
    expect(await sendWelcome(w.deps, addEvent({ code: '' }))).toBe('ignored');
    expect(await sendWelcome(w.deps, { ...addEvent(), corpId: 'wwnotenant' })).toBe('ignored');
    const none = await world({ welcome: undefined });
    expect(await sendWelcome(none.deps, addEvent())).toBe('ignored');
    expect([...w.wecom.calls, ...none.wecom.calls]).toEqual([]);
  });

  it('41051 (already delivered) stops without a failure row', async () => {
    const w = await world();
    w.wecom.fail('externalcontact/send_welcome_msg', 41051);
    expect(await sendWelcome(w.deps, addEvent())).toBe('stale');
    expect(w.audit.of(CORP)).toEqual([]);
    expect(w.counted).toEqual([]);
  });

  it('retries 41096 (another app is distributing) once a second inside the 20 s window', async () => {
    const w = await world();
    w.wecom.fail('externalcontact/send_welcome_msg', 41096, 2);
    expect(await sendWelcome(w.deps, addEvent())).toBe('applied');
    expect(w.slept).toEqual([1000, 1000]);
    expect(w.wecom.callsTo('externalcontact/send_welcome_msg')).toHaveLength(3);
    expect(w.counted).toEqual(['WelcomeSent']);
  });

  it('a busy WeCom the client gave up on (45009) is thrown inside the window, for SQS to retry', async () => {
    const w = await world();
    w.wecom.fail('externalcontact/send_welcome_msg', 45009, 1);
    await expect(sendWelcome(w.deps, addEvent())).rejects.toThrow(/45009/);
    expect(w.audit.of(CORP)).toEqual([]);
    expect(await sendWelcome(w.deps, addEvent())).toBe('applied');
  });

  it('gives up retrying when the window closes: a welcome_failed row and a WelcomeFailed metric', async () => {
    const w = await world();
    w.wecom.fail('externalcontact/send_welcome_msg', 41096);
    expect(await sendWelcome(w.deps, addEvent())).toBe('applied');
    // From 0.5 s after the event, one try a second while another second fits before 20 s.
    expect(w.slept.length).toBe(19);
    expect(w.audit.of(CORP)).toEqual([
      expect.objectContaining({
        type: 'welcome_failed',
        at: AT,
        staff: 'zhangsan',
        customer: 'wmcust',
        detail: expect.objectContaining({ errcode: 41096 }),
        alert: false,
      }),
    ]);
    expect(w.counted).toEqual(['WelcomeFailed']);
  });

  it('a refused code (41050) fails at once and visibly; a redelivery adds no second row', async () => {
    const w = await world();
    w.wecom.fail('externalcontact/send_welcome_msg', 41050);
    const m = addEvent();
    expect(await sendWelcome(w.deps, m)).toBe('applied');
    expect(await sendWelcome(w.deps, m)).toBe('applied');
    expect(w.slept).toEqual([]);
    expect(w.audit.of(CORP).map((r) => [r.type, r.detail.errcode])).toEqual([['welcome_failed', 41050]]);
    expect(w.counted).toEqual(['WelcomeFailed', 'WelcomeFailed']);
  });

  it('a network failure inside the window is thrown (SQS retries); after the window it is recorded', async () => {
    const w = await world();
    w.wecom.failNetwork('externalcontact/send_welcome_msg');
    await expect(sendWelcome(w.deps, addEvent())).rejects.toThrow(/network/);
    expect(w.audit.of(CORP)).toEqual([]);

    const late = await world();
    late.clock.set(AT * 1000 + 25_000);
    late.wecom.failNetwork('externalcontact/send_welcome_msg');
    expect(await sendWelcome(late.deps, addEvent())).toBe('applied');
    expect(late.audit.of(CORP).map((r) => r.detail)).toEqual([{ reason: 'the 20 s welcome window closed' }]);
  });

  it("uses an active channel's welcome, then tags (on WeCom and the follow) and remarks, in that order", async () => {
    const w = await world();
    await w.channels.put(channel());
    expect(await sendWelcome(w.deps, addEvent({ state: stateOf('expo000001') }))).toBe('applied');
    expect(w.wecom.calls.map((c) => c.name)).toEqual([
      'externalcontact/get',
      'externalcontact/send_welcome_msg',
      'externalcontact/mark_tag',
      'externalcontact/remark',
    ]);
    expect(w.wecom.callsTo('externalcontact/send_welcome_msg')[0]?.text).toEqual({ content: '陈小姐，感谢在展会上扫码！' });
    expect(w.wecom.callsTo('externalcontact/mark_tag')).toEqual([{ userid: 'zhangsan', external_userid: 'wmcust', add_tag: ['tag-expo'] }]);
    expect(w.wecom.callsTo('externalcontact/remark')).toEqual([{ userid: 'zhangsan', external_userid: 'wmcust', remark: '展会客户' }]);
    expect(w.follows.peek(CORP, 'wmcust', 'zhangsan')?.tags).toEqual(['tag-expo']);
  });

  it("a deleted channel's welcome and tags are not used: the tenant's welcome goes out", async () => {
    const w = await world();
    await w.channels.put(channel({ status: 'deleted' }));
    expect(await sendWelcome(w.deps, addEvent({ state: stateOf('expo000001') }))).toBe('applied');
    expect(w.wecom.callsTo('externalcontact/send_welcome_msg').map((b) => b.text)).toEqual([{ content: '您好 陈小姐，欢迎！' }]);
    expect(w.wecom.callsTo('externalcontact/mark_tag')).toEqual([]);
  });

  it('a channel with tags still tags a customer who came without a welcome code', async () => {
    const w = await world({ welcome: undefined });
    await w.channels.put(channel({ welcome: undefined, remark: undefined }));
    expect(await sendWelcome(w.deps, addEvent({ code: '', state: stateOf('expo000001') }))).toBe('applied');
    expect(w.wecom.calls.map((c) => c.name)).toEqual(['externalcontact/mark_tag']);
    expect(w.counted).toEqual([]);
  });

  it('a welcome longer than 4000 bytes is cut to fit', async () => {
    const w = await world({ welcome: '欢'.repeat(1500) });
    await sendWelcome(w.deps, addEvent());
    const sent = w.wecom.callsTo('externalcontact/send_welcome_msg')[0]?.text?.content ?? '';
    expect(Buffer.byteLength(sent, 'utf8')).toBeLessThanOrEqual(4000);
    expect(sent.startsWith('欢欢欢')).toBe(true);
  });

  it('sends a channel welcome whose attachment is a material as an image with a media_id uploaded now; a deleted material is a welcome_failed row', async () => {
    const w = await world();
    w.wecom.on('media/upload', { type: 'image', media_id: 'media-fresh', created_at: AT });
    const png = Buffer.concat([Buffer.from('89504e470d0a1a0a', 'hex'), Buffer.alloc(32)]);
    await w.blobs.put(`materials/${CORP}/mat0123456789ab`, png, 'image/png');
    await w.materials.put({
      corpId: CORP,
      id: 'mat0123456789ab',
      kind: 'image',
      title: '海报',
      file: { filename: 'a.png', contentType: 'image/png', bytes: png.length, objectKey: `materials/${CORP}/mat0123456789ab` },
      createdAt: '',
    });
    await w.channels.put(channel({ welcome: { text: '欢迎', attachments: [{ materialId: 'mat0123456789ab' }] } }));
    expect(await sendWelcome(w.deps, addEvent({ state: stateOf('expo000001') }))).toBe('applied');
    expect(w.wecom.callsTo('externalcontact/send_welcome_msg')[0]?.attachments).toEqual([{ msgtype: 'image', image: { media_id: 'media-fresh' } }]);

    await w.materials.delete(CORP, 'mat0123456789ab');
    expect(await sendWelcome(w.deps, addEvent({ code: 'code-2', state: stateOf('expo000001') }))).toBe('applied');
    expect(w.wecom.callsTo('externalcontact/send_welcome_msg')).toHaveLength(1);
    expect(w.counted).toEqual(['WelcomeSent', 'WelcomeFailed']);
  });
});
