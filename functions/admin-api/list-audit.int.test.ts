// The audit log's manager scope against DynamoDB Local.
import { ForbiddenError } from '../../shared/errors';
import { invokeJson } from './dispatch';
import type { CustomerScope } from '../../shared/domain/customers';
import { auditRoutes } from './routes/audit';
import { integrationWorld } from '../../test/support/integration-world';
import { strictIssues } from '../../test/support/strict-schema';

const world = integrationWorld();
const { auditLog } = world.stores;
const corpId = 'wwauditscope0001';
const at = 1_790_000_000;
afterAll(() => world.close());

describe('audit log scope', () => {
  it("shows a manager only their department's staff, and refuses to filter on anyone else", async () => {
    for (const [i, staff] of ['zhangsan', 'lisi', 'zhangsan'].entries()) {
      await auditLog.append({
        corpId,
        eventKey: `${'a'.repeat(63)}${i}`,
        type: 'customer_deleted_staff',
        at: at + i,
        staff,
        customer: `wmcust${i}`,
        detail: {},
        alert: false,
      });
    }
    const deps = { auditLog, clock: { now: () => (at + 10) * 1000 } };
    /** GET …/audit as the API runs it: the query parsed by the route, the caller's scope. */
    const listAudit = (d: typeof deps, corp: string, query: Record<string, string>, scope?: CustomerScope) =>
      invokeJson(auditRoutes.list, d, corp, { query, ...(scope ? { scope } : {}) });
    const range = { from: String(at - 1), to: String(at + 5) };
    const all = await listAudit(deps, corpId, range);
    expect(all.items.map((r) => r.staff)).toEqual(['zhangsan', 'lisi', 'zhangsan']);
    expect(strictIssues(auditRoutes.list.response, all)).toEqual([]);
    const scoped = await listAudit(deps, corpId, range, { kind: 'staff', userIds: new Set(['zhangsan']) });
    expect(scoped.items.map((r) => r.customer)).toEqual(['wmcust0', 'wmcust2']);
    await expect(listAudit(deps, corpId, { ...range, staff: 'lisi' }, { kind: 'staff', userIds: new Set(['zhangsan']) })).rejects.toBeInstanceOf(
      ForbiddenError,
    );
  });
});
