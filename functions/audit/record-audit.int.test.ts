// The audit consumer against DynamoDB Local and the WeCom simulator (app messages over HTTP): the
// consumer's idempotency, the audit route's filters on the table, the log's conditional append.
// Which lifecycle event becomes which row is a unit test (record-audit.test.ts).
import { randomUUID } from 'node:crypto';
import { handOver, makeSqsConsumer } from '../../shared/sqs/consume';
import { integrationWorld } from '../../test/support/integration-world';
import { lambdaContext } from '../../test/support/lambda-context';
import { queueMessage, sqsEvent } from '../../test/support/queue-messages';
import { invokeJson } from '../admin-api/dispatch';
import { auditRoutes } from '../admin-api/routes/audit';
import { recordAudit, type RecordAuditDeps } from './record-audit';

const world = integrationWorld({ simulator: true });
const { auditLog, tenants, staffRegistry, customerRecords, follows, channels } = world.stores;
let corpId: string;
let deps: RecordAuditDeps;

beforeAll(async () => {
  await world.start();
  corpId = await world.demoTenant({ notify: ['zhaoliu'] });
  deps = { audit: auditLog, tenants, secrets: world.secrets, wecom: world.wecom, staffRegistry, customerRecords, follows, channels };
});
afterAll(() => world.close());

const at = 1_763_100_000;
type ContactChange = 'add_external_contact' | 'del_external_contact' | 'del_follow_user' | 'transfer_fail';
const contact = <C extends ContactChange>(change: C, ext: string, extra: Record<string, unknown> = {}, t = at) =>
  queueMessage({ corpId, type: `change_external_contact.${change}` as const, occurredAt: t, event: { UserID: 'zhangsan', ExternalUserID: ext, ...extra } });
const alertsAbout = (needle: string) => world.sim.state.sent(corpId).appMessages.filter((m) => JSON.stringify(m).includes(needle));
const rows = async (q: Record<string, string> = {}) =>
  (
    await invokeJson(auditRoutes.list, { auditLog, clock: { now: () => (at + 10) * 1000 } }, corpId, {
      query: { from: String(at - 10), to: String(at + 10), ...q },
    })
  ).items;

describe('audit (lifecycle)', () => {
  it('a customer deleting staff becomes one audit row and one alert, however often it is delivered', async () => {
    const ext = `wm${randomUUID().replace(/-/g, '')}`;
    const consume = makeSqsConsumer({
      concern: 'audit',
      handle: (m) => recordAudit(deps, m),
      persistenceStore: world.idempotency(),
    });
    const m = contact('del_follow_user', ext);
    for (let i = 0; i < 3; i++) expect((await consume(sqsEvent([m]), lambdaContext())).batchItemFailures).toEqual([]);
    expect((await rows()).filter((r) => r.customer === ext)).toMatchObject([{ type: 'customer_deleted_staff', staff: 'zhangsan' }]);
    const alerts = alertsAbout(ext);
    expect(alerts).toHaveLength(1);
    expect(JSON.stringify(alerts[0])).toContain('zhaoliu');
    expect(JSON.stringify(alerts[0])).toContain('客户删除了员工');
  });

  it('records deletions in either direction with the right type, filterable by type and staff', async () => {
    const a = `wm${randomUUID().replace(/-/g, '')}`;
    const b = `wm${randomUUID().replace(/-/g, '')}`;
    expect(await recordAudit(deps, contact('del_external_contact', a, {}, at + 1))).toBe('applied');
    expect(await recordAudit(deps, contact('transfer_fail', b, { FailReason: 'customer_refused' }, at + 2))).toBe('applied');
    const mine = (await rows()).filter((r) => r.customer === a || r.customer === b);
    expect(mine.map((r) => [r.type, r.detail])).toEqual([
      ['staff_deleted_customer', {}],
      ['transfer_fail', { reason: 'customer_refused' }],
    ]);
    expect((await rows({ type: 'staff_deleted_customer' })).every((r) => r.type === 'staff_deleted_customer')).toBe(true);
    expect(await rows({ staff: 'nobody' })).toEqual([]);
  });

  it('an appended row is never appended twice, and other events are ignored', async () => {
    const m = contact('del_external_contact', `wm${randomUUID()}`, {}, at + 4);
    expect(await recordAudit({ ...deps, tenants: { get: async () => undefined, put: async () => undefined } }, m)).toBe('applied');
    expect(await auditLog.append({ corpId, eventKey: m.eventKey, type: 'staff_deleted_customer', at: at + 4, detail: {}, alert: true })).toBe('exists');
    // Other event types never reach recordAudit (its parameter's type rules them out): the consumer ignores them.
    expect(await handOver('audit', (e) => recordAudit(deps, e), contact('add_external_contact', 'wmx'))).toBe('ignored');
  });
});
