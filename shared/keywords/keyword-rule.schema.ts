// Keyword rules (docs/manual.md#admin-api): keywords, how they match, the reply a 微信客服 customer gets, and the actions
// an archived customer message triggers. Regexes are compiled at write time for the linear-time engine
// the matcher runs them on (RE2 syntax: no backreferences, no lookaround), so one it cannot run is a 400
// naming the keyword (`keywords.1`) and saying why. The record, its store port and presenter: keyword-rule.ts.
import * as z from 'zod';
import { displayName } from '../input/text.schema';
import { compileTenantRegex } from '../domain/tenant-regex';
import { plainAttachments } from '../materials/attachment.schema';
import { welcomeSchema, welcomeView } from '../tenants/tenant.schema';

const keyword = z.string().trim().min(1).max(100);

const base = {
  name: displayName(100),
  keywords: z.array(keyword).min(1).max(200),
  match: z.enum(['exact', 'contains', 'regex']),
  reply: welcomeSchema.extend({ attachments: plainAttachments.optional() }),
  actions: z.strictObject({
    addTags: z.array(z.string().min(1).max(64)).max(20).optional(),
    inviteGroupCodeId: z.string().min(1).max(64).optional(),
    notifyStaff: z.boolean().optional(),
    quickReplyId: z.string().min(1).max(64).optional(),
  }),
  scope: z.enum(['kf', 'archive', 'both']),
  enabled: z.boolean(),
};

/** With `match: regex`, every keyword must compile for the linear-time engine; one issue per keyword that does not. */
const regexesCompile = (r: { match?: string | undefined; keywords?: string[] | undefined }, ctx: z.RefinementCtx) => {
  if (r.match !== 'regex') return;
  (r.keywords ?? []).forEach((k, i) => {
    const compiled = compileTenantRegex(k);
    if (!compiled.ok) ctx.addIssue({ code: 'custom', message: compiled.reason, path: ['keywords', i] });
  });
};

const createFields = z.strictObject({
  name: base.name.optional(),
  keywords: base.keywords,
  match: base.match.default('contains'),
  reply: base.reply.optional(),
  actions: base.actions.default({}),
  scope: base.scope.default('both'),
  enabled: base.enabled.default(true),
});
const hasReplyOrAction = (r: z.infer<typeof createFields>) => r.reply !== undefined || Object.keys(r.actions).length > 0;
const replyOrActionIssue = { message: 'a rule needs a reply or an action', path: ['reply'] };

export const keywordRuleCreateSchema = createFields.superRefine(regexesCompile).refine(hasReplyOrAction, replyOrActionIssue);

/**
 * A rule as a PATCH leaves it, when the PATCH changes neither keywords nor match: its stored patterns are
 * not re-checked, so a rule stored before patterns were checked with RE2 can still be renamed or disabled.
 */
export const keywordRuleKeptPatternsSchema = createFields.refine(hasReplyOrAction, replyOrActionIssue);

export const keywordRulePatchSchema = z
  .strictObject({
    name: base.name.optional(),
    keywords: base.keywords.optional(),
    match: base.match.optional(),
    reply: base.reply.nullable().optional(),
    actions: base.actions.optional(),
    scope: base.scope.optional(),
    enabled: base.enabled.optional(),
  })
  .superRefine(regexesCompile);

/** What a rule does besides replying: tags to add, a group code to invite to, staff to notify, a quick reply. */
export type KeywordRuleActions = z.infer<typeof base.actions>;

/** A rule as the API shows it (presenter: keyword-rule.ts publicRule). */
export const keywordRuleView = z.strictObject({
  id: z.string(),
  name: z.string().optional(),
  keywords: z.array(z.string()),
  match: base.match,
  reply: welcomeView.optional().describe('微信客服客户收到的回复 / the reply a 微信客服 customer gets'),
  actions: z.strictObject({
    addTags: z.array(z.string()).optional().describe('企业标签 id / corp tag ids'),
    inviteGroupCodeId: z.string().optional(),
    notifyStaff: z.boolean().optional(),
    quickReplyId: z.string().optional(),
  }),
  scope: base.scope.describe('kf：微信客服；archive：会话存档；both：两者 / where the rule applies'),
  enabled: z.boolean(),
  status: z.enum(['active', 'deleted']),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
});
export const keywordRuleListView = z.strictObject({ items: z.array(keywordRuleView) });
export type KeywordRuleView = z.output<typeof keywordRuleView>;
