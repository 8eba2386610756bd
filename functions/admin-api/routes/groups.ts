// Routes of the group registry: every customer group Siyu has heard of.
import type { GroupDeps } from '../group-codes';
import { groupsQuery, listGroups } from '../groups';
import { groupListView } from '../../../shared/groups/group';
import { json, route } from '../route';
import { msg } from '../../../shared/i18n/messages';

export const groupRoutes = {
  list: route({
    method: 'GET',
    path: '/admin/v1/tenants/{corpId}/groups',
    permission: 'groups:read',
    scope: 'caller',
    query: groupsQuery,
    invalid: { query: msg('invalid_group_filter') },
    response: groupListView,
    run: async (d: GroupDeps, c) => json(await listGroups(d, c.corpId, c.query, await c.scope())),
  }),
};
