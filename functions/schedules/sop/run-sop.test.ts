// The SOP job with fakes: enrolment from the event log (once per plan and customer), then each step's
// slot: the audience re-checked, mass_message steps through the quota ledger, staff reminders as one
// app message per member, and every run moved on to its next step.
import { InMemoryCustomerFieldStore } from '../../../test/support/fakes/customer-fields';
import { InMemoryBlobStore, InMemoryMaterialStore } from '../../../test/support/fakes/materials';
import type { SopPlan } from '../../../shared/domain/sop';
import { planMarkerId, slotMarkerId } from '../../../shared/outreach/sop-schedule';
import { manualClock } from '../../../test/support/clock';
import { recordContactEvent } from '../../../test/support/contact-events';
import { FakeWecom } from '../../../test/support/fake-wecom';
import { InMemoryEventLog } from '../../../test/support/fakes';
import { InMemoryCustomerStore } from '../../../test/support/fakes/customers';
import { InMemoryDueStore } from '../../../test/support/fakes/due';
import { InMemoryFollowStore } from '../../../test/support/fakes/follows';
import { InMemoryGroupStore } from '../../../test/support/fakes/groups';
import { InMemoryLeaseStore } from '../../../test/support/fakes/leases';
import { InMemoryQuotaLedger } from '../../../test/support/fakes/outreach';
import { InMemorySopStore } from '../../../test/support/fakes/sop';
import { FakeSecretBox, InMemoryTenantStore, fakeTenant } from '../../../test/support/fakes/tenants';
import { runSop, type SopJobDeps } from './run-sop';

const CORP = 'wwsop';
const NOW = 1_764_000_000; // on a whole minute
const DAY = 86_400;

async function world() {
  const secrets = new FakeSecretBox();
  const tenants = new InMemoryTenantStore();
  await tenants.put(await fakeTenant(secrets, CORP, { agentId: '1000002' }));
  const clock = manualClock(NOW * 1000);
  let n = 0;
  const wecom = new FakeWecom().on('externalcontact/add_msg_template', () => ({ msgid: `msg${++n}` })).on('message/send', {});
  const due = new InMemoryDueStore(clock);
  const sopPlans = new InMemorySopStore();
  const eventLog = new InMemoryEventLog();
  const follows = new InMemoryFollowStore();
  const customerRecords = new InMemoryCustomerStore();
  const deps: SopJobDeps = {
    tenants,
    secrets,
    wecom,
    due,
    leases: new InMemoryLeaseStore(),
    quota: new InMemoryQuotaLedger(),
    sopPlans,
    eventLog,
    follows,
    customerRecords,
    groups: new InMemoryGroupStore(),
    customerFields: new InMemoryCustomerFieldStore(),
    clock,
    materials: new InMemoryMaterialStore(),
    blobs: new InMemoryBlobStore(),
  };
  const plan = async (over: Partial<SopPlan> = {}) => {
    const p: SopPlan = {
      corpId: CORP,
      id: 'plan1',
      name: '新客培育',
      trigger: 'added',
      audience: {},
      status: 'active',
      enrolledUpTo: NOW - 60,
      createdAt: '',
      updatedAt: '',
      version: 1,
      steps: [
        { after: 'PT0M', via: 'mass_message', send: { text: '欢迎，这是新人礼包' } },
        { after: 'P1D', via: 'staff_reminder', send: { text: '问问{{name}}用得怎么样' } },
      ],
      ...over,
    };
    await sopPlans.createPlan(p);
    await due.schedule({ corpId: CORP, job: 'sop', id: planMarkerId(p.id), dueAt: NOW });
    return p;
  };
  const event = (change: string, userId: string, ext: string, at: number) =>
    recordContactEvent({ eventLog, follows }, { corpId: CORP, change, occurredAt: at, userId, externalUserId: ext });
  const run = () => runSop(deps, { nowMs: clock.now() });
  return { deps, wecom, clock, due, sopPlans, customerRecords, plan, event, run };
}

describe('runSop', () => {
  it('enrols each customer added since the cursor once, schedules their first slot, and comes back in a minute', async () => {
    const w = await world();
    await w.plan();
    await w.event('add_external_contact', 'zhangsan', 'wm1', NOW - 30);
    await w.event('add_external_contact', 'lisi', 'wm2', NOW - 20);
    await w.event('del_external_contact', 'lisi', 'wm3', NOW - 10);
    const report = await w.run();
    expect(report.results).toEqual([{ corpId: CORP, planId: 'plan1', enrolled: 2 }]);
    expect((await w.sopPlans.runsPage(CORP, 'plan1', 10)).items.map((r) => [r.recipient, r.userId, r.step, r.status])).toEqual([
      ['wm1', 'zhangsan', 0, 'active'],
      ['wm2', 'lisi', 0, 'active'],
    ]);
    expect(await w.due.get(CORP, 'sop', planMarkerId('plan1'))).toMatchObject({ dueAt: NOW + 60 });
    expect(await w.due.get(CORP, 'sop', slotMarkerId('plan1', 0, NOW - 30 + 30))).toBeDefined();
    expect((await w.sopPlans.getPlan(CORP, 'plan1'))?.enrolledUpTo).toBe(NOW);

    // The next run reads again behind its cursor (late events): nobody is enrolled twice.
    w.clock.advance(60_000);
    await w.event('add_external_contact', 'zhangsan', 'wm1', NOW - 30);
    await w.run();
    expect((await w.sopPlans.stats(CORP, 'plan1')).enrolled).toBe(2);
  });

  it("runs a slot: the mass message as each customer's member, then the next step a day later; one who left is stopped", async () => {
    const w = await world();
    await w.plan();
    await w.event('add_external_contact', 'zhangsan', 'wm1', NOW - 60);
    await w.event('add_external_contact', 'zhangsan', 'wm2', NOW - 60);
    await w.run(); // enrol; step 0 due at NOW - 60
    await w.event('del_follow_user', 'zhangsan', 'wm2', NOW - 5);
    w.clock.advance(1000);
    await w.run();
    expect(w.wecom.callsTo('externalcontact/add_msg_template')).toEqual([
      { chat_type: 'single', external_userid: ['wm1'], sender: 'zhangsan', text: { content: '欢迎，这是新人礼包' } },
    ]);
    const runs = (await w.sopPlans.runsPage(CORP, 'plan1', 10)).items;
    expect(runs.map((r) => [r.recipient, r.step, r.status, r.nextAt])).toEqual([
      ['wm1', 1, 'active', NOW - 60 + DAY],
      ['wm2', 0, 'stopped', NOW - 60],
    ]);
    expect(await w.sopPlans.stats(CORP, 'plan1')).toMatchObject({ enrolled: 2, steps: { 0: { sent: 1, stopped: 1 } } });

    // The same slot again (a replay): no run is at that step any more, nothing is sent.
    await w.due.schedule({ corpId: CORP, job: 'sop', id: slotMarkerId('plan1', 0, NOW - 60), dueAt: NOW - 60 });
    await w.run();
    expect(w.wecom.callsTo('externalcontact/add_msg_template')).toHaveLength(1);
  });

  it('a staff reminder step sends one app message per member naming the customers, and finishes the runs', async () => {
    const w = await world();
    await w.plan({ steps: [{ after: 'PT0M', via: 'staff_reminder', send: { text: '问问{{name}}用得怎么样' } }] });
    await w.event('add_external_contact', 'zhangsan', 'wm1', NOW - 60);
    await w.event('add_external_contact', 'zhangsan', 'wm2', NOW - 60);
    await w.customerRecords.setProfile(CORP, { externalUserId: 'wm1', name: '陈小姐', type: 1 }, NOW * 1000);
    await w.run();
    w.clock.advance(1000);
    await w.run();
    expect(w.wecom.callsTo('message/send')).toEqual([
      expect.objectContaining({
        touser: 'zhangsan',
        text: { content: 'SOP「新客培育」第1步：请联系以下客户\n· 陈小姐（wm1）：问问陈小姐用得怎么样\n· wm2：问问用得怎么样' },
      }),
    ]);
    expect((await w.sopPlans.runsPage(CORP, 'plan1', 10)).items.map((r) => r.status)).toEqual(['done', 'done']);
  });

  it('a paused plan enrols nobody and its due steps wait', async () => {
    const w = await world();
    await w.plan({ status: 'paused' });
    await w.event('add_external_contact', 'zhangsan', 'wm1', NOW - 30);
    await w.run();
    expect((await w.sopPlans.runsPage(CORP, 'plan1', 10)).items).toEqual([]);
    await w.due.schedule({ corpId: CORP, job: 'sop', id: slotMarkerId('plan1', 0, NOW - 60), dueAt: NOW - 60 });
    await w.run();
    expect(await w.due.get(CORP, 'sop', slotMarkerId('plan1', 0, NOW - 60))).toMatchObject({ dueAt: NOW + 600 });
    expect(w.wecom.calls).toEqual([]);
  });
});
