// Keyword rules compiled into one matcher per tenant rule set (docs/manual.md#keyword-rules). Pure.
// `contains` keywords share one Aho–Corasick automaton, `exact` keywords a hash lookup on the whole
// (trimmed) message. Texts and keywords are compared after NFKC normalisation and lower-casing, so
// full-width letters and digits (ＶＩＰ) match their ASCII keywords.
// `regex` keywords run on RE2's linear-time engine (shared/domain/tenant-regex.ts), case-insensitively on
// the message as written, as they always did. A message is not run past every regex: the literals each
// regex needs (shared/domain/regex-literals.ts) form a second automaton, and only the regexes whose
// literal occurs in the message, plus those with no literal to go by, run. A stored rule whose pattern
// RE2 cannot compile (written before patterns were checked with it) is left out and reported in `skipped`.
import type { RE2JS } from 're2js';
import { AhoCorasick } from './aho-corasick';
import { requiredLiterals } from './regex-literals';
import { compileTenantRegex, toRe2Syntax } from './tenant-regex';

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

export interface SkippedRule<R> {
  rule: R;
  /** The pattern that does not compile, and why (for the operator's log). */
  keyword: string;
  reason: string;
}

export interface CompiledRules<R extends MatchableRule> {
  /** Rules whose keywords the text matches, in rule-set order, limited to a scope. */
  match(text: string, scope: 'kf' | 'archive'): R[];
  readonly size: number;
  /** Regex rules left out because a pattern does not compile for the linear-time engine. */
  readonly skipped: readonly SkippedRule<R>[];
}

/** Indexes of `values` grouped by value, in first-seen order. */
function groupIndexes(values: readonly string[]): { distinct: string[]; members: number[][] } {
  const at = new Map<string, number[]>();
  values.forEach((v, i) => at.set(v, [...(at.get(v) ?? []), i]));
  return { distinct: [...at.keys()], members: [...at.values()] };
}

export function compileRules<R extends MatchableRule>(rules: readonly R[]): CompiledRules<R> {
  const containsKeywords: string[] = [];
  const containsRule: number[] = [];
  const exact = new Map<string, number[]>();
  /** Each distinct pattern compiled once, with the rules that use it. */
  const regexes = new Map<string, { rules: number[]; re: RE2JS; literals: string[] | undefined }>();
  const skipped: SkippedRule<R>[] = [];
  rules.forEach((rule, index) => {
    if (rule.match === 'regex') {
      const compiled: Array<{ raw: string; re: RE2JS }> = [];
      for (const raw of rule.keywords) {
        const known = regexes.get(raw);
        const c = known ? { ok: true as const, re: known.re } : compileTenantRegex(raw);
        if (!c.ok) {
          skipped.push({ rule, keyword: raw, reason: c.reason });
          return;
        }
        compiled.push({ raw, re: c.re });
      }
      for (const { raw, re } of compiled) {
        const entry = regexes.get(raw) ?? { rules: [], re, literals: requiredLiterals(toRe2Syntax(raw)) };
        if (!entry.rules.includes(index)) entry.rules.push(index);
        regexes.set(raw, entry);
      }
      return;
    }
    for (const raw of rule.keywords) {
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
  const contains = groupIndexes(containsKeywords);
  const automaton = new AhoCorasick(contains.distinct);
  const keywordRules = contains.members.map((m) => m.map((i) => containsRule[i]!));
  // The regex prefilter: literal → the regexes that need it; regexes without one always run.
  const literalOf: string[] = [];
  const literalRegex: number[] = [];
  const alwaysRun: number[] = [];
  const patterns = [...regexes.values()];
  patterns.forEach((r, i) => {
    if (!r.literals) alwaysRun.push(i);
    else
      for (const l of r.literals) {
        literalOf.push(l);
        literalRegex.push(i);
      }
  });
  const literals = groupIndexes(literalOf);
  const prefilter = new AhoCorasick(literals.distinct);
  const literalRegexes = literals.members.map((m) => m.map((i) => literalRegex[i]!));
  const inScope = (rule: R, scope: 'kf' | 'archive') => rule.scope === 'both' || rule.scope === scope;

  return {
    size: rules.length,
    skipped,
    match(text, scope) {
      const hit = new Set<number>();
      const normalized = normalizeText(text);
      automaton.scan(normalized, (k) => {
        for (const r of keywordRules[k]!) hit.add(r);
      });
      for (const r of exact.get(normalized.trim()) ?? []) hit.add(r);
      if (patterns.length > 0) {
        const run = (i: number) => {
          const { rules: of, re } = patterns[i]!;
          if (of.some((r) => !hit.has(r)) && re.test(text)) for (const r of of) hit.add(r);
        };
        const seen = new Set<number>();
        prefilter.scan(text.toLowerCase(), (l) => {
          if (seen.has(l)) return;
          seen.add(l);
          for (const i of literalRegexes[l]!) run(i);
        });
        for (const i of alwaysRun) run(i);
      }
      return [...hit]
        .sort((a, b) => a - b)
        .map((i) => rules[i]!)
        .filter((r) => inScope(r, scope));
    },
  };
}
