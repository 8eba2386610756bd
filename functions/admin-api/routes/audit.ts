// Routes of the audit log: read it (a manager sees its department's rows).
import type { Clock } from '../../../shared/clock';
import { auditQuery, listAudit, type AuditReader } from '../list-audit';
import { json, route, shape, type Out } from '../route';

export const auditRoutes = {
  list: route({
    method: 'GET',
    path: '/admin/v1/tenants/{corpId}/audit',
    permission: 'audit:read',
    scope: 'caller',
    query: auditQuery,
    response: shape<Out<typeof listAudit>>(),
    run: async (d: { auditLog: AuditReader; clock: Clock }, c) => json(await listAudit(d, c.corpId, c.query, await c.scope())),
  }),
};
