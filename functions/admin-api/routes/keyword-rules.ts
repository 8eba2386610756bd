// Routes of keyword rules: create, list, update, delete (kept as 'deleted').
import { keywordRuleCreateSchema, keywordRuleListView, keywordRulePatchSchema, keywordRuleView } from '../../../shared/keywords/keyword-rule.schema';
import { createKeywordRule, deleteKeywordRule, listKeywordRules, updateKeywordRule, type KeywordRuleDeps } from '../keyword-rules';
import { auditById } from '../operation-log';
import { created, idParams, json, route } from '../route';
import { msg } from '../../../shared/i18n/messages';

export const keywordRuleRoutes = {
  create: route({
    method: 'POST',
    path: '/admin/v1/tenants/{corpId}/keyword-rules',
    permission: 'rules:write',
    scope: 'tenant',
    body: keywordRuleCreateSchema,
    invalid: { body: msg('invalid_keyword_rule') },
    response: keywordRuleView,
    audit: auditById((d: KeywordRuleDeps, corpId, id) => d.keywordRules.get(corpId, id)),
    run: async (d: KeywordRuleDeps, c) => created(await createKeywordRule(d, c.corpId, c.body)),
  }),
  list: route({
    method: 'GET',
    path: '/admin/v1/tenants/{corpId}/keyword-rules',
    permission: 'rules:read',
    scope: 'tenant',
    response: keywordRuleListView,
    run: async (d: KeywordRuleDeps, c) => json(await listKeywordRules(d, c.corpId)),
  }),
  update: route({
    method: 'PATCH',
    path: '/admin/v1/tenants/{corpId}/keyword-rules/{id}',
    permission: 'rules:write',
    scope: 'tenant',
    params: idParams,
    body: keywordRulePatchSchema,
    invalid: { body: msg('invalid_keyword_rule') },
    response: keywordRuleView,
    audit: auditById((d: KeywordRuleDeps, corpId, id) => d.keywordRules.get(corpId, id)),
    run: async (d: KeywordRuleDeps, c) => json(await updateKeywordRule(d, c.corpId, c.params.id, c.body)),
  }),
  delete: route({
    method: 'DELETE',
    path: '/admin/v1/tenants/{corpId}/keyword-rules/{id}',
    permission: 'rules:write',
    scope: 'tenant',
    params: idParams,
    response: keywordRuleView,
    audit: auditById((d: KeywordRuleDeps, corpId, id) => d.keywordRules.get(corpId, id)),
    run: async (d: KeywordRuleDeps, c) => json(await deleteKeywordRule(d, c.corpId, c.params.id)),
  }),
};
