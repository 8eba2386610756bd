// Custom fields (自定义字段) and the stage pipeline (客户阶段) in the admin API (docs/manual.md#自定义字段与客户阶段):
// definitions CRUD (admins), the pipeline read/set (admins set), a customer's values and stage set by
// anyone whose scope holds the customer (staff: own customers; manager: the department's), stage
// conversion read. Rules are pure (shared/domain/customer-fields.ts); storage shared/db/customer-field-repository.ts.
import { randomUUID } from 'node:crypto';
import * as z from 'zod';
import type { Principal } from '../../shared/auth/authenticate';
import type { Clock } from '../../shared/clock';
import {
  customerAttributesView,
  definitionOut,
  fieldDefinitionView,
  fieldType,
  fieldValuesSchema,
  pipelineOf,
  problemsError,
  recordStageMove,
  stageMoveSchema,
  stageMoveView,
  writeFieldValues,
} from '../../shared/customers/customer-attributes';
import { customerScope } from '../../shared/customers/scope';
import type { StaffRegistry } from '../../shared/customers/staff-sync';
import type { DynamoCustomerFieldStore } from '../../shared/db/customer-field-repository';
import type { DynamoCustomerStore } from '../../shared/db/customer-repository';
import type { DynamoFollowStore } from '../../shared/db/follow-repository';
import {
  DEFAULT_TEXT_MAX,
  filterProblems,
  MAX_FIELDS,
  MAX_OPTIONS,
  MAX_STAGES,
  pipelineProblem,
  TEXT_MAX_LIMIT,
  type AttributeFilter,
  type FieldDefinition,
} from '../../shared/domain/customer-fields';
import { visibleFollows } from '../../shared/domain/customers';
import { shanghaiDaysBetween } from '../../shared/events/time';
import { ConflictError, NotFoundError, ValidationError } from '../../shared/errors';
import { msg } from '../../shared/i18n/messages';
import { daySchema } from '../../shared/input/day.schema';
import { displayName } from '../../shared/input/text.schema';
import type { WebhookPublisher } from '../../shared/webhooks/webhook';

// The write and its schemas are shared with the sidebar (one implementation, shared/customers/customer-attributes.ts).
export {
  attributesOf,
  customerAttributesView,
  definitionOut,
  fieldDefinitionView,
  fieldValuesSchema,
  moveOut,
  pipelineOf,
  stageMoveSchema,
  stageMoveView,
  stagesView,
} from '../../shared/customers/customer-attributes';

export interface CustomerFieldDeps {
  customerFields: Pick<
    DynamoCustomerFieldStore,
    | 'definitions'
    | 'definition'
    | 'putDefinition'
    | 'stages'
    | 'putStages'
    | 'attributes'
    | 'putFields'
    | 'moveStage'
    | 'history'
    | 'movesOfDay'
    | 'countInStage'
  >;
  follows: Pick<DynamoFollowStore, 'followsOfCustomer'>;
  customerRecords: Pick<DynamoCustomerStore, 'appendTimeline'>;
  staffRegistry: StaffRegistry;
  clock: Clock;
  /** customer.stage_changed after a move (absent: no webhooks). */
  webhookEvents?: WebhookPublisher | undefined;
}

// ── schemas ──
const optionName = displayName(32);
export const fieldCreateSchema = z
  .strictObject({
    name: displayName(32).describe('字段名 / field name'),
    type: fieldType.describe('text 文本 | number 数字 | date 日期 (YYYY-MM-DD) | single 单选 | multi 多选'),
    maxLength: z.number().int().min(1).max(TEXT_MAX_LIMIT).optional().describe(`文本最大长度，默认 ${DEFAULT_TEXT_MAX} / text max length`),
    options: z.array(optionName).min(1).max(MAX_OPTIONS).optional().describe('单选/多选的选项 / the choices'),
  })
  .refine((b) => (b.type === 'single' || b.type === 'multi') === (b.options !== undefined), {
    message: '单选/多选必须给出 options，其他类型不能给 (options are required for single/multi, and only for them)',
    path: ['options'],
  })
  .refine((b) => b.maxLength === undefined || b.type === 'text', { message: '只有文本字段有 maxLength (maxLength is for text only)', path: ['maxLength'] })
  .refine((b) => b.options === undefined || new Set(b.options).size === b.options.length, {
    message: '选项不能重复 (options must be distinct)',
    path: ['options'],
  });
export const fieldPatchSchema = z
  .strictObject({
    name: displayName(32).optional(),
    maxLength: z.number().int().min(1).max(TEXT_MAX_LIMIT).optional(),
    options: z.array(optionName).min(1).max(MAX_OPTIONS).optional().describe('完整的新选项列表：只能新增，不能删除 / the whole new list: additions only'),
  })
  .refine((b) => b.options === undefined || new Set(b.options).size === b.options.length, {
    message: '选项不能重复 (options must be distinct)',
    path: ['options'],
  });
export const stagesSchema = z.strictObject({
  stages: z.array(displayName(16)).min(1).max(MAX_STAGES).describe('阶段名，按顺序 / stage names in pipeline order'),
});
export const customerIdParams = z.object({ externalUserId: z.string().min(1).max(128) });
export const stageMetricsQuery = z
  .object({ from: daySchema, to: daySchema })
  .refine((q) => q.from <= q.to, { message: 'to 不能早于 from (to before from)', path: ['to'] })
  .refine((q) => (Date.parse(q.to) - Date.parse(q.from)) / 86_400_000 < 92, {
    message: '最多 92 天 (at most 92 days)',
    path: ['to'],
  });

// ── views ──
export const fieldDefinitionListView = z.strictObject({ items: z.array(fieldDefinitionView) });
export const stageMetricsView = z.strictObject({
  stages: z.array(z.strictObject({ stage: z.string(), customers: z.number().int().describe('当前处于该阶段的客户数 / customers in it now') })),
  days: z.array(
    z.strictObject({
      day: z.string(),
      entered: z.record(z.string(), z.number().int()).describe('当天进入各阶段的客户数 / customers entering each stage that day'),
    }),
  ),
});

// ── definitions ──
export async function listFieldDefinitions(deps: Pick<CustomerFieldDeps, 'customerFields'>, corpId: string) {
  return { items: (await deps.customerFields.definitions(corpId)).map(definitionOut) };
}

export async function createFieldDefinition(
  deps: Pick<CustomerFieldDeps, 'customerFields' | 'clock'>,
  corpId: string,
  body: z.output<typeof fieldCreateSchema>,
) {
  const live = (await deps.customerFields.definitions(corpId)).filter((d) => d.status === 'active');
  if (live.length >= MAX_FIELDS) throw new ConflictError(msg('customer_fields_full', { max: MAX_FIELDS }));
  const nowMs = deps.clock.now();
  const now = Math.floor(nowMs / 1000);
  const d: FieldDefinition = {
    corpId,
    // The creation time leads the id, so definitions list in creation order.
    id: `f_${nowMs.toString(36).padStart(9, '0')}${randomUUID().replace(/-/g, '').slice(0, 6)}`,
    name: body.name,
    type: body.type,
    ...(body.type === 'text' ? { maxLength: body.maxLength ?? DEFAULT_TEXT_MAX } : {}),
    ...(body.options ? { options: body.options } : {}),
    status: 'active',
    createdAt: now,
    updatedAt: now,
  };
  await deps.customerFields.putDefinition(d);
  return definitionOut(d);
}

async function liveDefinition(deps: Pick<CustomerFieldDeps, 'customerFields'>, corpId: string, id: string) {
  const d = await deps.customerFields.definition(corpId, id);
  if (!d || d.status !== 'active') throw new NotFoundError(msg('unknown_customer_field'));
  return d;
}

export async function updateFieldDefinition(
  deps: Pick<CustomerFieldDeps, 'customerFields' | 'clock'>,
  corpId: string,
  id: string,
  body: z.output<typeof fieldPatchSchema>,
) {
  const d = await liveDefinition(deps, corpId, id);
  if (body.maxLength !== undefined && d.type !== 'text')
    throw new ValidationError(msg('invalid_customer_field'), { details: [{ field: 'maxLength', message: 'text fields only' }] });
  if (body.options !== undefined) {
    if (d.type !== 'single' && d.type !== 'multi')
      throw new ValidationError(msg('invalid_customer_field'), { details: [{ field: 'options', message: 'single/multi fields only' }] });
    const removed = (d.options ?? []).filter((o) => !body.options!.includes(o));
    if (removed.length > 0) throw new ValidationError(msg('customer_field_options_removed', { options: removed.join(', ') }), { details: { removed } });
  }
  const next: FieldDefinition = { ...d, ...body, updatedAt: Math.floor(deps.clock.now() / 1000) };
  await deps.customerFields.putDefinition(next);
  return definitionOut(next);
}

/** Marks the definition deleted: its values stay stored, hidden from every read, export and filter. */
export async function deleteFieldDefinition(deps: Pick<CustomerFieldDeps, 'customerFields' | 'clock'>, corpId: string, id: string) {
  const d = await liveDefinition(deps, corpId, id);
  const next: FieldDefinition = { ...d, status: 'deleted', updatedAt: Math.floor(deps.clock.now() / 1000) };
  await deps.customerFields.putDefinition(next);
  return definitionOut(next);
}

// ── the pipeline ──
/** Sets the pipeline; a stage that still holds customers cannot be removed (409 naming it). */
export async function setPipeline(deps: Pick<CustomerFieldDeps, 'customerFields' | 'clock'>, corpId: string, body: z.output<typeof stagesSchema>) {
  const problem = pipelineProblem(body.stages);
  if (problem) throw new ValidationError(msg('invalid_customer_stages'), { details: [{ field: 'stages', message: problem }] });
  const current = await pipelineOf(deps, corpId);
  for (const gone of current.stages.filter((s) => !body.stages.includes(s))) {
    const count = await deps.customerFields.countInStage(corpId, gone);
    if (count > 0) throw new ConflictError(msg('customer_stage_in_use', { stage: gone, count }), { details: { stage: gone, customers: count } });
  }
  await deps.customerFields.putStages(corpId, body.stages, Math.floor(deps.clock.now() / 1000));
  return { stages: body.stages, isDefault: false };
}

// ── a customer's values and stage ──
/** 404 unless the customer has a follow in the caller's scope (another tenant's customer has none here). */
async function visibleCustomer(deps: Pick<CustomerFieldDeps, 'follows' | 'staffRegistry'>, corpId: string, principal: Principal, externalUserId: string) {
  const scope = await customerScope(deps, corpId, principal);
  if (visibleFollows(await deps.follows.followsOfCustomer(corpId, externalUserId), scope).length === 0) throw new NotFoundError(msg('unknown_customer'));
}

/** Partial update of a customer's values (any problem → 400 naming the fields, nothing stored), for a customer in the caller's scope. */
export async function setFieldValues(
  deps: CustomerFieldDeps,
  corpId: string,
  principal: Principal,
  externalUserId: string,
  body: z.output<typeof fieldValuesSchema>,
): Promise<z.output<typeof customerAttributesView>> {
  await visibleCustomer(deps, corpId, principal, externalUserId);
  return writeFieldValues(deps, corpId, externalUserId, body.values);
}

/** Moves a customer in the caller's scope to a stage of the pipeline (history and timeline name the caller). */
export async function moveCustomerStage(
  deps: CustomerFieldDeps,
  corpId: string,
  principal: Principal,
  externalUserId: string,
  body: z.output<typeof stageMoveSchema>,
): Promise<z.output<typeof stageMoveView>> {
  await visibleCustomer(deps, corpId, principal, externalUserId);
  return recordStageMove(
    deps,
    corpId,
    { keyId: principal.keyId, role: principal.role, ...(principal.userId ? { userId: principal.userId } : {}) },
    externalUserId,
    body,
  );
}

/** Checks stage and field conditions of a filter (list, broadcast, SOP): 400 naming each bad one. */
export async function checkAttributeFilter(
  deps: { customerFields: Pick<DynamoCustomerFieldStore, 'stages' | 'definitions'> },
  corpId: string,
  filter: AttributeFilter,
) {
  const [defs, { stages }] = await Promise.all([deps.customerFields.definitions(corpId), pipelineOf(deps, corpId)]);
  const problems = filterProblems(defs, stages, filter);
  if (problems.length > 0) throw problemsError('invalid_customer_filter', problems);
  return defs;
}

// ── stage conversion ──
export async function stageMetrics(
  deps: Pick<CustomerFieldDeps, 'customerFields'>,
  corpId: string,
  q: z.output<typeof stageMetricsQuery>,
): Promise<z.output<typeof stageMetricsView>> {
  const { stages } = await pipelineOf(deps, corpId);
  const counts = await Promise.all(stages.map(async (stage) => ({ stage, customers: await deps.customerFields.countInStage(corpId, stage) })));
  const dayList = shanghaiDaysBetween(Date.parse(`${q.from}T12:00:00+08:00`) / 1000, Date.parse(`${q.to}T12:00:00+08:00`) / 1000);
  const days = await Promise.all(
    dayList.map(async (day) => {
      const entered: Record<string, number> = {};
      // A customer entering a stage twice the same day counts once for it.
      const seen = new Set<string>();
      for (const m of await deps.customerFields.movesOfDay(corpId, day)) {
        if (seen.has(`${m.to}#${m.externalUserId}`)) continue;
        seen.add(`${m.to}#${m.externalUserId}`);
        entered[m.to] = (entered[m.to] ?? 0) + 1;
      }
      return { day, entered };
    }),
  );
  return { stages: counts, days };
}
