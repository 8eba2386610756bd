// Aho–Corasick over UTF-16 code units: compile many keywords once, then find which of them occur in a
// text in one pass. Pure. Keywords and texts are matched as code-unit sequences, which is exact for
// well-formed strings (a surrogate pair in a keyword can only match a whole pair), so no grapheme
// segmentation runs on the hot path. Code units that occur in no keyword reset the automaton to the root.
// Transitions live in one Map keyed by state × alphabet + symbol; failure and dictionary-suffix links make
// each text position O(1) amortised.

export class AhoCorasick {
  /** code unit → symbol + 1 (0: not in any keyword). */
  private readonly symbolOf = new Uint16Array(65_536);
  private readonly alphabet: number;
  private readonly next = new Map<number, number>();
  private readonly fail: Int32Array;
  /** The keyword ending at a state (-1: none). A state ends at most one distinct keyword. */
  private readonly keywordAt: Int32Array;
  /** The nearest state on the failure chain that ends a keyword (0: none). */
  private readonly dictionary: Int32Array;
  readonly size: number;

  constructor(keywords: readonly string[]) {
    let alphabet = 0;
    for (const k of keywords) {
      if (k.length === 0) throw new RangeError('empty keyword');
      for (let i = 0; i < k.length; i++) {
        const u = k.charCodeAt(i);
        if (this.symbolOf[u] === 0) this.symbolOf[u] = ++alphabet;
      }
    }
    if (alphabet > 65_535) throw new RangeError('alphabet too large');
    this.alphabet = Math.max(1, alphabet);
    this.size = keywords.length;
    // Trie.
    const ends: number[] = [-1];
    let states = 1;
    keywords.forEach((k, index) => {
      let s = 0;
      for (let i = 0; i < k.length; i++) {
        const key = s * this.alphabet + this.symbolOf[k.charCodeAt(i)]! - 1;
        let t = this.next.get(key);
        if (t === undefined) {
          t = states++;
          this.next.set(key, t);
          ends.push(-1);
        }
        s = t;
      }
      if (ends[s] === -1) ends[s] = index; // duplicates: the first index stands for the keyword
    });
    this.keywordAt = Int32Array.from(ends);
    this.fail = new Int32Array(states);
    this.dictionary = new Int32Array(states);
    // Children of each state, for the breadth-first pass.
    const children: Array<Array<[number, number]>> = Array.from({ length: states }, () => []);
    for (const [key, t] of this.next) children[Math.floor(key / this.alphabet)]!.push([key % this.alphabet, t]);
    const queue: number[] = [];
    for (const [, t] of children[0]!) queue.push(t);
    for (let q = 0; q < queue.length; q++) {
      const s = queue[q]!;
      for (const [symbol, t] of children[s]!) {
        let f = this.fail[s]!;
        let target = this.next.get(f * this.alphabet + symbol);
        while (target === undefined && f !== 0) {
          f = this.fail[f]!;
          target = this.next.get(f * this.alphabet + symbol);
        }
        const ft = target !== undefined && target !== t ? target : 0;
        this.fail[t] = ft;
        this.dictionary[t] = this.keywordAt[ft]! >= 0 ? ft : this.dictionary[ft]!;
        queue.push(t);
      }
    }
  }

  /** Calls `found` with the index of each keyword occurrence (in text order; repeats included). */
  scan(text: string, found: (keywordIndex: number) => void): void {
    const { symbolOf, next, fail, keywordAt, dictionary, alphabet } = this;
    let s = 0;
    for (let i = 0; i < text.length; i++) {
      const symbol = symbolOf[text.charCodeAt(i)]!;
      if (symbol === 0) {
        s = 0;
        continue;
      }
      for (;;) {
        const t = next.get(s * alphabet + symbol - 1);
        if (t !== undefined) {
          s = t;
          break;
        }
        if (s === 0) break;
        s = fail[s]!;
      }
      if (keywordAt[s]! >= 0) found(keywordAt[s]!);
      for (let d = dictionary[s]!; d !== 0; d = dictionary[d]!) found(keywordAt[d]!);
    }
  }

  /** Whether any keyword occurs. */
  test(text: string): boolean {
    let hit = false;
    this.scan(text, () => (hit = true));
    return hit;
  }
}
