// Routes of broadcasts (群发): create (or dry-run), list, read one (?format=csv: its results as a file), remind, cancel.
import {
  broadcastBody,
  broadcastQuery,
  broadcastResultsCsv,
  broadcastsQuery,
  cancelBroadcast,
  createBroadcast,
  getBroadcast,
  listBroadcasts,
  remindBroadcast,
  type BroadcastDeps,
} from '../broadcasts';
import { broadcastCreatedView, broadcastListView, broadcastView } from '../broadcast.view';
import type { TenantApiDeps } from '../../../shared/tenants/tenant-api';
import * as z from 'zod';
import { csv, idParams, json, route } from '../route';
import { msg } from '../../../shared/i18n/messages';

/** Remind and cancel take no fields: an empty body (or none). */
const controlBody = z.strictObject({});

export const broadcastRoutes = {
  create: route({
    method: 'POST',
    path: '/admin/v1/tenants/{corpId}/broadcasts',
    permission: 'outreach:write',
    scope: 'tenant',
    body: broadcastBody,
    invalid: { body: msg('invalid_broadcast') },
    response: broadcastCreatedView,
    run: async (d: BroadcastDeps, c) => {
      const out = await createBroadcast(d, c.corpId, c.body);
      return json(out.body, out.status);
    },
  }),
  get: route({
    method: 'GET',
    path: '/admin/v1/tenants/{corpId}/broadcasts/{id}',
    permission: 'outreach:read',
    scope: 'caller',
    params: idParams,
    query: broadcastQuery,
    response: broadcastView,
    run: async (d: BroadcastDeps, c) => {
      const b = await getBroadcast(d, c.corpId, c.params.id, await c.scope());
      return c.query.format === 'csv' ? csv(broadcastResultsCsv(b, c.lang), { name: { zh: `群发结果-${b.id}`, en: `broadcast-${b.id}` } }) : json(b);
    },
  }),
  list: route({
    method: 'GET',
    path: '/admin/v1/tenants/{corpId}/broadcasts',
    permission: 'outreach:read',
    scope: 'tenant',
    query: broadcastsQuery,
    response: broadcastListView,
    run: async (d: BroadcastDeps, c) => json(await listBroadcasts(d, c.corpId, c.query)),
  }),
  remind: route({
    method: 'POST',
    path: '/admin/v1/tenants/{corpId}/broadcasts/{id}/remind',
    permission: 'outreach:write',
    scope: 'tenant',
    params: idParams,
    body: controlBody,
    response: broadcastView,
    run: async (d: BroadcastDeps & TenantApiDeps, c) => json(await remindBroadcast(d, c.corpId, c.params.id)),
  }),
  cancel: route({
    method: 'POST',
    path: '/admin/v1/tenants/{corpId}/broadcasts/{id}/cancel',
    permission: 'outreach:write',
    scope: 'tenant',
    params: idParams,
    body: controlBody,
    response: broadcastView,
    run: async (d: BroadcastDeps & TenantApiDeps, c) => json(await cancelBroadcast(d, c.corpId, c.params.id)),
  }),
};
