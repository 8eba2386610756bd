// SOP plans in the admin API (docs/manual.md#admin-api): POST/GET …/sop-plans, GET/PATCH …/sop-plans/{id}. A plan is
// stored with a due marker `plan#<id>` (job sop): enrolment from the event log while it is active, or its
// next calendar time. Responses carry the plan's outcome counters; GET one also pages its runs.
import { randomUUID } from 'node:crypto';
import * as z from 'zod';
import type { Clock } from '../../shared/clock';
import { decodeCursor, encodeCursor } from '../../shared/db/cursor';
import type { DynamoCustomerFieldStore } from '../../shared/db/customer-field-repository';
import type { SopStore } from '../../shared/db/sop-repository';
import { durationSeconds, isHhmm, type SopPlan } from '../../shared/domain/sop';
import { inScope, type CustomerScope } from '../../shared/domain/customers';
import { ConflictError, NotFoundError, ValidationError } from '../../shared/errors';
import { assertFitsItem } from '../../shared/input/item-size';
import { displayName } from '../../shared/input/text.schema';
import { attributeConditions, contentSchema, idSchema } from '../../shared/outreach/outreach.schema';
import type { DueStore } from '../../shared/schedules/due';
import type { TenantStore } from '../../shared/tenants/tenant';
import { pageQuery } from '../../shared/input/params';
import { parseInput } from '../../shared/validation';
import { schedulePlan } from '../../shared/outreach/sop-schedule';
import { msg } from '../../shared/i18n/messages';
import type { MaterialStore } from '../../shared/materials/material';
import { checkAttributeFilter } from './customer-fields';
import { checkMaterialRefs } from './materials';

export interface SopPlanDeps {
  sopPlans: SopStore;
  tenants: TenantStore;
  due: DueStore;
  clock: Clock;
  customerFields: Pick<DynamoCustomerFieldStore, 'definitions' | 'stages'>;
  materials: MaterialStore;
}

const stepSchema = z
  .strictObject({
    after: z
      .string()
      .refine((d) => durationSeconds(d) !== undefined, 'an ISO-8601 duration of weeks, days, hours, minutes, seconds (e.g. P1D, PT2H)')
      .optional(),
    at: z.string().refine(isHhmm, 'HH:mm (Asia/Shanghai)').optional(),
    /** Calendar plans: ISO weekdays (1 = Monday … 7 = Sunday); every day when absent. */
    days: z.array(z.number().int().min(1).max(7)).min(1).max(7).optional(),
    send: contentSchema,
    via: z.enum(['mass_message', 'staff_reminder']),
  })
  .refine((s) => s.after !== undefined || s.at !== undefined, 'a step needs after or at');

const audienceSchema = z.strictObject({
  channels: z.array(idSchema).max(100).optional(),
  tags: z.array(idSchema).max(100).optional(),
  chatIds: z.array(idSchema).max(2000).optional(),
  owners: z.array(idSchema).max(1000).optional(),
  ...attributeConditions,
});

const fields = {
  name: displayName(100),
  trigger: z.enum(['added', 'tagged', 'joined_group', 'calendar']),
  audience: audienceSchema,
  steps: z.array(stepSchema).min(1).max(50),
  status: z.enum(['active', 'paused']),
};

type Checked = Pick<SopPlan, 'trigger' | 'audience' | 'steps'>;
function checkPlan(p: Checked, ctx: z.RefinementCtx) {
  const issue = (path: Array<string | number>, message: string) => ctx.addIssue({ code: 'custom', path, message });
  if (p.trigger === 'tagged' && !p.audience.tags?.length) issue(['audience', 'tags'], 'a tagged plan needs tags');
  if (p.trigger === 'calendar' && !p.audience.chatIds?.length && !p.audience.owners?.length) issue(['audience'], 'a calendar plan needs chatIds or owners');
  if ((p.trigger === 'added' || p.trigger === 'tagged') && (p.audience.chatIds || p.audience.owners))
    issue(['audience'], 'chatIds and owners apply to group plans');
  if ((p.trigger === 'joined_group' || p.trigger === 'calendar') && (p.audience.stages || p.audience.fields))
    issue(['audience'], 'stages and fields apply to customer plans');
  p.steps.forEach((s, i) => {
    if (p.trigger === 'calendar') {
      if (!s.at || s.after) issue(['steps', i], 'calendar steps fire at a time: at (and days), no after');
      if (s.via !== 'mass_message') issue(['steps', i, 'via'], 'calendar steps go to groups as mass messages');
    } else if (s.days) issue(['steps', i, 'days'], 'days applies to calendar plans');
  });
}

/** 50 steps of long texts and attachments, or thousands of chat ids, can outgrow one item. */
const PLAN_FIELDS = ['steps', 'audience', 'name'] as const;

export const sopCreateBody = z.strictObject({ ...fields, status: fields.status.default('active') }).superRefine(checkPlan);
export const sopPatchBody = z.strictObject({
  name: fields.name.optional(),
  audience: fields.audience.optional(),
  steps: fields.steps.optional(),
  status: fields.status.optional(),
});

export const sopRunsQuery = pageQuery(200);

async function view(deps: SopPlanDeps, p: SopPlan) {
  const { corpId: _c, version: _v, enrolledUpTo, ...rest } = p;
  return { ...rest, enrolledUpTo: new Date(enrolledUpTo * 1000).toISOString(), results: await deps.sopPlans.stats(p.corpId, p.id) };
}

/** Every `{materialId}` the steps send names a material of the tenant (400 naming the missing one, nothing stored). */
async function checkStepMaterials(deps: SopPlanDeps, corpId: string, steps: ReadonlyArray<SopPlan['steps'][number]> | undefined) {
  for (const s of steps ?? []) await checkMaterialRefs(deps, corpId, s.send.attachments);
}

export async function createSopPlan(deps: SopPlanDeps, corpId: string, input: z.output<typeof sopCreateBody>) {
  if (input.audience.stages || input.audience.fields) await checkAttributeFilter(deps, corpId, input.audience);
  await checkStepMaterials(deps, corpId, input.steps);
  const nowMs = deps.clock.now();
  const now = new Date(nowMs).toISOString();
  const plan: SopPlan = {
    corpId,
    id: randomUUID().replace(/-/g, '').slice(0, 20),
    ...input,
    enrolledUpTo: Math.floor(nowMs / 1000),
    createdAt: now,
    updatedAt: now,
    version: 1,
  };
  assertFitsItem(plan, PLAN_FIELDS);
  if (!(await deps.tenants.get(corpId))) throw new NotFoundError(msg('unknown_tenant'));
  await deps.sopPlans.createPlan(plan);
  await schedulePlan(deps.due, plan, Math.floor(nowMs / 1000));
  return view(deps, plan);
}

export async function listSopPlans(deps: SopPlanDeps, corpId: string) {
  return { items: await Promise.all((await deps.sopPlans.listPlans(corpId)).map((p) => view(deps, p))) };
}

/** GET …/sop-plans/{id}: the plan and a page of its runs (those of members inside the caller's scope). */
export async function getSopPlan(deps: SopPlanDeps, corpId: string, id: string, q: z.output<typeof sopRunsQuery>, scope: CustomerScope = { kind: 'all' }) {
  const after = q.cursor ? decodeCursor('sopRuns', q.cursor).a : undefined;
  const plan = await deps.sopPlans.getPlan(corpId, id);
  if (!plan) throw new NotFoundError(msg('unknown_sop_plan'));
  const page = await deps.sopPlans.runsPage(corpId, id, q.limit ?? 50, after);
  return {
    ...(await view(deps, plan)),
    runs: { items: page.items.filter((r) => inScope(scope, r.userId)), cursor: page.last ? encodeCursor('sopRuns', { a: page.last }) : null },
  };
}

export async function updateSopPlan(deps: SopPlanDeps, corpId: string, id: string, patch: z.output<typeof sopPatchBody>) {
  const plan = await deps.sopPlans.getPlan(corpId, id);
  if (!plan) throw new NotFoundError(msg('unknown_sop_plan'));
  if (patch.audience?.stages || patch.audience?.fields) await checkAttributeFilter(deps, corpId, patch.audience);
  await checkStepMaterials(deps, corpId, patch.steps);
  if ((plan.trigger === 'joined_group' || plan.trigger === 'calendar') && (patch.audience?.stages || patch.audience?.fields))
    throw new ValidationError(msg('invalid_sop_plan'), { details: [{ field: 'audience', message: 'stages and fields apply to customer plans' }] });
  const nowMs = deps.clock.now();
  const next: SopPlan = { ...plan, ...patch, updatedAt: new Date(nowMs).toISOString(), version: plan.version + 1 };
  // Resuming does not enrol what happened while paused: enrolment starts again from now.
  if (plan.status === 'paused' && next.status === 'active') next.enrolledUpTo = Math.floor(nowMs / 1000);
  parseInput(z.custom<Checked>().superRefine(checkPlan), next, msg('invalid_sop_plan'));
  assertFitsItem(next, PLAN_FIELDS);
  if (!(await deps.sopPlans.updatePlan(next))) throw new ConflictError(msg('sop_plan_changed'));
  if (plan.status !== next.status || JSON.stringify(plan.steps) !== JSON.stringify(next.steps)) await schedulePlan(deps.due, next, Math.floor(nowMs / 1000));
  return view(deps, next);
}
