// Routes of staff: list the registry, sync the directory from WeCom now.
import { json, route } from '../route';
import { listStaff, staffListView, staffQuery, staffSyncView, syncStaffNow, type StaffDeps } from '../staff';

export const staffRoutes = {
  list: route({
    method: 'GET',
    path: '/admin/v1/tenants/{corpId}/staff',
    permission: 'staff:read',
    scope: 'caller',
    query: staffQuery,
    response: staffListView,
    run: async (d: StaffDeps, c) => json(await listStaff(d, c.corpId, c.principal, c.query)),
  }),
  sync: route({
    method: 'POST',
    path: '/admin/v1/tenants/{corpId}/staff/sync',
    permission: 'staff:sync',
    scope: 'tenant',
    response: staffSyncView,
    run: async (d: StaffDeps, c) => json(await syncStaffNow(d, c.corpId)),
  }),
};
