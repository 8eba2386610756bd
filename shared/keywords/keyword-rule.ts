// A keyword rule as Siyu stores it, its store port, and how the API shows it. Input schemas:
// keyword-rule.schema.ts; adapter: shared/db/keyword-rule-repository.ts.
import type { Welcome } from '../tenants/tenant.schema';
import type { KeywordRuleActions } from './keyword-rule.schema';

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

export function publicRule(r: KeywordRuleRecord) {
  const { corpId: _c, ...rest } = r;
  return rest;
}
