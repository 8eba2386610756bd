// Human-readable input of the admin API: names and titles (one line) and texts (messages and replies, may
// span lines). Both refuse what renders deceptively or cannot be stored and sent: NUL and the other C0/C1
// control characters, the bidi embedding/override/isolate controls U+202A–U+202E and U+2066–U+2069
// ("Trojan Source" reordering) and lone UTF-16 surrogates (they have no UTF-8 form). Texts keep line
// breaks (\n, \r) and tabs; names keep neither (nor U+2028/U+2029).
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const BIDI_CONTROL = /[\u202A-\u202E\u2066-\u2069]/;
// eslint-disable-next-line no-control-regex -- these rules exist to find control characters
const NAME_CONTROL = /[\u0000-\u001F\u007F-\u009F\u2028\u2029]/;
// eslint-disable-next-line no-control-regex -- these rules exist to find control characters
const TEXT_CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/;

/** Whether every surrogate of `s` is paired, i.e. `s` has a UTF-8 form. */
export const isWellFormed = (s: string): boolean => !LONE_SURROGATE.test(s);

/** The first character `s` may not hold, as `U+XXXX`; names (`lines: false`) also refuse line breaks and tabs. */
export function forbiddenCharacter(s: string, o: { lines: boolean }): string | undefined {
  const m = LONE_SURROGATE.exec(s) ?? BIDI_CONTROL.exec(s) ?? (o.lines ? TEXT_CONTROL : NAME_CONTROL).exec(s);
  return m ? `U+${m[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}` : undefined;
}
