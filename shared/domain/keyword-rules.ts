// Keyword rules compiled into one matcher per tenant rule set (spec §3 keyword rules). Pure.
// `contains` keywords share one Aho–Corasick automaton, `exact` keywords a hash lookup on the whole
// (trimmed) message, `regex` rules their own RegExp. Texts and keywords are compared after NFKC
// normalisation and lower-casing, so full-width letters and digits (ＶＩＰ) match their ASCII keywords.
import { AhoCorasick } from './aho-corasick';

export type MatchMode = 'exact' | 'contains' | 'regex';
export type RuleScope = 'kf' | 'archive' | 'both';

export interface MatchableRule {
  id: string;
  keywords: readonly string[];
  match: MatchMode;
  scope: RuleScope;
}

/** The form texts and keywords are compared in. */
export const normalizeText = (s: string) => s.normalize('NFKC').toLowerCase();

export interface CompiledRules<R extends MatchableRule> {
  /** Rules whose keywords the text matches, in rule-set order, limited to a scope. */
  match(text: string, scope: 'kf' | 'archive'): R[];
  readonly size: number;
}

export function compileRules<R extends MatchableRule>(rules: readonly R[]): CompiledRules<R> {
  const containsKeywords: string[] = [];
  const containsRule: number[] = [];
  const exact = new Map<string, number[]>();
  const regexes: Array<{ rule: number; re: RegExp }> = [];
  rules.forEach((rule, index) => {
    for (const raw of rule.keywords) {
      if (rule.match === 'regex') {
        regexes.push({ rule: index, re: new RegExp(raw, 'iu') });
        continue;
      }
      const k = normalizeText(rule.match === 'exact' ? raw.trim() : raw);
      if (k.length === 0) continue;
      if (rule.match === 'exact') exact.set(k, [...(exact.get(k) ?? []), index]);
      else {
        containsKeywords.push(k);
        containsRule.push(index);
      }
    }
  });
  // One automaton entry per distinct keyword; a keyword shared by several rules fires all of them.
  const distinct = [...new Set(containsKeywords)];
  const rulesOf = new Map<string, number[]>();
  containsKeywords.forEach((k, i) => rulesOf.set(k, [...(rulesOf.get(k) ?? []), containsRule[i]!]));
  const automaton = new AhoCorasick(distinct);
  const keywordRules = distinct.map((k) => rulesOf.get(k)!);
  const inScope = (rule: R, scope: 'kf' | 'archive') => rule.scope === 'both' || rule.scope === scope;

  return {
    size: rules.length,
    match(text, scope) {
      const hit = new Set<number>();
      const normalized = normalizeText(text);
      automaton.scan(normalized, (k) => {
        for (const r of keywordRules[k]!) hit.add(r);
      });
      for (const r of exact.get(normalized.trim()) ?? []) hit.add(r);
      for (const { rule, re } of regexes) if (!hit.has(rule) && re.test(text)) hit.add(rule);
      return [...hit].sort((a, b) => a - b).map((i) => rules[i]!).filter((r) => inScope(r, scope));
    },
  };
}
