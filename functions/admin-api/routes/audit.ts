// Routes of the audit log: read it or export it with ?format=csv (a manager sees its department's rows).
import type { Clock } from '../../../shared/clock';
import { auditCsv, auditQuery, listAudit, type AuditReader } from '../list-audit';
import { auditPage } from '../list-audit.view';
import { csv, json, route } from '../route';

export const auditRoutes = {
  list: route({
    method: 'GET',
    path: '/admin/v1/tenants/{corpId}/audit',
    permission: 'audit:read',
    scope: 'caller',
    query: auditQuery,
    response: auditPage,
    run: async (d: { auditLog: AuditReader; clock: Clock }, c) => {
      if (c.query.format === 'json') return json(await listAudit(d, c.corpId, c.query, await c.scope()));
      const file = await auditCsv(d, c.corpId, c.query, await c.scope(), c.lang);
      return csv(file.text, { name: { zh: '审计日志', en: 'audit' }, nextCursor: file.nextCursor });
    },
  }),
};
