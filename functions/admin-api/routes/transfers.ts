// Routes of inheritance (离职继承 / 在职继承): a member's unassigned customers, create, list, read one.
import { createTransfer, getTransfer, listTransfers, transferBody, transfersQuery, unassigned, unassignedParams, type TransferDeps } from '../transfers';
import { transferView, transfersPage, unassignedView } from '../transfers.view';
import { idParams, json, route } from '../route';
import { msg } from '../../../shared/i18n/messages';

export const transferRoutes = {
  unassigned: route({
    method: 'GET',
    path: '/admin/v1/tenants/{corpId}/staff/{userid}/unassigned',
    permission: 'transfers:read',
    scope: 'caller',
    params: unassignedParams,
    response: unassignedView,
    run: async (d: TransferDeps, c) => json(await unassigned(d, c.corpId, c.params.userid, await c.scope())),
  }),
  create: route({
    method: 'POST',
    path: '/admin/v1/tenants/{corpId}/transfers',
    permission: 'transfers:write',
    scope: 'caller',
    body: transferBody,
    invalid: { body: msg('invalid_transfer') },
    response: transferView,
    run: async (d: TransferDeps, c) => json(await createTransfer(d, c.corpId, c.body, await c.scope()), 202),
  }),
  list: route({
    method: 'GET',
    path: '/admin/v1/tenants/{corpId}/transfers',
    permission: 'transfers:read',
    scope: 'caller',
    query: transfersQuery,
    response: transfersPage,
    run: async (d: TransferDeps, c) => json(await listTransfers(d, c.corpId, c.query, await c.scope())),
  }),
  get: route({
    method: 'GET',
    path: '/admin/v1/tenants/{corpId}/transfers/{id}',
    permission: 'transfers:read',
    scope: 'caller',
    params: idParams,
    response: transferView,
    run: async (d: TransferDeps, c) => json(await getTransfer(d, c.corpId, c.params.id, await c.scope())),
  }),
};
