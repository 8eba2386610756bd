// Routes of moments campaigns (客户朋友圈): create, list, read one.
import { createMoment, getMoment, listMoments, momentBody, momentsQuery, type MomentDeps } from '../moments';
import { momentsPage, momentView } from '../moments.view';
import { created, idParams, json, route } from '../route';
import { msg } from '../../../shared/i18n/messages';

export const momentRoutes = {
  create: route({
    method: 'POST',
    path: '/admin/v1/tenants/{corpId}/moments',
    permission: 'outreach:write',
    scope: 'tenant',
    body: momentBody,
    invalid: { body: msg('invalid_moment') },
    response: momentView,
    run: async (d: MomentDeps, c) => created(await createMoment(d, c.corpId, c.body)),
  }),
  list: route({
    method: 'GET',
    path: '/admin/v1/tenants/{corpId}/moments',
    permission: 'outreach:read',
    scope: 'tenant',
    query: momentsQuery,
    response: momentsPage,
    run: async (d: MomentDeps, c) => json(await listMoments(d, c.corpId, c.query)),
  }),
  get: route({
    method: 'GET',
    path: '/admin/v1/tenants/{corpId}/moments/{id}',
    permission: 'outreach:read',
    scope: 'tenant',
    params: idParams,
    response: momentView,
    run: async (d: MomentDeps, c) => json(await getMoment(d, c.corpId, c.params.id)),
  }),
};
