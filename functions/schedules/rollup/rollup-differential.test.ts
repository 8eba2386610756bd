// The metrics differential (test/support/metrics-differential.ts) on in-memory stores and a fake WeCom,
// without Java: the same random scenarios as the DynamoDB Local run, every figure of every day, cohort and RFM
// class against the reference model. METRICS_RUNS (default 5) sets how many scenarios; METRICS_SEED replays one.
import { shanghaiDay } from '../../../shared/events/time';
import { manualClock } from '../../../test/support/clock';
import { FakeWecom } from '../../../test/support/fake-wecom';
import { InMemoryEventLog } from '../../../test/support/fakes';
import { InMemoryArchiveStore } from '../../../test/support/fakes/archive';
import { InMemoryAuditLog } from '../../../test/support/fakes/audit';
import { InMemoryChannelStore } from '../../../test/support/fakes/channels';
import { InMemoryCustomerStore, InMemoryStaffStore, InMemoryTagMirror } from '../../../test/support/fakes/customers';
import { InMemoryDueStore } from '../../../test/support/fakes/due';
import { InMemoryFollowStore } from '../../../test/support/fakes/follows';
import { InMemoryLeaseStore } from '../../../test/support/fakes/leases';
import { InMemoryMetricsStore, InMemoryOrderStore } from '../../../test/support/fakes/metrics';
import { InMemoryBroadcastStore, InMemorySpendStore } from '../../../test/support/fakes/outreach';
import { FakeSecretBox, InMemoryTenantStore, fakeTenant } from '../../../test/support/fakes/tenants';
import { describeMetricsDifferential } from '../../../test/support/metrics-differential';
import type { Scenario } from '../../../test/support/metrics-scenario';
import type { MetricsDeps } from '../../admin-api/metrics';
import type { ApplyContactChangeDeps } from '../../relationship/apply-contact-change';
import type { RollupJobDeps } from './run-rollup';

const clock = manualClock(Date.parse('2026-01-01T00:00:00+08:00'));
const secrets = new FakeSecretBox();
const tenants = new InMemoryTenantStore();
const eventLog = new InMemoryEventLog();
const follows = new InMemoryFollowStore();
const channels = new InMemoryChannelStore();
const staffRegistry = new InMemoryStaffStore();
const metrics = new InMemoryMetricsStore();
const orders = new InMemoryOrderStore();
const spend = new InMemorySpendStore();
const archive = new InMemoryArchiveStore();
const auditLog = new InMemoryAuditLog();
/** WeCom's side per tenant: its directory and each member's behaviour data per day start. */
const corps = new Map<string, { staff: Scenario['staff']; behaviour: Scenario['behaviour'] }>();
const wecom = new FakeWecom()
  .on('user/list_id', (_b, call) => ({ dept_user: corps.get(call.corpId)!.staff.map((m) => ({ userid: m.userId, department: m.department })) }))
  .on('user/get', (b, call) => {
    const m = corps.get(call.corpId)!.staff.find((x) => x.userId === b.userid);
    return m ? { userid: m.userId, name: m.userId, department: [m.department], status: 1 } : { errcode: 60111, errmsg: 'userid not found' };
  })
  // The scenarios' customers are not in WeCom's contact list (as in the simulator run): no profile to read.
  .on('externalcontact/get', { errcode: 40096, errmsg: 'invalid external userid' })
  .on('externalcontact/get_user_behavior_data', (b, call) => {
    const data = corps.get(call.corpId)!.behaviour[b.userid![0]!]?.[shanghaiDay(b.start_time)];
    if (!data) return { behavior_data: [] };
    return {
      behavior_data: [
        {
          stat_time: b.start_time,
          chat_cnt: data.chatCount,
          message_cnt: data.messageCount,
          ...(data.replyPercentage !== undefined ? { reply_percentage: data.replyPercentage } : {}),
          ...(data.avgReplyMinutes !== undefined ? { avg_reply_time: data.avgReplyMinutes } : {}),
        },
      ],
    };
  });
const rollupDeps: RollupJobDeps = {
  tenants,
  secrets,
  wecom,
  eventLog,
  follows,
  channels,
  archive,
  auditLog,
  staffRegistry,
  orders,
  spend,
  metrics,
  broadcasts: new InMemoryBroadcastStore(),
  due: new InMemoryDueStore(clock),
  leases: new InMemoryLeaseStore(),
  clock,
};
const admin: MetricsDeps = { orders, spend, metrics, channels, follows, staffRegistry, clock };
const relationship: ApplyContactChangeDeps = {
  tenants,
  secrets,
  wecom,
  follows,
  customerRecords: new InMemoryCustomerStore(),
  staffRegistry,
  tagMirror: new InMemoryTagMirror(),
  clock,
};
let tenantSeq = 0;

describeMetricsDifferential(
  () => ({
    clock,
    rollupDeps,
    admin,
    relationship,
    eventLog,
    channels,
    archive,
    auditLog,
    metrics,
    newTenant: async (s: Scenario) => {
      const corpId = `wwmd${String(++tenantSeq).padStart(12, '0')}`;
      corps.set(corpId, { staff: s.staff, behaviour: s.behaviour });
      const createdAt = new Date(clock.now()).toISOString();
      await tenants.put(await fakeTenant(secrets, corpId, { createdAt, updatedAt: createdAt }));
      return corpId;
    },
  }),
  {
    runs: Number(process.env.METRICS_RUNS ?? 5),
    seed: process.env.METRICS_SEED === undefined ? undefined : Number(process.env.METRICS_SEED),
    long: process.env.METRICS_LONG === '1',
    msPerRun: 60_000,
  },
);
