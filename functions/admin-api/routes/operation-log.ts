// Routes of the operation log (操作日志): list it (JSON or CSV) and verify its hash chain.
import { exportOperationLog, listOperationLog, operationLogQuery, verifyOperationLog, type OperationLogDeps } from '../operation-log';
import { chainVerdict, operationLogPage } from '../operation-log.view';
import { csv, json, route } from '../route';

export const operationLogRoutes = {
  list: route({
    method: 'GET',
    path: '/admin/v1/tenants/{corpId}/operation-log',
    permission: 'oplog:read',
    scope: 'tenant',
    query: operationLogQuery,
    response: operationLogPage,
    run: async (d: OperationLogDeps, c) =>
      c.query.format === 'csv'
        ? csv(await exportOperationLog(d, c.corpId, c.query), { name: { zh: '操作日志', en: 'operation-log' } })
        : json(await listOperationLog(d, c.corpId, c.query)),
  }),
  verify: route({
    method: 'GET',
    path: '/admin/v1/tenants/{corpId}/operation-log/verify',
    permission: 'oplog:read',
    scope: 'tenant',
    response: chainVerdict,
    run: async (d: OperationLogDeps, c) => json(await verifyOperationLog(d, c.corpId)),
  }),
};
