// SOP plans against DynamoDB Local and the WeCom simulator over HTTP: plans created through the admin use
// cases, events written to the real event log, the sop job driven with `clock.now()`.
import { randomUUID } from 'node:crypto';
import { DynamoDueStore } from '../../shared/db/due-repository';
import { recordContactEvent } from '../../test/support/contact-events';
import { integrationWorld } from '../../test/support/integration-world';
import { strictIssues } from '../../test/support/strict-schema';
import { runSop, type SopJobDeps } from '../schedules/sop/run-sop';
import { invokeJson } from './dispatch';
import { sopPlanRoutes } from './routes/sop-plans';

/** The SOP routes as the API runs them (bodies and queries parsed by the route), with the job's clock. */
type Deps = SopJobDeps;
const createSopPlan = (d: Deps, corpId: string, body: unknown) => invokeJson(sopPlanRoutes.create, d, corpId, { body });
const getSopPlan = (d: Deps, corpId: string, id: string, query: Record<string, string>) => invokeJson(sopPlanRoutes.get, d, corpId, { params: { id }, query });
const listSopPlans = (d: Deps, corpId: string) => invokeJson(sopPlanRoutes.list, d, corpId);
const updateSopPlan = (d: Deps, corpId: string, id: string, body: unknown) => invokeJson(sopPlanRoutes.update, d, corpId, { params: { id }, body });

const at = (iso: string) => Date.parse(`${iso}+08:00`);
const T0 = at('2026-11-23T10:00:00'); // a Monday
const world = integrationWorld({ simulator: true, clockAt: T0 });
const clock = world.clock;
const secret = `secret-${randomUUID()}`;
let sim: typeof world.sim;
let deps: SopJobDeps;
const { follows, eventLog, customerRecords, groups } = world.stores;

async function newTenant() {
  const corpId = await world.newTenant('sop', { secret, settings: { agentId: '1000002' } });
  return corpId;
}

/** A change_external_contact event as the callback path stores it, applied to the follow projection. */
async function contactEvent(corpId: string, change: string, userId: string, externalUserId: string, state?: string) {
  await recordContactEvent({ eventLog, follows }, { corpId, change, occurredAt: Math.floor(clock.now() / 1000), userId, externalUserId, state });
}

async function added(corpId: string, userId: string, externalUserId: string, name: string, state: string) {
  sim.state.addCustomers(corpId, [{ externalUserId, name, follows: [{ userId, state }] }]);
  await customerRecords.setProfile(corpId, { externalUserId, name, type: 1 }, clock.now());
  await contactEvent(corpId, 'add_external_contact', userId, externalUserId, state);
}

const calls = (corpId: string, path: string) => sim.state.calls({ corpId, path: `/cgi-bin/${path}` });
const run = () => runSop(deps, { nowMs: clock.now() });

beforeAll(async () => {
  await world.start();
  sim = world.sim;
  deps = {
    ...world.stores,
    blobs: world.blobs,
    secrets: world.secrets,
    wecom: world.wecom,
    due: new DynamoDueStore(world.doc, world.table, clock),
    clock,
  };
});
afterAll(() => world.close());
beforeEach(() => {
  clock.set(T0);
});

describe('SOP plans', () => {
  it('enrols new customers of a channel, fires each step at its time, and stops the run of a customer who deleted the member', async () => {
    const corpId = await newTenant();
    const plan = await createSopPlan(deps, corpId, {
      name: '新客七天',
      trigger: 'added',
      audience: { channels: ['AbCdEfGh12'] },
      steps: [
        { after: 'PT1H', send: { text: '{{name}}您好，欢迎' }, via: 'mass_message' },
        { after: 'P1D', at: '10:00', send: { text: '{{name}}，记得领券' }, via: 'staff_reminder' },
      ],
    });
    expect(plan).toMatchObject({ status: 'active', results: { enrolled: 0 } });

    clock.set(T0 + 60_000);
    const [a, b, c] = ['wmsopaaaaaaaa1', 'wmsopbbbbbbbb2', 'wmsopcccccccc3'];
    await added(corpId, 'zhangsan', a, '王小明', 'c_AbCdEfGh12');
    await added(corpId, 'zhangsan', b, '李小红', 'c_AbCdEfGh12');
    await added(corpId, 'zhangsan', c, '路人', 'c_Other00001'); // another channel: not in the audience

    clock.set(T0 + 120_000);
    await Promise.all([run(), run()]); // enrolment, once
    await run();
    expect((await getSopPlan(deps, corpId, plan.id, {})).results.enrolled).toBe(2);

    clock.set(T0 + 1800_000); // half an hour later: nothing is due yet
    await run();
    expect(calls(corpId, 'externalcontact/add_msg_template')).toHaveLength(0);

    clock.set(T0 + 1900_000);
    await contactEvent(corpId, 'del_follow_user', 'zhangsan', b); // b deleted the member

    clock.set(T0 + 3660_000 + 5_000); // step 1 is due at 11:01 (an hour after the adds, on the minute)
    await Promise.all([run(), run()]);
    await run();
    const sends = calls(corpId, 'externalcontact/add_msg_template');
    expect(sends).toHaveLength(1);
    expect(sends[0]!.body).toMatchObject({ chat_type: 'single', external_userid: [a], sender: 'zhangsan', text: { content: '朋友您好，欢迎' } });

    const after1 = await getSopPlan(deps, corpId, plan.id, {});
    expect(after1.results.steps).toEqual({ 0: { sent: 1, stopped: 1 } });
    const runs = Object.fromEntries(after1.runs.items.map((r) => [r.recipient, r]));
    expect(runs[b]).toMatchObject({ status: 'stopped', reason: 'deleted_by_customer', step: 0 });
    expect(runs[a]).toMatchObject({ status: 'active', step: 1, nextAt: Math.floor(at('2026-11-25T10:00:00') / 1000) });
    // The answer is the route's declared schema exactly: a run a step left without a reason has none (not null).
    expect(runs[a]).not.toHaveProperty('reason');
    expect(strictIssues(sopPlanRoutes.get.response, after1)).toEqual([]);

    clock.set(at('2026-11-24T10:00:30')); // not yet: P1D after 11:01, then the next 10:00
    await run();
    expect(sim.state.sent(corpId).appMessages).toHaveLength(0);
    clock.set(at('2026-11-25T10:00:30'));
    await run();
    await run();
    const reminders = sim.state.sent(corpId).appMessages;
    expect(reminders).toHaveLength(1);
    expect(reminders[0]).toMatchObject({ recipients: ['zhangsan'], msgtype: 'text' });
    const text = (reminders[0]!.body as { text: { content: string } }).text.content;
    expect(text).toContain(`王小明（${a}）：王小明，记得领券`);
    expect(text).not.toContain(b);
    expect(calls(corpId, 'externalcontact/add_msg_template')).toHaveLength(1);

    const done = await getSopPlan(deps, corpId, plan.id, {});
    expect(done.results.steps).toEqual({ 0: { sent: 1, stopped: 1 }, 1: { reminded: 1 } });
    expect(done.runs.items.find((r) => r.recipient === a)).toMatchObject({
      status: 'done',
      outcomes: [
        { step: 0, outcome: 'sent' },
        { step: 1, outcome: 'reminded' },
      ],
    });
    expect(strictIssues(sopPlanRoutes.get.response, done)).toEqual([]);
  });

  it('a tagged plan stops a customer whose tag was removed before the step', async () => {
    const corpId = await newTenant();
    const plan = await createSopPlan(deps, corpId, {
      name: 'VIP',
      trigger: 'tagged',
      audience: { tags: ['tagvip'] },
      steps: [{ after: 'PT10M', send: { text: '专属福利' }, via: 'mass_message' }],
    });
    clock.set(T0 + 60_000);
    const [x, y] = ['wmsoptagxxxxx1', 'wmsoptagyyyyy2'];
    for (const id of [x, y]) {
      await added(corpId, 'lisi', id, '客户', '');
      await follows.addTags(corpId, id, 'lisi', ['tagvip']);
      await contactEvent(corpId, 'edit_external_contact', 'lisi', id);
    }
    clock.set(T0 + 120_000);
    await run();
    await follows.setFollowProfile(corpId, y, 'lisi', { tags: [], remark: null }, true); // untagged
    clock.set(T0 + 60_000 + 660_000);
    await run();
    const sends = calls(corpId, 'externalcontact/add_msg_template');
    expect(sends.map((s) => (s.body as { external_userid: string[] }).external_userid)).toEqual([[x]]);
    const p = await getSopPlan(deps, corpId, plan.id, {});
    expect(p.runs.items.find((r) => r.recipient === y)).toMatchObject({ status: 'stopped', reason: 'untagged' });
  });

  it('a calendar group plan pushes to its groups at the calendar time, once, and a paused plan sends nothing', async () => {
    const corpId = await newTenant();
    const chats = ['wrsopcal0000001', 'wrsopcal0000002'];
    sim.state.addGroupChats(
      corpId,
      chats.map((chatId) => ({ chatId, name: chatId, owner: 'lisi', members: [{ userId: 'lisi', type: 1 as const }] })),
    );
    for (const chatId of chats)
      await groups.applySnapshot({
        corpId,
        chatId,
        name: chatId,
        owner: 'lisi',
        memberCount: 1,
        status: 'active',
        changedAt: 1,
        updatedAt: new Date(clock.now()).toISOString(),
      });
    const plan = await createSopPlan(deps, corpId, {
      name: '每周直播',
      trigger: 'calendar',
      audience: { owners: ['lisi'] },
      steps: [{ at: '20:00', days: [1, 3, 5], send: { text: '今晚八点直播' }, via: 'mass_message' }],
    });
    clock.set(at('2026-11-23T19:59:00'));
    await run();
    expect(calls(corpId, 'externalcontact/add_msg_template')).toHaveLength(0);
    clock.set(at('2026-11-23T20:00:20'));
    await Promise.all([run(), run()]);
    await run();
    const sends = calls(corpId, 'externalcontact/add_msg_template');
    expect(sends).toHaveLength(1);
    expect(sends[0]!.body).toMatchObject({ chat_type: 'group', sender: 'lisi', chat_id_list: chats, text: { content: '今晚八点直播' } });
    expect((await listSopPlans(deps, corpId)).items[0]).toMatchObject({ id: plan.id, results: { steps: { 0: { sent: 2 } } } });

    await updateSopPlan(deps, corpId, plan.id, { status: 'paused' });
    clock.set(at('2026-11-25T20:00:20')); // Wednesday
    await run();
    expect(calls(corpId, 'externalcontact/add_msg_template')).toHaveLength(1);
  });

  it('rejects plans that cannot work with the failing fields', async () => {
    const corpId = await newTenant();
    await expect(
      createSopPlan(deps, corpId, { name: 'x', trigger: 'tagged', audience: {}, steps: [{ after: 'P1M', send: {}, via: 'fax' }] }),
    ).rejects.toMatchObject({
      httpStatus: 400,
      details: expect.arrayContaining([expect.objectContaining({ field: 'steps.0.after' }), expect.objectContaining({ field: 'steps.0.via' })]),
    });
    await expect(
      createSopPlan(deps, corpId, {
        name: 'x',
        trigger: 'calendar',
        audience: { owners: ['lisi'] },
        steps: [{ after: 'P1D', send: { text: 'x' }, via: 'staff_reminder' }],
      }),
    ).rejects.toMatchObject({ httpStatus: 400 });
  });

  it('a step naming a missing material is refused (400 naming it, nothing stored); a material of the tenant is accepted', async () => {
    const corpId = await newTenant();
    const step = (materialId: string) => ({ after: 'P1D', send: { attachments: [{ materialId }] }, via: 'mass_message' });
    const plan = (materialId: string) => ({ name: '素材计划', trigger: 'added', audience: {}, steps: [step(materialId)] });
    await expect(createSopPlan(deps, corpId, plan('mat000000000001'))).rejects.toMatchObject({
      httpStatus: 400,
      message: expect.stringContaining('mat000000000001'),
    });
    expect((await listSopPlans(deps, corpId)).items).toEqual([]);

    const createdAt = new Date(clock.now()).toISOString();
    await world.stores.materials.put({ corpId, id: 'mat0000000000aa', kind: 'link', title: '活动', url: 'https://example.com/a', createdAt });
    const ok = await createSopPlan(deps, corpId, plan('mat0000000000aa'));
    expect(ok.steps[0]!.send.attachments).toEqual([{ materialId: 'mat0000000000aa' }]);

    await expect(updateSopPlan(deps, corpId, ok.id, { steps: [step('mat000000000002')] })).rejects.toMatchObject({ httpStatus: 400 });
    const after = await getSopPlan(deps, corpId, ok.id, {});
    expect(after.steps[0]!.send.attachments).toEqual([{ materialId: 'mat0000000000aa' }]);
    expect(after.updatedAt).toBe(ok.updatedAt);
  });
});
