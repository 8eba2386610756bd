// Routes of quick replies (话术库): create, list by group.
import {
  createQuickReply,
  listQuickReplies,
  quickRepliesQuery,
  quickReplyBody,
  quickReplyGroupsView,
  quickReplyView,
  type QuickReplyDeps,
} from '../quick-replies';
import { created, json, route } from '../route';
import { msg } from '../../../shared/i18n/messages';

export const quickReplyRoutes = {
  create: route({
    method: 'POST',
    path: '/admin/v1/tenants/{corpId}/quick-replies',
    permission: 'quickreplies:write',
    scope: 'tenant',
    body: quickReplyBody,
    invalid: { body: msg('invalid_quick_reply') },
    response: quickReplyView,
    run: async (d: QuickReplyDeps, c) => created(await createQuickReply(d, c.corpId, c.body)),
  }),
  list: route({
    method: 'GET',
    path: '/admin/v1/tenants/{corpId}/quick-replies',
    permission: 'quickreplies:read',
    scope: 'tenant',
    query: quickRepliesQuery,
    response: quickReplyGroupsView,
    run: async (d: QuickReplyDeps, c) => json(await listQuickReplies(d, c.corpId, c.query)),
  }),
};
