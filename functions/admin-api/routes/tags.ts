// Routes of corp tags: list the mirror, create a tag in WeCom.
import { created, json, route } from '../route';
import { createTag, listTags, tagBody, tagListView, tagsQuery, tagView, type TagDeps } from '../tags';
import { msg } from '../../../shared/i18n/messages';

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
};
