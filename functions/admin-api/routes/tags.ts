// Routes of corp tags: list the mirror, create a tag in WeCom; rename/delete tags and tag groups; tag a customer.
import * as z from 'zod';
import { created, idParams, json, route } from '../route';
import { customerParams } from '../customers';
import { customerTagsBody, customerTagsView, deleteTag, editCustomerTags, editTag, tagEditBody, tagGroupParams, type TagEditDeps } from '../tag-edits';
import { createTag, listTags, tagBody, tagListView, tagsQuery, tagView, type TagDeps } from '../tags';
import { msg } from '../../../shared/i18n/messages';

const editedView = z.strictObject({ id: z.string() });
const deletedView = z.strictObject({ id: z.string(), deleted: z.literal(true) });

export const tagRoutes = {
  list: route({
    method: 'GET',
    path: '/admin/v1/tenants/{corpId}/tags',
    permission: 'tags:read',
    scope: 'tenant',
    query: tagsQuery,
    response: tagListView,
    run: async (d: TagDeps, c) => json(await listTags(d, c.corpId, c.query)),
  }),
  create: route({
    method: 'POST',
    path: '/admin/v1/tenants/{corpId}/tags',
    permission: 'tags:write',
    scope: 'tenant',
    body: tagBody,
    invalid: { body: msg('invalid_tag') },
    response: tagView,
    run: async (d: TagDeps, c) => created(await createTag(d, c.corpId, c.body)),
  }),
  // ---- tag edits (issue #17): a customer's tags, rename/delete tags and groups ----
  editCustomer: route({
    method: 'PATCH',
    path: '/admin/v1/tenants/{corpId}/customers/{externalUserId}/tags',
    permission: 'tags:write',
    scope: 'tenant',
    params: customerParams,
    body: customerTagsBody,
    invalid: { body: msg('invalid_tag_edit') },
    response: customerTagsView,
    summary: '给客户打标签或移除标签 · Add/remove a customer’s tags',
    run: async (d: TagEditDeps, c) => json(await editCustomerTags(d, c.corpId, c.params.externalUserId, c.body)),
  }),
  edit: route({
    method: 'PATCH',
    path: '/admin/v1/tenants/{corpId}/tags/{id}',
    permission: 'tags:write',
    scope: 'tenant',
    params: idParams,
    body: tagEditBody,
    invalid: { body: msg('invalid_tag') },
    response: editedView,
    run: async (d: TagEditDeps, c) => json(await editTag(d, c.corpId, c.params.id, c.body)),
  }),
  delete: route({
    method: 'DELETE',
    path: '/admin/v1/tenants/{corpId}/tags/{id}',
    permission: 'tags:write',
    scope: 'tenant',
    params: idParams,
    response: deletedView,
    run: async (d: TagEditDeps, c) => {
      await deleteTag(d, c.corpId, { tagId: c.params.id });
      return json({ id: c.params.id, deleted: true as const });
    },
  }),
  editGroup: route({
    method: 'PATCH',
    path: '/admin/v1/tenants/{corpId}/tag-groups/{groupId}',
    permission: 'tags:write',
    scope: 'tenant',
    params: tagGroupParams,
    body: tagEditBody,
    invalid: { body: msg('invalid_tag') },
    response: editedView,
    summary: '修改标签组 · Update a tag group',
    run: async (d: TagEditDeps, c) => json(await editTag(d, c.corpId, c.params.groupId, c.body)),
  }),
  deleteGroup: route({
    method: 'DELETE',
    path: '/admin/v1/tenants/{corpId}/tag-groups/{groupId}',
    permission: 'tags:write',
    scope: 'tenant',
    params: tagGroupParams,
    response: deletedView,
    summary: '删除标签组（含组内标签） · Delete a tag group with its tags',
    run: async (d: TagEditDeps, c) => {
      await deleteTag(d, c.corpId, { groupId: c.params.groupId });
      return json({ id: c.params.groupId, deleted: true as const });
    },
  }),
};
