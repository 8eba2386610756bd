// Routes of SOP plans: create, list, read one (with a page of its runs), update.
import { auditById } from '../operation-log';
import { created, idParams, json, route } from '../route';
import { sopPlansList, sopPlanView, sopPlanWithRuns } from '../sop-plans.view';
import { createSopPlan, getSopPlan, listSopPlans, sopCreateBody, sopPatchBody, sopRunsQuery, updateSopPlan, type SopPlanDeps } from '../sop-plans';
import { msg } from '../../../shared/i18n/messages';

export const sopPlanRoutes = {
  create: route({
    method: 'POST',
    path: '/admin/v1/tenants/{corpId}/sop-plans',
    permission: 'outreach:write',
    scope: 'tenant',
    body: sopCreateBody,
    invalid: { body: msg('invalid_sop_plan') },
    response: sopPlanView,
    audit: auditById((d: SopPlanDeps, corpId, id) => d.sopPlans.getPlan(corpId, id)),
    run: async (d: SopPlanDeps, c) => created(await createSopPlan(d, c.corpId, c.body)),
  }),
  list: route({
    method: 'GET',
    path: '/admin/v1/tenants/{corpId}/sop-plans',
    permission: 'outreach:read',
    scope: 'tenant',
    response: sopPlansList,
    run: async (d: SopPlanDeps, c) => json(await listSopPlans(d, c.corpId)),
  }),
  get: route({
    method: 'GET',
    path: '/admin/v1/tenants/{corpId}/sop-plans/{id}',
    permission: 'outreach:read',
    scope: 'caller',
    params: idParams,
    query: sopRunsQuery,
    response: sopPlanWithRuns,
    run: async (d: SopPlanDeps, c) => json(await getSopPlan(d, c.corpId, c.params.id, c.query, await c.scope())),
  }),
  update: route({
    method: 'PATCH',
    path: '/admin/v1/tenants/{corpId}/sop-plans/{id}',
    permission: 'outreach:write',
    scope: 'tenant',
    params: idParams,
    body: sopPatchBody,
    invalid: { body: msg('invalid_sop_plan') },
    response: sopPlanView,
    audit: auditById((d: SopPlanDeps, corpId, id) => d.sopPlans.getPlan(corpId, id)),
    run: async (d: SopPlanDeps, c) => json(await updateSopPlan(d, c.corpId, c.params.id, c.body)),
  }),
};
