// Sensitive-word matchers per tenant, compiled once per version of the tenant's word list.
import { AhoCorasick } from '../domain/aho-corasick';
import { normalizeText } from '../domain/keyword-rules';
import type { SensitiveWordStore } from './archive-ports';

export interface SensitiveMatcher {
  /** The words found in a text (normalised like keyword rules), each once. */
  find(text: string): string[];
  notify: string[];
}

export class SensitiveWordCache {
  private readonly compiled = new Map<string, { version: number; matcher: SensitiveMatcher }>();

  constructor(private readonly store: SensitiveWordStore) {}

  async matcherOf(corpId: string): Promise<SensitiveMatcher | undefined> {
    const current = await this.store.get(corpId);
    if (!current || current.words.length === 0) return undefined;
    const cached = this.compiled.get(corpId);
    if (cached && cached.version === current.version) return cached.matcher;
    const words = [...new Set(current.words.map(normalizeText).filter((w) => w.length > 0))];
    const automaton = new AhoCorasick(words);
    const matcher: SensitiveMatcher = {
      notify: current.notify,
      find(text) {
        const hit = new Set<number>();
        automaton.scan(normalizeText(text), (i) => hit.add(i));
        return [...hit].sort((a, b) => a - b).map((i) => words[i]!);
      },
    };
    this.compiled.set(corpId, { version: current.version, matcher });
    return matcher;
  }
}
