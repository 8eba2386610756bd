// The audit consumer against DynamoDB Local and the WeCom simulator (app messages over HTTP).
import { randomBytes, randomUUID } from 'node:crypto';
import { DynamoDBPersistenceLayer } from '@aws-lambda-powertools/idempotency/dynamodb';
import { makeDocumentClient, makeDynamoClient } from '../../shared/aws/clients';
import { DynamoAuditLog } from '../../shared/db/audit-repository';
import { DynamoTenantStore } from '../../shared/db/tenant-repository';
import { LocalSecretBox } from '../../shared/secrets/local-secret-box';
import { handOver, makeSqsConsumer } from '../../shared/sqs/consume';
import { lambdaContext } from '../../test/support/lambda-context';
import { queueMessage, sqsEvent } from '../../test/support/queue-messages';
import { upsertTenant } from '../../shared/tenants/upsert-tenant';
import { DEMO_TENANT } from '../../simulator/demo-tenant';
import { startSimulator, type RunningSimulator } from '../../simulator/server';
import { invokeJson } from '../admin-api/dispatch';
import { auditRoutes } from '../admin-api/routes/audit';
import { recordAudit, type RecordAuditDeps } from './record-audit';
import { simulatorClient } from '../../test/support/wecom';

const ddb = makeDynamoClient({ endpoint: process.env.DYNAMODB_ENDPOINT });
const doc = makeDocumentClient({ endpoint: process.env.DYNAMODB_ENDPOINT });
const secrets = new LocalSecretBox(randomBytes(32).toString('base64'));
const tenants = new DynamoTenantStore(doc, process.env.TABLE_NAME!);
const auditLog = new DynamoAuditLog(doc, process.env.TABLE_NAME!);
const corpId = DEMO_TENANT.corpId;
let sim: RunningSimulator;
let deps: RecordAuditDeps;

beforeAll(async () => {
  sim = await startSimulator({ port: 0 });
  await upsertTenant({ tenants, secrets, clock: { now: () => Date.now() } }, corpId, {
    token: DEMO_TENANT.token,
    encodingAesKey: DEMO_TENANT.encodingAesKey,
    secret: DEMO_TENANT.secret,
    agentId: DEMO_TENANT.agentId,
    notify: ['zhaoliu'],
  });
  deps = {
    audit: auditLog,
    tenants,
    secrets,
    wecom: simulatorClient(sim.url),
  };
});
afterAll(async () => {
  await sim.stop();
  ddb.destroy();
  doc.destroy();
});

const at = 1_763_100_000;
type ContactChange = 'add_external_contact' | 'del_external_contact' | 'del_follow_user' | 'transfer_fail';
const contact = <C extends ContactChange>(change: C, ext: string, extra: Record<string, unknown> = {}, t = at) =>
  queueMessage({ corpId, type: `change_external_contact.${change}` as const, occurredAt: t, event: { UserID: 'zhangsan', ExternalUserID: ext, ...extra } });
const alertsAbout = (needle: string) =>
  sim.state.sent(corpId).appMessages.filter((m) => JSON.stringify(m).includes(needle));
const rows = async (q: Record<string, string> = {}) =>
  (await invokeJson(auditRoutes.list, { auditLog, clock: { now: () => (at + 10) * 1000 } }, corpId, { query: { from: String(at - 10), to: String(at + 10), ...q } })).items;

describe('audit (lifecycle)', () => {
  it('a customer deleting staff becomes one audit row and one alert, however often it is delivered', async () => {
    const ext = `wm${randomUUID().replace(/-/g, '')}`;
    const consume = makeSqsConsumer({
      concern: 'audit',
      handle: (m) => recordAudit(deps, m),
      persistenceStore: new DynamoDBPersistenceLayer({ tableName: process.env.IDEMPOTENCY_TABLE_NAME!, awsSdkV3Client: ddb }),
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

  it('records a resignation, and leaves out removals done by a successful transfer', async () => {
    const resigned = queueMessage({ corpId, type: 'change_contact.delete_user', occurredAt: at + 3, event: { UserID: 'wangwu' } });
    expect(await recordAudit(deps, resigned)).toBe('applied');
    expect((await rows({ type: 'staff_resigned' })).map((r) => r.staff)).toContain('wangwu');
    const ext = `wm${randomUUID().replace(/-/g, '')}`;
    expect(await recordAudit(deps, contact('del_external_contact', ext, { Source: 'DELETE_BY_TRANSFER' }))).toBe('ignored');
    expect((await rows()).filter((r) => r.customer === ext)).toEqual([]);
  });

  it('an appended row is never appended twice, and other events are ignored', async () => {
    const m = contact('del_external_contact', `wm${randomUUID()}`, {}, at + 4);
    expect(await recordAudit({ ...deps, tenants: { get: async () => undefined, put: async () => undefined } }, m)).toBe('applied');
    expect(await auditLog.append({ corpId, eventKey: m.eventKey, type: 'staff_deleted_customer', at: at + 4, detail: {}, alert: true })).toBe('exists');
    // Other event types never reach recordAudit (its parameter's type rules them out): the consumer ignores them.
    expect(await handOver('audit', (e) => recordAudit(deps, e), contact('add_external_contact', 'wmx'))).toBe('ignored');
  });
});
