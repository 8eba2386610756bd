// A keyword rule as Siyu stores it, its store port, and how the API shows it. Input schemas:
// keyword-rule.schema.ts; adapter: shared/db/keyword-rule-repository.ts.
import type { Welcome } from '../tenants/tenant.schema';
import type { KeywordRuleActions, KeywordRuleView } from './keyword-rule.schema';

export interface KeywordRuleRecord {
  corpId: string;
  id: string;
  name?: string | undefined;
  keywords: string[];
  match: 'exact' | 'contains' | 'regex';
  reply?: Welcome | undefined;
  actions: KeywordRuleActions;
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

/** The rule as the API shows it (keyword-rule.schema.ts keywordRuleView). */
export function publicRule(r: KeywordRuleRecord): KeywordRuleView {
  return {
    id: r.id,
    ...(r.name === undefined ? {} : { name: r.name }),
    keywords: r.keywords,
    match: r.match,
    ...(r.reply === undefined ? {} : { reply: r.reply }),
    actions: r.actions,
    scope: r.scope,
    enabled: r.enabled,
    status: r.status,
    createdAt: r.createdAt,
    updatedAt: r.updatedAt,
  };
}
