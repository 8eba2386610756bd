// Inheritance (离职/在职继承) end to end on DynamoDB Local and the WeCom simulator over HTTP: the admin use cases
// plan and store a transfer, the transfers job starts it in WeCom and polls transfer_result until every item is
// final (the simulator takes over after 24 h, or the customer refuses), and the follow projection, timeline,
// group registry and audit log follow. Bad input is a 4xx that changes nothing. The clock (ours and the
// simulator's) is fixed and moved by hand.
import { randomUUID } from 'node:crypto';
import { DynamoDueStore } from '../../shared/db/due-repository';
import { AppError } from '../../shared/errors';
import { customerPeriods } from '../../shared/domain/follow-periods';
import { syncStaff } from '../../shared/customers/staff-sync';
import { apiOfTenant } from '../../shared/tenants/tenant-api';
import { forceTransferOutcome, resignStaff } from '../../simulator/apis/transfers';
import { integrationWorld } from '../../test/support/integration-world';
import { RecordingWebhookPublisher } from '../../test/support/fakes/webhooks';
import { runTransfers, type TransfersJobDeps } from '../schedules/transfers/run-transfers';
import { invoke, invokeJson } from './dispatch';
import { transferRoutes } from './routes/transfers';
import type { TransferDeps } from './transfers';

const at = (iso: string) => Date.parse(`${iso}+08:00`);
const T0 = at('2026-11-23T10:00:00');
const world = integrationWorld({ simulator: true, clockAt: T0 });
const clock = world.clock;
const secret = `secret-${randomUUID()}`;
const { stores } = world;
const C1 = 'wmxfercust000000000000000001';
const C2 = 'wmxfercust000000000000000002';
const C3 = 'wmxfercust000000000000000003';
const CHAT = 'wrxferchat000000000000000001';
const DAY = 86_400_000;
let deps: TransferDeps & TransfersJobDeps;
const webhooks = new RecordingWebhookPublisher();

/** A tenant whose projection was built as the consumers build it: staff synced, follows and a group applied. */
async function newTenant(): Promise<string> {
  const corpId = await world.newTenant('xf', {
    secret,
    corp: {
      customers: [
        { externalUserId: C1, name: '陈一', follows: [{ userId: 'zhangsan' }] },
        { externalUserId: C2, name: '陈二', follows: [{ userId: 'zhangsan' }] },
        { externalUserId: C3, name: '陈三', follows: [{ userId: 'lisi' }] },
      ],
      groupChats: [{ chatId: CHAT, name: '老客户群', owner: 'zhangsan', members: [{ userId: 'zhangsan', type: 1 }] }],
    },
  });
  await sync(corpId);
  const t = Math.floor(clock.now() / 1000) - 600;
  for (const [ext, userId] of [
    [C1, 'zhangsan'],
    [C2, 'zhangsan'],
    [C3, 'lisi'],
  ] as const) {
    await stores.follows.apply({ corpId, externalUserId: ext, userId, status: 'active', changedAt: t, rank: 2, eventKey: `seed-${ext}`, added: { at: t } });
  }
  await stores.groups.applySnapshot({
    corpId,
    chatId: CHAT,
    name: '老客户群',
    owner: 'zhangsan',
    memberCount: 1,
    status: 'active',
    changedAt: t,
    updatedAt: new Date(t * 1000).toISOString(),
  });
  return corpId;
}

async function sync(corpId: string) {
  const tenant = await stores.tenants.get(corpId);
  await syncStaff({ staff: stores.staffRegistry, clock }, await apiOfTenant(deps, tenant!), corpId);
}

const create = (corpId: string, body: unknown) => invoke(transferRoutes.create, deps, corpId, { body });
const run = (corpId: string) => runTransfers(deps, { corpId, nowMs: clock.now() });
const followStatus = async (corpId: string, ext: string, userId: string) =>
  (await stores.follows.followsOfCustomer(corpId, ext)).find((f) => f.userId === userId)?.status;
const transferCalls = (corpId: string) => world.sim.state.calls({ corpId }).filter((c) => /transfer/.test(c.path));
/** The calls that start a transfer (not the result polls). */
const startCalls = (corpId: string) => transferCalls(corpId).filter((c) => !c.path.endsWith('_result'));

async function refusal(p: Promise<unknown>): Promise<AppError> {
  const e = await p.then(
    () => undefined,
    (x: unknown) => x,
  );
  expect(e).toBeInstanceOf(AppError);
  return e as AppError;
}

beforeAll(async () => {
  await world.start();
  deps = { ...stores, due: new DynamoDueStore(world.doc, world.table, clock), secrets: world.secrets, wecom: world.wecom, clock, webhookEvents: webhooks };
});
afterAll(() => world.close());
beforeEach(() => clock.set(T0));

describe('on-job inheritance (在职继承)', () => {
  it('starts, waits 24 h, ends done or refused; projection, timeline, group registry and audit follow', async () => {
    const corpId = await newTenant();
    const reply = await create(corpId, {
      kind: 'onjob',
      from: 'zhangsan',
      to: ['wangwu', 'zhaoliu'],
      customers: [C1, C2, C3],
      groups: [CHAT],
      message: '您好，我来接替服务',
    });
    expect(reply.status).toBe(202);
    const created = reply.kind === 'json' ? reply.body : undefined;
    expect(created).toMatchObject({
      status: 'pending',
      items: [
        { target: 'customer', id: C1, to: 'wangwu', status: 'pending' },
        { target: 'customer', id: C2, to: 'zhaoliu', status: 'pending' },
        { target: 'customer', id: C3, status: 'refused', reason: 'not_followed' },
        { target: 'group', id: CHAT, to: 'wangwu', status: 'pending' },
      ],
    });
    const id = created!.id;

    // The job starts it: one transfer_customer per successor (with the message), the group at once; then it reads the takeover times.
    expect(await run(corpId)).toMatchObject({ done: 1, failed: [] });
    const calls = startCalls(corpId);
    expect(calls.map((c) => c.path).sort()).toEqual([
      '/cgi-bin/externalcontact/groupchat/onjob_transfer',
      '/cgi-bin/externalcontact/transfer_customer',
      '/cgi-bin/externalcontact/transfer_customer',
    ]);
    expect(calls.find((c) => c.path.endsWith('transfer_customer'))!.body).toMatchObject({
      handover_userid: 'zhangsan',
      transfer_success_msg: '您好，我来接替服务',
    });
    const running = await invokeJson(transferRoutes.get, deps, corpId, { params: { id } });
    expect(running.status).toBe('running');
    expect(running.items.map((i) => i.status)).toEqual(['waiting', 'waiting', 'refused', 'done']);
    expect((await stores.groups.get(corpId, CHAT))?.owner).toBe('wangwu');
    expect(world.sim.state.corp(corpId).groupChats.get(CHAT)?.owner).toBe('wangwu');

    // Before 24 h nothing is taken over; the customer of zhaoliu refuses.
    forceTransferOutcome(world.sim.state.corp(corpId), [C2], 3);
    clock.advance(DAY + 1000);
    await run(corpId);
    const done = await invokeJson(transferRoutes.get, deps, corpId, { params: { id } });
    expect(done.status).toBe('done');
    expect(done.items.slice(0, 2)).toEqual([
      expect.objectContaining({ id: C1, status: 'done', takeoverAt: expect.any(String) }),
      expect.objectContaining({ id: C2, status: 'failed', reason: 'customer_refused' }),
    ]);
    expect(await followStatus(corpId, C1, 'wangwu')).toBe('active');
    expect(await followStatus(corpId, C1, 'zhangsan')).toBe('deleted_by_staff');
    // The handover's follow ends as a transfer (继承转出), which the metrics do not count as a staff deletion.
    const periods = customerPeriods(await stores.follows.followsOfCustomer(corpId, C1));
    expect(periods.find((p) => p.userId === 'zhangsan')).toMatchObject({ endedBy: 'transfer' });
    expect(await followStatus(corpId, C2, 'zhangsan')).toBe('active');
    expect(await followStatus(corpId, C2, 'zhaoliu')).toBeUndefined();
    expect((await stores.customerRecords.timeline(corpId, C1, 10)).map((t) => [t.kind, t.userId, t.detail?.from])).toContainEqual([
      'transferred',
      'wangwu',
      'zhangsan',
    ]);
    const audit = await stores.auditLog.list(corpId, { from: Math.floor(T0 / 1000) - 10, to: Math.floor(clock.now() / 1000) + 10, limit: 50 });
    expect(audit.items.map((r) => [r.type, r.customer ?? r.detail.chatId, r.alert]).sort()).toEqual([
      ['customer_transferred', C1, false],
      ['group_transferred', CHAT, false],
      ['transfer_fail', C2, true],
    ]);
    // Final: the marker is gone, another run calls nothing.
    const before = transferCalls(corpId).length;
    clock.advance(3_600_000);
    expect(await run(corpId)).toMatchObject({ due: 0 });
    expect(transferCalls(corpId)).toHaveLength(before);
    expect((await invokeJson(transferRoutes.list, deps, corpId, { query: {} })).items.map((t) => t.id)).toEqual([id]);
    // transfer.finished once per customer whose transfer ended (not the refused-at-planning one, not the group).
    const finished = webhooks.sent.filter((e) => e.corpId === corpId && e.type === 'transfer.finished');
    expect(finished.map((e) => e.data)).toEqual([
      { externalUserId: C1, handoverUserId: 'zhangsan', takeoverUserId: 'wangwu', status: 'succeeded' },
      { externalUserId: C2, handoverUserId: 'zhangsan', takeoverUserId: 'zhaoliu', status: 'refused' },
    ]);
    expect(finished[0]!.occurredAt).toBe(Date.parse(done.items[0]!.takeoverAt!));
  });

  it('refuses the third on-job transfer of a customer within 90 days (limit_90_days), without calling WeCom', async () => {
    const corpId = await newTenant();
    for (const [from, to] of [
      ['zhangsan', 'wangwu'],
      ['wangwu', 'zhangsan'],
    ]) {
      await create(corpId, { kind: 'onjob', from, to, customers: [C1], groups: [] });
      await run(corpId);
      clock.advance(DAY + 1000);
      await run(corpId);
      expect(await followStatus(corpId, C1, to!)).toBe('active');
    }
    const before = transferCalls(corpId).length;
    const third = await invokeJson(transferRoutes.create, deps, corpId, { body: { kind: 'onjob', from: 'zhangsan', to: 'lisi', customers: [C1], groups: [] } });
    expect(third).toMatchObject({ status: 'done', items: [{ id: C1, status: 'refused', reason: 'limit_90_days' }] });
    await run(corpId);
    expect(transferCalls(corpId)).toHaveLength(before);
  });
});

describe('resigned inheritance (离职继承)', () => {
  it('lists a resigned member’s unassigned customers and hands all of them and their groups over', async () => {
    const corpId = await newTenant();
    resignStaff(world.sim.state.corp(corpId), 'zhangsan', clock.now());
    await sync(corpId);
    const u = await invokeJson(transferRoutes.unassigned, deps, corpId, { params: { userid: 'zhangsan' } });
    expect(u).toMatchObject({ userId: 'zhangsan', status: 'resigned', groups: [CHAT] });
    expect(u.unassigned!.map((x) => x.externalUserId).sort()).toEqual([C1, C2]);
    expect([...u.customers].sort()).toEqual([C1, C2]);
    const onJob = await invokeJson(transferRoutes.unassigned, deps, corpId, { params: { userid: 'lisi' } });
    expect(onJob).toMatchObject({ status: 'active', unassigned: null, customers: [C3] });

    const t = await invokeJson(transferRoutes.create, deps, corpId, { body: { kind: 'resigned', from: 'zhangsan', to: 'lisi' } });
    expect(t.items.map((i) => [i.id, i.status]).sort()).toEqual([
      [C1, 'pending'],
      [C2, 'pending'],
      [CHAT, 'pending'],
    ]);
    await run(corpId);
    expect(
      startCalls(corpId)
        .map((c) => c.path)
        .sort(),
    ).toEqual(['/cgi-bin/externalcontact/groupchat/transfer', '/cgi-bin/externalcontact/resigned/transfer_customer']);
    clock.advance(DAY + 1000);
    await run(corpId);
    const done = await invokeJson(transferRoutes.get, deps, corpId, { params: { id: t.id } });
    expect(done.items.map((i) => i.status)).toEqual(['done', 'done', 'done']);
    expect(await followStatus(corpId, C2, 'lisi')).toBe('active');
    expect((await stores.groups.get(corpId, CHAT))?.owner).toBe('lisi');
  });
});

describe('bad input: a clear 4xx, nothing changed', () => {
  it.each([
    ['an unknown member', { kind: 'onjob', from: 'ghost', to: 'lisi' }, 404, 'transfer_unknown_member'],
    ['an unknown successor', { kind: 'onjob', from: 'zhangsan', to: ['lisi', 'ghost'] }, 404, 'transfer_unknown_member'],
    ['from == to', { kind: 'onjob', from: 'zhangsan', to: ['lisi', 'zhangsan'] }, 400, 'transfer_same_member'],
    ['kind resigned for an on-job member', { kind: 'resigned', from: 'zhangsan', to: 'lisi' }, 400, 'transfer_kind_onjob_member'],
    ['a message longer than 200 characters', { kind: 'onjob', from: 'zhangsan', to: 'lisi', message: '好'.repeat(201) }, 400, 'invalid_transfer'],
    ['no successor', { kind: 'onjob', from: 'zhangsan', to: [] }, 400, 'invalid_transfer'],
  ])('%s', async (_name, body, status, id) => {
    const corpId = await newTenant();
    const e = await refusal(create(corpId, body));
    expect(e.httpStatus).toBe(status);
    expect(e.text?.id).toBe(id);
    expect((await stores.transfers.list(corpId, 10)).items).toEqual([]);
    expect(await deps.due.due('transfers', Math.floor(clock.now() / 1000) + 60, 10, corpId)).toEqual([]);
  });

  it('kind onjob for a resigned member, a successor who resigned', async () => {
    const corpId = await newTenant();
    resignStaff(world.sim.state.corp(corpId), 'zhangsan', clock.now());
    await sync(corpId);
    const onjob = await refusal(create(corpId, { kind: 'onjob', from: 'zhangsan', to: 'lisi' }));
    expect([onjob.httpStatus, onjob.text?.id]).toEqual([400, 'transfer_kind_resigned_member']);
    const toResigned = await refusal(create(corpId, { kind: 'onjob', from: 'lisi', to: 'zhangsan' }));
    expect([toResigned.httpStatus, toResigned.text?.id]).toEqual([400, 'transfer_successor_inactive']);
    const message = await refusal(create(corpId, { kind: 'resigned', from: 'zhangsan', to: 'lisi', message: '你好' }));
    expect([message.httpStatus, message.text?.id]).toEqual([400, 'transfer_message_resigned']);
    expect((await stores.transfers.list(corpId, 10)).items).toEqual([]);
    expect(transferCalls(corpId)).toEqual([]);
  });
});
