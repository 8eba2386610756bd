// Group welcome templates (入群欢迎语素材) in the admin API, kept in WeCom's library with
// group_welcome_template/add|edit|del. Our `{{name}}` is sent as WeCom's `%NICKNAME%`; text ≤ 3000 bytes;
// at most 100 per corp (WeCom's limit; beyond: 422). A deleted template stays readable (status 'deleted').
import { MAX_GROUP_WELCOME_TEMPLATES, toWecomWelcomeText } from '../../shared/domain/group-routing';
import { NotFoundError, UnprocessableError } from '../../shared/errors';
import type * as z from 'zod';
import type { groupWelcomeTemplateCreateSchema, groupWelcomeTemplatePatchSchema } from '../../shared/groups/group-welcome-template.schema';
import { newGroupWelcomeTemplateId, publicGroupWelcomeTemplate, type GroupWelcomeTemplateRecord } from '../../shared/groups/group-welcome-template';
import { requireTenantApi } from '../../shared/tenants/tenant-api';
import { withRefusedFields } from '../../shared/wecom/refused-fields';
import { WecomApiError } from '../../shared/wecom/wecom-error';
import type { GroupDeps } from './group-codes';
import { msg } from '../../shared/i18n/messages';

/** WeCom: the corp's template library is full. */
const TEMPLATE_LIMIT = 41055;
/** WeCom refusing a template's content (40058, invalid parameter) is about its `text`. */
const TEXT_REFUSALS = {
  'externalcontact/group_welcome_template/add': { 40058: 'text' },
  'externalcontact/group_welcome_template/edit': { 40058: 'text' },
} as const;
const full = () => new UnprocessableError(msg('group_welcome_templates_full', { max: MAX_GROUP_WELCOME_TEMPLATES }));

async function existing(deps: GroupDeps, corpId: string, id: string): Promise<GroupWelcomeTemplateRecord> {
  const t = await deps.groupWelcomeTemplates.get(corpId, id);
  if (!t) throw new NotFoundError(msg('unknown_group_welcome_template'));
  return t;
}

export async function createGroupWelcomeTemplate(deps: GroupDeps, corpId: string, input: z.output<typeof groupWelcomeTemplateCreateSchema>) {
  const api = withRefusedFields(await requireTenantApi(deps, corpId), TEXT_REFUSALS);
  const active = (await deps.groupWelcomeTemplates.list(corpId)).filter((t) => t.status === 'active');
  if (active.length >= MAX_GROUP_WELCOME_TEMPLATES) throw full();
  let templateId: string;
  try {
    const out = await api.call('externalcontact/group_welcome_template/add', {
      text: { content: toWecomWelcomeText(input.text) },
      notify: input.notify ? 1 : 0,
    });
    templateId = out.template_id;
  } catch (e) {
    if (e instanceof WecomApiError && e.errcode === TEMPLATE_LIMIT) throw full();
    throw e;
  }
  const at = new Date(deps.clock.now()).toISOString();
  const record: GroupWelcomeTemplateRecord = { corpId, id: newGroupWelcomeTemplateId(), ...input, templateId, status: 'active', createdAt: at, updatedAt: at };
  await deps.groupWelcomeTemplates.put(record);
  return publicGroupWelcomeTemplate(record);
}

export async function listGroupWelcomeTemplates(deps: GroupDeps, corpId: string) {
  return { items: (await deps.groupWelcomeTemplates.list(corpId)).map(publicGroupWelcomeTemplate) };
}

export async function updateGroupWelcomeTemplate(deps: GroupDeps, corpId: string, id: string, patch: z.output<typeof groupWelcomeTemplatePatchSchema>) {
  const api = withRefusedFields(await requireTenantApi(deps, corpId), TEXT_REFUSALS);
  const current = await existing(deps, corpId, id);
  if (current.status === 'deleted') throw new NotFoundError(msg('group_welcome_template_deleted'));
  if (patch.text !== undefined && patch.text !== current.text) {
    await api.call('externalcontact/group_welcome_template/edit', { template_id: current.templateId, text: { content: toWecomWelcomeText(patch.text) } });
  }
  const next: GroupWelcomeTemplateRecord = { ...current, ...patch, updatedAt: new Date(deps.clock.now()).toISOString() };
  await deps.groupWelcomeTemplates.put(next);
  return publicGroupWelcomeTemplate(next);
}

export async function deleteGroupWelcomeTemplate(deps: GroupDeps, corpId: string, id: string) {
  const api = await requireTenantApi(deps, corpId);
  const current = await existing(deps, corpId, id);
  if (current.status === 'deleted') return publicGroupWelcomeTemplate(current);
  try {
    await api.call('externalcontact/group_welcome_template/del', { template_id: current.templateId });
  } catch (e) {
    // Gone from WeCom's library already (40058 unknown template_id): deleted all the same.
    if (!(e instanceof WecomApiError && e.errcode === 40058)) throw e;
  }
  const next: GroupWelcomeTemplateRecord = { ...current, status: 'deleted', updatedAt: new Date(deps.clock.now()).toISOString() };
  await deps.groupWelcomeTemplates.put(next);
  return publicGroupWelcomeTemplate(next);
}
