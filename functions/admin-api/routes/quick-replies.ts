// Routes of quick replies (话术库): create, list by group.
import { createQuickReply, listQuickReplies, quickRepliesQuery, quickReplyBody, type QuickReplyDeps } from '../quick-replies';
import { created, json, route, shape, type Out } from '../route';
import { msg } from '../../../shared/i18n/messages';

export const quickReplyRoutes = {
  create: route({
    method: 'POST',
    path: '/admin/v1/tenants/{corpId}/quick-replies',
    permission: 'quickreplies:write',
    scope: 'tenant',
    body: quickReplyBody,
    invalid: { body: msg('invalid_quick_reply') },
    response: shape<Out<typeof createQuickReply>>(),
    run: async (d: QuickReplyDeps, c) => created(await createQuickReply(d, c.corpId, c.body)),
  }),
  list: route({
    method: 'GET',
    path: '/admin/v1/tenants/{corpId}/quick-replies',
    permission: 'quickreplies:read',
    scope: 'tenant',
    query: quickRepliesQuery,
    response: shape<Out<typeof listQuickReplies>>(),
    run: async (d: QuickReplyDeps, c) => json(await listQuickReplies(d, c.corpId, c.query)),
  }),
};
