// Routes of a tenant's operator sessions (WeCom login): list and revoke, for admins.
import * as z from 'zod';
import { json, route } from '../route';
import { sessionListView, sessionRevokedView } from '../sessions.view';
import { listSessions, revokeSession, type SessionAdminDeps } from '../sessions';

export const sessionRoutes = {
  list: route({
    method: 'GET',
    path: '/admin/v1/tenants/{corpId}/sessions',
    permission: 'sessions:read',
    scope: 'tenant',
    response: sessionListView,
    run: async (d: SessionAdminDeps, c) => json(await listSessions(d, c.corpId)),
  }),
  revoke: route({
    method: 'DELETE',
    path: '/admin/v1/tenants/{corpId}/sessions/{id}',
    permission: 'sessions:revoke',
    scope: 'tenant',
    params: z.object({ id: z.string().regex(/^[0-9a-f]{16}$/, 'session id: 16 hex characters') }),
    response: sessionRevokedView,
    run: async (d: SessionAdminDeps, c) => json(await revokeSession(d, c.corpId, c.params.id)),
  }),
};
