// Keyword rules (spec §3): keywords, how they match, the reply a 微信客服 customer gets, and the actions
// an archived customer message triggers. Regexes are compiled at write time, so a bad one is a 400.
import { z } from 'zod';
import { displayName } from '../input/text.schema';
import { welcomeSchema } from '../tenants/tenant.schema';

const keyword = z.string().trim().min(1).max(100);

const base = {
  name: displayName(100),
  keywords: z.array(keyword).min(1).max(200),
  match: z.enum(['exact', 'contains', 'regex']),
  reply: welcomeSchema,
  actions: z.strictObject({
    addTags: z.array(z.string().min(1).max(64)).max(20).optional(),
    inviteGroupCodeId: z.string().min(1).max(64).optional(),
    notifyStaff: z.boolean().optional(),
    quickReplyId: z.string().min(1).max(64).optional(),
  }),
  scope: z.enum(['kf', 'archive', 'both']),
  enabled: z.boolean(),
};

const regexesCompile = (r: { match?: string | undefined; keywords?: string[] | undefined }) => {
  if (r.match !== 'regex') return true;
  try {
    for (const k of r.keywords ?? []) new RegExp(k, 'iu');
    return true;
  } catch {
    return false;
  }
};
const regexIssue = { message: 'a keyword is not a valid regular expression', path: ['keywords'] };

export const keywordRuleCreateSchema = z
  .strictObject({
    name: base.name.optional(),
    keywords: base.keywords,
    match: base.match.default('contains'),
    reply: base.reply.optional(),
    actions: base.actions.default({}),
    scope: base.scope.default('both'),
    enabled: base.enabled.default(true),
  })
  .refine(regexesCompile, regexIssue)
  .refine((r) => r.reply !== undefined || Object.keys(r.actions).length > 0, { message: 'a rule needs a reply or an action', path: ['reply'] });

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
  .refine(regexesCompile, regexIssue);

export interface KeywordRuleRecord {
  corpId: string;
  id: string;
  name?: string | undefined;
  keywords: string[];
  match: 'exact' | 'contains' | 'regex';
  reply?: z.infer<typeof welcomeSchema> | undefined;
  actions: z.infer<typeof base.actions>;
  scope: 'kf' | 'archive' | 'both';
  enabled: boolean;
  status: 'active' | 'deleted';
  createdAt: string;
  updatedAt: string;
}

export interface KeywordRuleStore {
  list(corpId: string): Promise<KeywordRuleRecord[]>;
  get(corpId: string, id: string): Promise<KeywordRuleRecord | undefined>;
  /** Writes the rule and bumps the tenant's rule-set version (what invalidates compiled matchers). */
  put(record: KeywordRuleRecord): Promise<void>;
  /** The tenant's rule-set version: changes whenever a rule is written. */
  version(corpId: string): Promise<number>;
}

export function publicRule(r: KeywordRuleRecord) {
  const { corpId: _c, ...rest } = r;
  return rest;
}
