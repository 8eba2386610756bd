// Routes of group welcome templates (入群欢迎语素材): create, list, update, delete.
import { groupWelcomeTemplateCreateSchema, groupWelcomeTemplatePatchSchema } from '../../../shared/groups/group-welcome-template.schema';
import type { GroupDeps } from '../group-codes';
import { createGroupWelcomeTemplate, deleteGroupWelcomeTemplate, listGroupWelcomeTemplates, updateGroupWelcomeTemplate } from '../group-welcome-templates';
import { groupWelcomeTemplateListView, groupWelcomeTemplateView } from '../../../shared/groups/group-code.view';
import { created, idParams, json, route } from '../route';
import { msg } from '../../../shared/i18n/messages';

export const groupWelcomeTemplateRoutes = {
  create: route({
    method: 'POST',
    path: '/admin/v1/tenants/{corpId}/group-welcome-templates',
    permission: 'groups:write',
    scope: 'tenant',
    body: groupWelcomeTemplateCreateSchema,
    invalid: { body: msg('invalid_group_welcome_template') },
    response: groupWelcomeTemplateView,
    run: async (d: GroupDeps, c) => created(await createGroupWelcomeTemplate(d, c.corpId, c.body)),
  }),
  list: route({
    method: 'GET',
    path: '/admin/v1/tenants/{corpId}/group-welcome-templates',
    permission: 'groups:read',
    scope: 'tenant',
    response: groupWelcomeTemplateListView,
    run: async (d: GroupDeps, c) => json(await listGroupWelcomeTemplates(d, c.corpId)),
  }),
  update: route({
    method: 'PATCH',
    path: '/admin/v1/tenants/{corpId}/group-welcome-templates/{id}',
    permission: 'groups:write',
    scope: 'tenant',
    params: idParams,
    body: groupWelcomeTemplatePatchSchema,
    invalid: { body: msg('invalid_group_welcome_template') },
    response: groupWelcomeTemplateView,
    run: async (d: GroupDeps, c) => json(await updateGroupWelcomeTemplate(d, c.corpId, c.params.id, c.body)),
  }),
  delete: route({
    method: 'DELETE',
    path: '/admin/v1/tenants/{corpId}/group-welcome-templates/{id}',
    permission: 'groups:write',
    scope: 'tenant',
    params: idParams,
    response: groupWelcomeTemplateView,
    run: async (d: GroupDeps, c) => json(await deleteGroupWelcomeTemplate(d, c.corpId, c.params.id)),
  }),
};
