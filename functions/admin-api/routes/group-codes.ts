// Routes of group codes (群活码): create, list, read, update, delete.
import { groupCodeCreateSchema, groupCodePatchSchema } from '../../../shared/groups/group-code.schema';
import { createGroupCode, deleteGroupCode, getGroupCode, listGroupCodes, updateGroupCode, type GroupDeps } from '../group-codes';
import { auditById } from '../operation-log';
import { groupCodeListView, groupCodeView } from '../../../shared/groups/group-code.view';
import { created, idParams, json, route } from '../route';
import { msg } from '../../../shared/i18n/messages';

export const groupCodeRoutes = {
  create: route({
    method: 'POST',
    path: '/admin/v1/tenants/{corpId}/group-codes',
    permission: 'groups:write',
    scope: 'tenant',
    body: groupCodeCreateSchema,
    invalid: { body: msg('invalid_group_code') },
    response: groupCodeView,
    audit: auditById((d: GroupDeps, corpId, id) => d.groupCodes.get(corpId, id)),
    run: async (d: GroupDeps, c) => created(await createGroupCode(d, c.corpId, c.body)),
  }),
  list: route({
    method: 'GET',
    path: '/admin/v1/tenants/{corpId}/group-codes',
    permission: 'groups:read',
    scope: 'tenant',
    response: groupCodeListView,
    run: async (d: GroupDeps, c) => json(await listGroupCodes(d, c.corpId)),
  }),
  get: route({
    method: 'GET',
    path: '/admin/v1/tenants/{corpId}/group-codes/{id}',
    permission: 'groups:read',
    scope: 'tenant',
    params: idParams,
    response: groupCodeView,
    run: async (d: GroupDeps, c) => json(await getGroupCode(d, c.corpId, c.params.id)),
  }),
  update: route({
    method: 'PATCH',
    path: '/admin/v1/tenants/{corpId}/group-codes/{id}',
    permission: 'groups:write',
    scope: 'tenant',
    params: idParams,
    body: groupCodePatchSchema,
    invalid: { body: msg('invalid_group_code') },
    response: groupCodeView,
    audit: auditById((d: GroupDeps, corpId, id) => d.groupCodes.get(corpId, id)),
    run: async (d: GroupDeps, c) => json(await updateGroupCode(d, c.corpId, c.params.id, c.body)),
  }),
  delete: route({
    method: 'DELETE',
    path: '/admin/v1/tenants/{corpId}/group-codes/{id}',
    permission: 'groups:write',
    scope: 'tenant',
    params: idParams,
    response: groupCodeView,
    audit: auditById((d: GroupDeps, corpId, id) => d.groupCodes.get(corpId, id)),
    run: async (d: GroupDeps, c) => json(await deleteGroupCode(d, c.corpId, c.params.id)),
  }),
};
