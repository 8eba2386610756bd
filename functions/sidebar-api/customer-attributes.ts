// A customer's stage and custom fields in the sidebar (docs/manual.md#侧边栏): PUT /sidebar/v1/customers/
// {externalUserId}/stage and …/fields, for a customer the signed-in member follows (any other id, known or
// not, is the same 404 and nothing changes). The write is the admin API's (shared/customers/customer-attributes.ts):
// values checked against the definitions (400 naming each bad field, nothing stored), the stage against the
// pipeline, the move in the history and on the timeline naming the member. Each write is in the operation log.
// Also the part of the sidebar's customer view these fill: stage, pipeline, the live definitions and the values.
import * as z from 'zod';
import {
  attributesOf,
  definitionOut,
  fieldDefinitionView,
  pipelineOf,
  recordStageMove,
  writeFieldValues,
  type AttributeWriteDeps,
  type customerAttributesView,
  type fieldValuesSchema,
  type stageMoveSchema,
  type stageMoveView,
} from '../../shared/customers/customer-attributes';
import type { DynamoCustomerFieldStore } from '../../shared/db/customer-field-repository';
import type { DynamoFollowStore } from '../../shared/db/follow-repository';
import { NotFoundError } from '../../shared/errors';
import { msg } from '../../shared/i18n/messages';
import type { StaffMember } from './member';
import { recordSidebarWrite, type SidebarLogDeps } from './oplog';

export interface SidebarAttributeDeps extends AttributeWriteDeps, SidebarLogDeps {
  follows: Pick<DynamoFollowStore, 'followsOfCustomer'>;
}

/** The custom fields block of the sidebar's customer view. */
export const sidebarAttributesView = z.strictObject({
  stage: z.string().nullable().describe('客户阶段 / the customer’s stage'),
  pipeline: z.array(z.string()).describe('阶段，按顺序 / the stages in order'),
  fieldDefinitions: z.array(fieldDefinitionView).describe('启用中的自定义字段 / the live custom fields'),
  fields: z.record(z.string(), z.union([z.string(), z.number(), z.array(z.string())])).describe('字段 id → 值 / field id → value'),
});

export async function sidebarAttributes(
  deps: { customerFields: Pick<DynamoCustomerFieldStore, 'definitions' | 'attributes' | 'stages'> },
  corpId: string,
  externalUserId: string,
): Promise<z.output<typeof sidebarAttributesView>> {
  const [defs, attrs, { stages }] = await Promise.all([
    deps.customerFields.definitions(corpId),
    attributesOf(deps, corpId, externalUserId),
    pipelineOf(deps, corpId),
  ]);
  return { stage: attrs.stage, pipeline: stages, fieldDefinitions: defs.filter((d) => d.status === 'active').map(definitionOut), fields: attrs.fields };
}

/** 404 unless the member actively follows the customer: an id of someone else's customer says nothing more. */
async function followed(deps: SidebarAttributeDeps, member: StaffMember, externalUserId: string): Promise<void> {
  const all = await deps.follows.followsOfCustomer(member.corpId, externalUserId);
  if (!all.some((f) => f.userId === member.userId && f.status === 'active')) throw new NotFoundError(msg('sidebar_customer_not_followed'));
}

const FIELDS_ROUTE = 'PUT /sidebar/v1/customers/{externalUserId}/fields';
const STAGE_ROUTE = 'PUT /sidebar/v1/customers/{externalUserId}/stage';

export async function setSidebarFields(
  deps: SidebarAttributeDeps,
  member: StaffMember,
  externalUserId: string,
  body: z.output<typeof fieldValuesSchema>,
): Promise<z.output<typeof customerAttributesView>> {
  await followed(deps, member, externalUserId);
  const before = await attributesOf(deps, member.corpId, externalUserId);
  const after = await writeFieldValues(deps, member.corpId, externalUserId, body.values);
  await recordSidebarWrite(deps, member, FIELDS_ROUTE, { externalUserId }, { fields: before.fields }, { fields: after.fields });
  return after;
}

export async function setSidebarStage(
  deps: SidebarAttributeDeps,
  member: StaffMember,
  externalUserId: string,
  body: z.output<typeof stageMoveSchema>,
): Promise<z.output<typeof stageMoveView>> {
  await followed(deps, member, externalUserId);
  const move = await recordStageMove(deps, member.corpId, { keyId: member.keyId, role: member.role, userId: member.userId }, externalUserId, body);
  await recordSidebarWrite(deps, member, STAGE_ROUTE, { externalUserId }, { stage: move.from }, { stage: move.to });
  return move;
}
