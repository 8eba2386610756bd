// Message templates: `{{name}}` and other `{{var}}` placeholders, filled for one customer. Pure.
// Unknown placeholders are left as written (an operator sees the typo) and values are inserted as text.

const PLACEHOLDER = /\{\{\s*([A-Za-z][A-Za-z0-9_]*)\s*\}\}/g;

export function renderTemplate(template: string, vars: Readonly<Record<string, string | undefined>>): string {
  return template.replace(PLACEHOLDER, (whole, key: string) => {
    const v = vars[key];
    return v === undefined ? whole : v;
  });
}

/** Cuts a string to at most `maxBytes` of UTF-8 without splitting a character (WeCom limits are in bytes). */
export function truncateUtf8(text: string, maxBytes: number): string {
  if (Buffer.byteLength(text, 'utf8') <= maxBytes) return text;
  let bytes = 0;
  let out = '';
  for (const ch of text) {
    const n = Buffer.byteLength(ch, 'utf8');
    if (bytes + n > maxBytes) break;
    bytes += n;
    out += ch;
  }
  return out;
}
