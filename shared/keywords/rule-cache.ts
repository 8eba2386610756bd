// Compiled rule sets per tenant, kept for the life of the container and recompiled only when the
// tenant's rule-set version changes (one consistent read per use). A regex rule the linear-time engine
// cannot compile (stored before patterns were checked with it) is left out of the matcher and reported
// once per compilation through `warn`, never per message.
import { compileRules, type CompiledRules } from '../domain/keyword-rules';
import type { KeywordRuleRecord, KeywordRuleStore } from './keyword-rule';

export type RuleSetWarn = (message: string, fields: Record<string, unknown>) => void;

export class RuleSetCache {
  private readonly compiled = new Map<string, { version: number; rules: CompiledRules<KeywordRuleRecord> }>();
  /** How many compilations happened (for tests and metrics). */
  compilations = 0;

  constructor(
    private readonly store: KeywordRuleStore,
    private readonly warn: RuleSetWarn,
  ) {}

  async rulesOf(corpId: string): Promise<CompiledRules<KeywordRuleRecord>> {
    const version = await this.store.version(corpId);
    const cached = this.compiled.get(corpId);
    if (cached && cached.version === version) return cached.rules;
    const active = (await this.store.list(corpId)).filter((r) => r.status === 'active' && r.enabled);
    const rules = compileRules(active);
    this.compilations++;
    if (rules.skipped.length > 0) {
      this.warn('keyword rules skipped: regex not supported by the linear-time engine', {
        corpId,
        version,
        skipped: rules.skipped.map((s) => ({ ruleId: s.rule.id, keyword: s.keyword, reason: s.reason })),
      });
    }
    this.compiled.set(corpId, { version, rules });
    return rules;
  }
}
