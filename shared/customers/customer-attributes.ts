// A customer's custom field values and stage (docs/manual.md#自定义字段与客户阶段), written the same way by
// the admin API (functions/admin-api/customer-fields.ts: anyone whose scope holds the customer) and the
// sidebar (functions/sidebar-api/customer-attributes.ts: the member who follows the customer). Who may write
// is the caller's check; this module holds the one implementation of the write: the request and answer
// schemas, the values checked against the definitions (shared/domain/customer-fields.ts, all or nothing),
// the stage checked against the pipeline, the move recorded in the history and on the timeline.
import { randomUUID } from 'node:crypto';
import * as z from 'zod';
import type { Clock } from '../clock';
import type { DynamoCustomerFieldStore } from '../db/customer-field-repository';
import type { DynamoCustomerStore } from '../db/customer-repository';
import {
  applyFieldPatch,
  DEFAULT_STAGES,
  MAX_FIELDS,
  visibleValues,
  type FieldDefinition,
  type FieldProblem,
  type FieldValue,
  type StageMove,
} from '../domain/customer-fields';
import { ConflictError, ValidationError } from '../errors';
import { msg } from '../i18n/messages';
import { safeText } from '../input/text.schema';
import { publishStageChanged } from '../webhooks/publish-events';
import type { WebhookPublisher } from '../webhooks/webhook';

// ── schemas ──
export const fieldType = z.enum(['text', 'number', 'date', 'single', 'multi']);
const fieldValue = z.union([z.string(), z.number(), z.array(z.string()), z.null()]);
export const fieldValuesSchema = z
  .strictObject({ values: z.record(z.string().min(1).max(64), fieldValue).describe('字段 id → 值；null 清除 / field id → value; null clears') })
  .refine((b) => Object.keys(b.values).length > 0 && Object.keys(b.values).length <= MAX_FIELDS, { message: `1–${MAX_FIELDS} values`, path: ['values'] });
export const stageMoveSchema = z.strictObject({
  stage: z.string().min(1).max(16).describe('目标阶段 / the stage to move to'),
  note: z.string().max(200).superRefine(safeText).optional().describe('备注 / note'),
});

// ── views ──
export const fieldValueView = z.union([z.string(), z.number(), z.array(z.string())]);
export const fieldDefinitionView = z.strictObject({
  id: z.string(),
  name: z.string(),
  type: fieldType,
  maxLength: z.number().int().optional(),
  options: z.array(z.string()).optional(),
  status: z.enum(['active', 'deleted']),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
});
export const stagesView = z.strictObject({ stages: z.array(z.string()), isDefault: z.boolean().describe('未设置过时为默认阶段 / the default pipeline') });
export const stageMoveView = z.strictObject({
  from: z.string().nullable(),
  to: z.string(),
  at: z.iso.datetime(),
  by: z.strictObject({ keyId: z.string(), role: z.string(), userId: z.string().optional() }).describe('操作人：登录成员或 API 密钥 / who moved it'),
  note: z.string().optional(),
});
export const customerAttributesView = z.strictObject({
  fields: z.record(z.string(), fieldValueView).describe('字段 id → 值（已删除字段的值不显示）/ field id → value (deleted fields hidden)'),
  stage: z.string().nullable(),
});

const iso = (s: number) => new Date(s * 1000).toISOString();
export const definitionOut = (d: FieldDefinition): z.output<typeof fieldDefinitionView> => ({
  id: d.id,
  name: d.name,
  type: d.type,
  ...(d.maxLength !== undefined ? { maxLength: d.maxLength } : {}),
  ...(d.options !== undefined ? { options: d.options } : {}),
  status: d.status,
  createdAt: iso(d.createdAt),
  updatedAt: iso(d.updatedAt),
});
export const moveOut = (m: StageMove): z.output<typeof stageMoveView> => ({
  from: m.from,
  to: m.to,
  at: iso(m.at),
  by: { keyId: m.by.keyId, role: m.by.role, ...(m.by.userId ? { userId: m.by.userId } : {}) },
  ...(m.note ? { note: m.note } : {}),
});

export const problemsError = (id: 'customer_field_values_invalid' | 'invalid_customer_filter', problems: FieldProblem[]) =>
  new ValidationError(msg(id, { fields: problems.map((p) => `${p.field} (${p.reason})`).join(', ') }), { details: problems });

// ── reads ──
type StagesReader = { customerFields: Pick<DynamoCustomerFieldStore, 'stages'> };

export async function pipelineOf(deps: StagesReader, corpId: string): Promise<z.output<typeof stagesView>> {
  const stages = await deps.customerFields.stages(corpId);
  return stages ? { stages, isDefault: false } : { stages: [...DEFAULT_STAGES], isDefault: true };
}

/** A customer's visible values and stage, as stored (for detail reads and the operation log). */
export async function attributesOf(
  deps: { customerFields: Pick<DynamoCustomerFieldStore, 'definitions' | 'attributes'> },
  corpId: string,
  externalUserId: string,
) {
  const [defs, attrs] = await Promise.all([deps.customerFields.definitions(corpId), deps.customerFields.attributes(corpId, externalUserId)]);
  return { fields: visibleValues(defs, attrs?.fields ?? {}), stage: attrs?.stage ?? null };
}

// ── writes (the caller checked the customer is theirs) ──
export interface AttributeWriteDeps {
  customerFields: Pick<DynamoCustomerFieldStore, 'definitions' | 'stages' | 'attributes' | 'putFields' | 'moveStage'>;
  customerRecords: Pick<DynamoCustomerStore, 'appendTimeline'>;
  clock: Clock;
  /** Outbound webhooks: customer.stage_changed once per move (absent: none published). */
  webhookEvents?: WebhookPublisher | undefined;
}

/** Partial update of a customer's values: every value checked first; any problem → 400 naming the fields, nothing stored. */
export async function writeFieldValues(
  deps: AttributeWriteDeps,
  corpId: string,
  externalUserId: string,
  values: Record<string, FieldValue | null>,
): Promise<z.output<typeof customerAttributesView>> {
  const [defs, attrs] = await Promise.all([deps.customerFields.definitions(corpId), deps.customerFields.attributes(corpId, externalUserId)]);
  const out = applyFieldPatch(defs, attrs?.fields ?? {}, values);
  if (!out.values) throw problemsError('customer_field_values_invalid', out.problems);
  if (!(await deps.customerFields.putFields(corpId, externalUserId, out.values, attrs?.rev ?? 0))) throw new ConflictError(msg('customer_changed_meanwhile'));
  return { fields: visibleValues(defs, out.values), stage: attrs?.stage ?? null };
}

/** Moves a customer to a stage of the pipeline, recording who (`by`), when, from → to (history and timeline). */
export async function recordStageMove(
  deps: AttributeWriteDeps,
  corpId: string,
  by: StageMove['by'],
  externalUserId: string,
  body: z.output<typeof stageMoveSchema>,
): Promise<z.output<typeof stageMoveView>> {
  const { stages } = await pipelineOf(deps, corpId);
  if (!stages.includes(body.stage))
    throw new ValidationError(msg('unknown_customer_stage', { stage: body.stage, stages: stages.join(' → ') }), {
      details: [{ field: 'stage', reason: 'unknown_stage', expected: stages }],
    });
  const attrs = await deps.customerFields.attributes(corpId, externalUserId);
  // Strictly after the previous move, so the history keeps its order when two moves share a clock reading.
  const atMs = Math.max(deps.clock.now(), (attrs?.stageAtMs ?? 0) + 1);
  const at = Math.floor(atMs / 1000);
  const move: StageMove = { corpId, externalUserId, from: attrs?.stage ?? null, to: body.stage, at, by, ...(body.note ? { note: body.note } : {}) };
  const nonce = randomUUID().replace(/-/g, '').slice(0, 12);
  if (!(await deps.customerFields.moveStage(move, nonce, atMs))) throw new ConflictError(msg('customer_changed_meanwhile'));
  await deps.customerRecords.appendTimeline({
    corpId,
    externalUserId,
    at,
    // Timeline keys are second + event key: the move's millisecond keeps moves within one second in order.
    eventKey: `stage-${String(atMs).padStart(13, '0')}-${nonce}`,
    kind: 'stage_changed',
    userId: by.userId ?? by.keyId,
    detail: { from: move.from, to: move.to, keyId: by.keyId, ...(body.note ? { note: body.note } : {}) },
  });
  // One event per recorded move (its nonce is the source key); a move to the stage the customer is in changes nothing.
  if (deps.webhookEvents && move.from !== move.to) {
    await publishStageChanged(
      deps.webhookEvents,
      corpId,
      { externalUserId, from: move.from, to: move.to, by: by.userId ?? by.keyId },
      { occurredAt: at * 1000, sourceKey: `stage#${externalUserId}#${nonce}` },
    );
  }
  return moveOut(move);
}
