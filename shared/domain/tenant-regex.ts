// Regular expressions written by tenants (keyword rules with `match: regex`), compiled for RE2's linear-time
// engine (re2js) instead of the backtracking RegExp: a pattern such as `(a+)+$` cannot stall a consumer,
// whatever the message. Pure. Syntax is RE2's (no backreferences, no lookaround); the JavaScript spellings
// that rules were written in before keep their meaning: `\uXXXX` and `\u{…}` escapes, `\s` (which in
// JavaScript also matches the full-width space U+3000 and the other Unicode spaces) and `.` (which in
// JavaScript stops at \r, U+2028 and U+2029 as well as \n). Patterns are always case-insensitive, as they
// were with the `iu` RegExp flags.
import { RE2JS, RE2JSSyntaxException } from 're2js';

export type TenantRegex = { ok: true; re: RE2JS } | { ok: false; reason: string };

/** JavaScript's `\s` under the `u` flag, as the members of an RE2 character class. */
const JS_SPACE = '\\t\\n\\v\\f\\r \\x{a0}\\x{1680}\\x{2000}-\\x{200a}\\x{2028}\\x{2029}\\x{202f}\\x{205f}\\x{3000}\\x{feff}';

/** What JavaScript's `.` matches without the `s` flag. */
const JS_DOT = '[^\\n\\r\\x{2028}\\x{2029}]';

const HEX4 = /^[0-9a-fA-F]{4}$/;

/**
 * The pattern in RE2 syntax: `\uXXXX` (a surrogate pair of them as one code point) and `\u{…}` become
 * `\x{…}`; `\s` becomes JavaScript's set of spaces, and `\S` outside brackets its complement (`\S` inside
 * brackets keeps RE2's ASCII meaning: a class cannot hold a complement); `.` stops at JavaScript's line
 * terminators (so RE2's `(?s)` does not widen it). Everything else is left to RE2.
 */
export function toRe2Syntax(pattern: string): string {
  let out = '';
  let inClass = false;
  let i = 0;
  while (i < pattern.length) {
    const c = pattern[i]!;
    if (c === '\\' && i + 1 < pattern.length) {
      const e = pattern[i + 1]!;
      if (e === 'Q') {
        // \Q…\E is literal text: copied as it is.
        const end = pattern.indexOf('\\E', i + 2);
        const stop = end < 0 ? pattern.length : end + 2;
        out += pattern.slice(i, stop);
        i = stop;
        continue;
      }
      if (e === 'u') {
        const hex = pattern.slice(i + 2, i + 6);
        if (pattern[i + 2] === '{') {
          const close = pattern.indexOf('}', i + 3);
          if (close > i + 3 && /^[0-9a-fA-F]+$/.test(pattern.slice(i + 3, close))) {
            out += `\\x{${pattern.slice(i + 3, close)}}`;
            i = close + 1;
            continue;
          }
        } else if (HEX4.test(hex)) {
          const unit = parseInt(hex, 16);
          const low = pattern.slice(i + 8, i + 12);
          if (unit >= 0xd800 && unit <= 0xdbff && pattern.startsWith('\\u', i + 6) && HEX4.test(low)) {
            const lowUnit = parseInt(low, 16);
            if (lowUnit >= 0xdc00 && lowUnit <= 0xdfff) {
              out += `\\x{${(((unit - 0xd800) << 10) + (lowUnit - 0xdc00) + 0x10000).toString(16)}}`;
              i += 12;
              continue;
            }
          }
          out += `\\x{${hex}}`;
          i += 6;
          continue;
        }
      }
      if (e === 's') out += inClass ? JS_SPACE : `[${JS_SPACE}]`;
      else if (e === 'S' && !inClass) out += `[^${JS_SPACE}]`;
      else out += c + e;
      i += 2;
      continue;
    }
    if (inClass) {
      if (c === '[' && pattern[i + 1] === ':') {
        // A POSIX class such as [:alpha:] inside brackets: its `]` does not close the brackets.
        const end = pattern.indexOf(':]', i + 2);
        const stop = end < 0 ? i + 1 : end + 2;
        out += pattern.slice(i, stop);
        i = stop;
        continue;
      }
      if (c === ']') inClass = false;
      out += c;
      i++;
      continue;
    }
    if (c === '[') {
      // In RE2, a `]` right after `[` or `[^` is a literal member, not the end of the class.
      inClass = true;
      let start = i + 1;
      if (pattern[start] === '^') start++;
      if (pattern[start] === ']') start++;
      out += pattern.slice(i, start);
      i = start;
      continue;
    }
    out += c === '.' ? JS_DOT : c;
    i++;
  }
  return out;
}

/** Why RE2 refuses a pattern, Chinese first (operators read it), with RE2's own words after it. */
function explain(e: RE2JSSyntaxException): string {
  const input = (e.input ?? '').replace(/^\(\?i\)/, '');
  if (e.error === 'invalid escape sequence' && /^\\[1-9k]/.test(input)) {
    return `正则表达式无法编译（不支持反向引用）: backreferences are not supported in RE2 syntax: ${input}`;
  }
  const lookaround = /^\(\?(=|!|<=|<!)/.exec(input);
  if (lookaround) return `正则表达式无法编译（不支持环视）: lookahead and lookbehind are not supported in RE2 syntax: ${lookaround[0]}`;
  return `正则表达式无法编译（语法错误）: ${e.error}${input ? `: ${input}` : ''}`;
}

/** Compiles a tenant's pattern for the linear-time engine, or says (for the operator) why it cannot. */
export function compileTenantRegex(pattern: string): TenantRegex {
  try {
    return { ok: true, re: RE2JS.compile(toRe2Syntax(pattern), RE2JS.CASE_INSENSITIVE) };
  } catch (e) {
    if (e instanceof RE2JSSyntaxException) return { ok: false, reason: explain(e) };
    return { ok: false, reason: `正则表达式无法编译: ${e instanceof Error ? e.message : String(e)}` };
  }
}
