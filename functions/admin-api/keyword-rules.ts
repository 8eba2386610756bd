// Keyword rules in the admin API (docs/manual.md#admin-api). Rules are kept (status 'deleted') rather than removed, so
// what matched a past message stays explainable; every write bumps the tenant's rule-set version.
import { randomBytes } from 'node:crypto';
import { NotFoundError } from '../../shared/errors';
import type * as z from 'zod';
import type { Clock } from '../../shared/clock';
import { keywordRuleCreateSchema, keywordRuleKeptPatternsSchema, type keywordRulePatchSchema } from '../../shared/keywords/keyword-rule.schema';
import { publicRule, type KeywordRuleRecord, type KeywordRuleStore } from '../../shared/keywords/keyword-rule';
import { parseInput } from '../../shared/validation';
import { msg } from '../../shared/i18n/messages';

export interface KeywordRuleDeps {
  keywordRules: KeywordRuleStore;
  clock: Clock;
}

const newRuleId = () => `kw${randomBytes(6).toString('hex')}`;

async function existing(deps: KeywordRuleDeps, corpId: string, id: string): Promise<KeywordRuleRecord> {
  const r = await deps.keywordRules.get(corpId, id);
  if (!r || r.status === 'deleted') throw new NotFoundError(msg('unknown_keyword_rule'));
  return r;
}

export async function createKeywordRule(deps: KeywordRuleDeps, corpId: string, input: z.output<typeof keywordRuleCreateSchema>) {
  const at = new Date(deps.clock.now()).toISOString();
  const record: KeywordRuleRecord = { ...input, corpId, id: newRuleId(), status: 'active', createdAt: at, updatedAt: at };
  await deps.keywordRules.put(record);
  return publicRule(record);
}

export async function updateKeywordRule(deps: KeywordRuleDeps, corpId: string, id: string, patch: z.output<typeof keywordRulePatchSchema>) {
  const current = await existing(deps, corpId, id);
  const { reply, ...rest } = patch;
  const merged = { ...current, ...rest, ...(reply === undefined ? {} : { reply: reply ?? undefined }) };
  // The merged rule must still be a valid rule (e.g. switching to regex with plain keywords); its
  // patterns are checked when the PATCH changes them or how they match.
  const touchesPatterns = patch.keywords !== undefined || patch.match !== undefined;
  parseInput(
    touchesPatterns ? keywordRuleCreateSchema : keywordRuleKeptPatternsSchema,
    { keywords: merged.keywords, match: merged.match, reply: merged.reply, actions: merged.actions },
    msg('invalid_keyword_rule'),
  );
  const next: KeywordRuleRecord = { ...merged, updatedAt: new Date(deps.clock.now()).toISOString() };
  await deps.keywordRules.put(next);
  return publicRule(next);
}

export async function deleteKeywordRule(deps: KeywordRuleDeps, corpId: string, id: string) {
  const current = await existing(deps, corpId, id);
  const next: KeywordRuleRecord = { ...current, status: 'deleted', updatedAt: new Date(deps.clock.now()).toISOString() };
  await deps.keywordRules.put(next);
  return publicRule(next);
}

export async function listKeywordRules(deps: KeywordRuleDeps, corpId: string) {
  return { items: (await deps.keywordRules.list(corpId)).filter((r) => r.status === 'active').map(publicRule) };
}
