// Literal text a regular expression cannot match without: the prefilter that lets one Aho–Corasick pass
// decide which of a tenant's many regex keywords are worth running on a message. Pure.
// requiredLiterals(p) returns strings such that every text p matches (case-insensitively) contains one of
// them in its lower-cased form, or undefined when nothing is certain (then the regex always runs). It reads
// RE2 syntax (after toRe2Syntax) of a pattern that compiles, and errs on the safe side: what it does not
// understand yields undefined, never a literal that a match could lack. Only characters whose every
// case-insensitive variant lower-cases to the same character are kept in literals (uncased ones such as
// Chinese, digits and punctuation, and ASCII letters but `s`, which also matches `ſ`).

type Req = string[] | undefined;

class GiveUp extends Error {}

/** A character that can stand in a lower-cased literal (see the header). */
const stable = (ch: string) => (ch.toLowerCase() === ch && ch.toUpperCase() === ch) || /^[a-rt-z]$/i.test(ch);

/** The better of two requirements: the one whose shortest literal is longest, then the one with fewer. */
function better(a: Req, b: Req): Req {
  if (!a) return b;
  if (!b) return a;
  const shortest = (r: string[]) => Math.min(...r.map((s) => [...s].length));
  return shortest(b) > shortest(a) || (shortest(b) === shortest(a) && b.length < a.length) ? b : a;
}

/** The parts of a literal run made of stable characters, lower-cased, as requirements. */
function runRequirement(run: string): Req {
  let best: Req;
  let current = '';
  const flush = () => {
    if (current) best = better(best, [current.toLowerCase()]);
    current = '';
  };
  for (const ch of run) {
    if (stable(ch)) current += ch;
    else flush();
  }
  flush();
  return best;
}

const REPEAT = /^\{(\d+)(,(\d*))?\}/;

class Reader {
  i = 0;
  constructor(private readonly p: string) {}

  /** alternation := concat ('|' concat)* — a match contains a literal of whichever branch matched. */
  alternation(): Req {
    const branches: Req[] = [this.concat()];
    while (this.p[this.i] === '|') {
      this.i++;
      branches.push(this.concat());
    }
    if (branches.some((b) => b === undefined)) return undefined;
    return [...new Set(branches.flatMap((b) => b!))];
  }

  /** concat := (atom quantifier?)* — every literal run and every required group is a candidate. */
  private concat(): Req {
    let best: Req;
    let run = '';
    const endRun = () => {
      best = better(best, runRequirement(run));
      run = '';
    };
    while (this.i < this.p.length && this.p[this.i] !== '|' && this.p[this.i] !== ')') {
      const atom = this.atom();
      const min = this.quantifier();
      if (atom.kind === 'char') {
        if (min === undefined) run += atom.ch;
        else {
          // `ab+`: "ab" is certain, what follows the repeated b is not adjacent to it.
          if (min > 0) run += atom.ch;
          endRun();
        }
        continue;
      }
      endRun();
      if (atom.kind === 'group' && (min === undefined || min > 0)) best = better(best, atom.req);
    }
    endRun();
    return best;
  }

  private atom(): { kind: 'char'; ch: string } | { kind: 'group'; req: Req } | { kind: 'other' } {
    const p = this.p;
    const c = p[this.i]!;
    if (c === '(') {
      this.i++;
      if (p[this.i] === '?') {
        // (?flags) sets flags; (?flags:…), (?P<name>…) and (?<name>…) are groups.
        const m = /^\?(P?<[^>]*>|[a-zA-Z-]*(:|\)))/.exec(p.slice(this.i));
        if (!m) throw new GiveUp();
        this.i += m[0].length;
        if (m[2] === ')') return { kind: 'other' };
      }
      const req = this.alternation();
      if (p[this.i] !== ')') throw new GiveUp();
      this.i++;
      return { kind: 'group', req };
    }
    if (c === '[') {
      this.skipClass();
      return { kind: 'other' };
    }
    if (c === '\\') return this.escape();
    if (c === '.' || c === '^' || c === '$') {
      this.i++;
      return { kind: 'other' };
    }
    // A repeat of nothing is not RE2 (the pattern compiled, so this is a misreading: claim nothing).
    if ('*+?'.includes(c) || (c === '{' && REPEAT.test(p.slice(this.i)))) throw new GiveUp();
    const cp = p.codePointAt(this.i)!;
    const ch = String.fromCodePoint(cp);
    this.i += ch.length;
    return { kind: 'char', ch };
  }

  private escape(): { kind: 'char'; ch: string } | { kind: 'other' } {
    const p = this.p;
    const e = p[this.i + 1];
    if (e === undefined) throw new GiveUp();
    if (e.charCodeAt(0) < 0x80 && !/[0-9A-Za-z]/.test(e)) {
      this.i += 2;
      return { kind: 'char', ch: e };
    }
    if ('dDwWsSbBAzaftnrv'.includes(e)) {
      this.i += 2;
      return { kind: 'other' };
    }
    const braced = (from: number) => {
      const close = p.indexOf('}', from);
      if (close < 0) throw new GiveUp();
      this.i = close + 1;
    };
    if (e === 'p' || e === 'P' || e === 'x') {
      if (p[this.i + 2] === '{') braced(this.i + 3);
      else this.i += e === 'x' ? 4 : 3;
      return { kind: 'other' };
    }
    throw new GiveUp(); // octal, \Q…\E, \C and anything rarer: no claim
  }

  /** Skips a bracketed class, RE2 rules: a leading `]` is a member, `[:name:]` nests, escapes inside. */
  private skipClass() {
    const p = this.p;
    this.i++;
    if (p[this.i] === '^') this.i++;
    if (p[this.i] === ']') this.i++;
    while (this.i < p.length) {
      const c = p[this.i]!;
      if (c === '\\') {
        const e = p[this.i + 1];
        if (e === 'p' || e === 'P' || e === 'x') {
          if (p[this.i + 2] === '{') {
            const close = p.indexOf('}', this.i + 3);
            if (close < 0) throw new GiveUp();
            this.i = close + 1;
          } else this.i += e === 'x' ? 4 : 3;
          continue;
        }
        this.i += 2;
        continue;
      }
      if (c === '[' && p[this.i + 1] === ':') {
        const end = p.indexOf(':]', this.i + 2);
        if (end < 0) throw new GiveUp();
        this.i = end + 2;
        continue;
      }
      if (c === ']') {
        this.i++;
        return;
      }
      this.i++;
    }
    throw new GiveUp();
  }

  /** The minimum count of a quantifier at the reading position (consumed, lazy `?` too), if any. */
  private quantifier(): number | undefined {
    const p = this.p;
    let min: number | undefined;
    const c = p[this.i];
    if (c === '*' || c === '?') min = 0;
    else if (c === '+') min = 1;
    else if (c === '{') {
      const m = REPEAT.exec(p.slice(this.i));
      if (!m) return undefined; // a literal `{`, read as the next atom
      min = Number(m[1]);
      this.i += m[0].length - 1;
    } else return undefined;
    this.i++;
    if (p[this.i] === '?') this.i++;
    if ('*+?'.includes(p[this.i] ?? '.') || (p[this.i] === '{' && REPEAT.test(p.slice(this.i)))) throw new GiveUp();
    return min;
  }

  atEnd() {
    return this.i === this.p.length;
  }
}

export function requiredLiterals(re2Pattern: string): string[] | undefined {
  if (re2Pattern.includes('\\Q')) return undefined; // quoted text, even inside brackets: not worth reading
  try {
    const reader = new Reader(re2Pattern);
    const req = reader.alternation();
    if (!reader.atEnd()) return undefined;
    return req && req.length > 0 && req.every((s) => s.length > 0) ? req : undefined;
  } catch (e) {
    if (e instanceof GiveUp) return undefined;
    throw e;
  }
}
