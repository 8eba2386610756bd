// Compiled rule sets per tenant, kept for the life of the container and recompiled only when the
// tenant's rule-set version changes (one consistent read per use).
import { compileRules, type CompiledRules } from '../domain/keyword-rules';
import type { KeywordRuleRecord, KeywordRuleStore } from './keyword-rule.schema';

export class RuleSetCache {
  private readonly compiled = new Map<string, { version: number; rules: CompiledRules<KeywordRuleRecord> }>();
  /** How many compilations happened (for tests and metrics). */
  compilations = 0;

  constructor(private readonly store: KeywordRuleStore) {}

  async rulesOf(corpId: string): Promise<CompiledRules<KeywordRuleRecord>> {
    const version = await this.store.version(corpId);
    const cached = this.compiled.get(corpId);
    if (cached && cached.version === version) return cached.rules;
    const active = (await this.store.list(corpId)).filter((r) => r.status === 'active' && r.enabled);
    const rules = compileRules(active);
    this.compilations++;
    this.compiled.set(corpId, { version, rules });
    return rules;
  }
}
