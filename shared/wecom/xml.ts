// Safe XML for WeCom envelopes and decrypted events.
//
// A strict parser for the XML WeCom sends: one root element, child elements holding CDATA or text, nested
// lists (`<MemChangeList><Item>…</Item></MemChangeList>`). It rejects DOCTYPE, ENTITY and processing
// instructions outright (WeCom never sends them), decodes only XML's five predefined entities and numeric
// character references (so nothing can expand), caps size and depth, and keeps every value a string.
// Why not fast-xml-parser: on the callback path it cost 45–65 µs per event (validate + parse), more than
// the whole budget of 20 µs per event (bench/callback-compute.bench.ts); this parser does the same work in
// a few µs. shared/wecom/xml.test.ts checks it against fast-xml-parser on every fixture and on random trees.

export const MAX_XML_BYTES = 256 * 1024;
const MAX_DEPTH = 16;

export class XmlError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'XmlError';
  }
}

export type XmlValue = string | XmlFields | XmlValue[];
export type XmlFields = { [name: string]: XmlValue };

/** Elements that are lists even when they occur once. */
const ALWAYS_ARRAY = new Set(['Item']);
const isNameStart = (c: number) => (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 || c === 58;
const isNameChar = (c: number) => isNameStart(c) || (c >= 48 && c <= 57) || c === 46 || c === 45;
const ENTITIES: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

class Reader {
  i = 0;
  constructor(readonly s: string) {}

  fail(what: string): never {
    throw new XmlError(`malformed XML at ${this.i}: ${what}`);
  }

  skipWhitespace(): void {
    const s = this.s;
    while (this.i < s.length) {
      const c = s.charCodeAt(this.i);
      if (c === 32 || c === 10 || c === 13 || c === 9) this.i++;
      else break;
    }
  }

  startsWith(t: string): boolean {
    return this.s.startsWith(t, this.i);
  }

  expect(t: string): void {
    if (!this.startsWith(t)) this.fail(`expected ${JSON.stringify(t)}`);
    this.i += t.length;
  }

  /** Skips comments and whitespace; rejects anything declarative. */
  skipMisc(): void {
    for (;;) {
      this.skipWhitespace();
      if (this.startsWith('<!--')) {
        const end = this.s.indexOf('-->', this.i + 4);
        if (end < 0) this.fail('unterminated comment');
        this.i = end + 3;
      } else if (this.startsWith('<!') && !this.startsWith('<![CDATA[')) {
        throw new XmlError('DOCTYPE and ENTITY declarations are not accepted');
      } else if (this.startsWith('<?')) {
        throw new XmlError('processing instructions are not accepted');
      } else return;
    }
  }

  name(): string {
    const s = this.s;
    const start = this.i;
    if (!isNameStart(s.charCodeAt(this.i))) this.fail('expected an element name');
    this.i++;
    while (this.i < s.length && isNameChar(s.charCodeAt(this.i))) this.i++;
    return s.slice(start, this.i);
  }

  /** `<Name attr="v" …>` or `<Name/>`; attributes are checked for syntax and ignored. */
  openTag(): { name: string; empty: boolean } {
    this.expect('<');
    const name = this.name();
    for (;;) {
      this.skipWhitespace();
      if (this.startsWith('/>')) {
        this.i += 2;
        return { name, empty: true };
      }
      if (this.startsWith('>')) {
        this.i += 1;
        return { name, empty: false };
      }
      this.name();
      this.skipWhitespace();
      this.expect('=');
      this.skipWhitespace();
      const q = this.s[this.i];
      if (q !== '"' && q !== "'") this.fail('expected a quoted attribute value');
      const end = this.s.indexOf(q, this.i + 1);
      if (end < 0) this.fail('unterminated attribute value');
      if (this.s.slice(this.i + 1, end).includes('<')) this.fail('"<" in an attribute value');
      this.i = end + 1;
    }
  }

  closeTag(name: string): void {
    const s = this.s;
    const after = this.i + 2 + name.length;
    if (!s.startsWith(name, this.i + 2) || isNameChar(s.charCodeAt(after))) this.fail(`expected </${name}>`);
    this.i = after;
    if (s.charCodeAt(this.i) !== 62) this.skipWhitespace();
    this.expect('>');
  }

  text(until: number): string {
    const raw = this.s.slice(this.i, until);
    this.i = until;
    if (raw.indexOf('&') < 0) return raw;
    return raw.replace(/&(#x[0-9A-Fa-f]{1,6}|#[0-9]{1,7}|[A-Za-z]{2,4});|&/g, (m, ref: string | undefined) => {
      if (ref === undefined) this.fail('bare "&" in text');
      if (ref.startsWith('#')) {
        const code = ref[1] === 'x' ? parseInt(ref.slice(2), 16) : parseInt(ref.slice(1), 10);
        if (code === 0 || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) this.fail('invalid character reference');
        return String.fromCodePoint(code);
      }
      const e = ENTITIES[ref];
      if (e === undefined) this.fail(`unknown entity &${ref};`);
      return e;
    });
  }

  /** The content of an element whose open tag was just read: a string, or child elements. */
  content(name: string, depth: number): XmlValue {
    if (depth > MAX_DEPTH) this.fail('nested too deeply');
    const s = this.s;
    // Fast path for the shape of almost every WeCom element: <Name><![CDATA[…]]></Name>.
    if (s.startsWith('<![CDATA[', this.i)) {
      const from = this.i + 9;
      const end = s.indexOf(']]>', from);
      const close = end + 3;
      if (
        end >= 0 &&
        s.charCodeAt(close) === 60 && // <
        s.charCodeAt(close + 1) === 47 && // /
        s.startsWith(name, close + 2) &&
        s.charCodeAt(close + 2 + name.length) === 62 // >
      ) {
        this.i = close + 3 + name.length;
        return s.slice(from, end);
      }
    }
    let text = '';
    let cdata = false;
    let children: XmlFields | undefined;
    for (;;) {
      const lt = s.indexOf('<', this.i);
      if (lt < 0) this.fail(`unterminated <${name}>`);
      if (lt > this.i) text += this.text(lt);
      const next = s.charCodeAt(lt + 1);
      if (next === 47 /* / */) {
        this.closeTag(name);
        break;
      }
      if (next === 33 /* ! */ && s.startsWith('[CDATA[', lt + 2)) {
        const end = s.indexOf(']]>', lt + 9);
        if (end < 0) this.fail('unterminated CDATA');
        text += s.slice(lt + 9, end);
        cdata = true;
        this.i = end + 3;
        continue;
      }
      if (next === 33 || next === 63 /* ? */) {
        this.skipMisc();
        continue;
      }
      const child = this.openTag();
      const value = child.empty ? '' : this.content(child.name, depth + 1);
      children ??= {};
      add(children, child.name, value);
    }
    if (children) {
      if (text.trim().length > 0 || cdata) this.fail(`<${name}> mixes text and elements`);
      return children;
    }
    return cdata ? text : text.trim();
  }
}

const RESERVED = new Set(['__proto__', 'constructor', 'prototype']);

/** Adds a child element; names that could pollute prototypes downstream are refused. */
function add(target: XmlFields, name: string, value: XmlValue): void {
  if (RESERVED.has(name)) throw new XmlError(`element name ${name} is not accepted`);
  const existing = Object.hasOwn(target, name) ? target[name] : undefined;
  if (existing === undefined) target[name] = ALWAYS_ARRAY.has(name) ? [value] : value;
  else if (Array.isArray(existing)) existing.push(value);
  else target[name] = [existing, value];
}

/** Parses `<xml>…</xml>` into its child elements (strings, or objects for nested elements). */
export function parseXmlDocument(xml: string): XmlFields {
  // A UTF-16 code unit is at most 3 UTF-8 bytes: count bytes only when the length alone cannot decide.
  if (xml.length > MAX_XML_BYTES || (xml.length * 3 > MAX_XML_BYTES && Buffer.byteLength(xml, 'utf8') > MAX_XML_BYTES)) {
    throw new XmlError('XML exceeds 256 KiB');
  }
  const r = new Reader(xml);
  if (r.startsWith('\uFEFF')) r.i = 1;
  // The XML declaration only: `<?xml-stylesheet …?>` and other processing instructions are refused below.
  if (/^<\?xml[ \t\r\n]/.test(xml.slice(r.i, r.i + 6))) {
    const end = xml.indexOf('?>', r.i);
    if (end < 0) r.fail('unterminated XML declaration');
    r.i = end + 2;
  }
  r.skipMisc();
  const root = r.openTag();
  if (root.name !== 'xml') r.fail('expected a single <xml> root element');
  const value = root.empty ? {} : r.content('xml', 1);
  r.skipMisc();
  if (r.i !== xml.length) r.fail('content after the root element');
  if (typeof value === 'string') {
    if (value.length > 0) r.fail('<xml> holds text, not elements');
    return {};
  }
  return value as XmlFields;
}

export interface Envelope {
  toUserName: string | undefined;
  agentId: string | undefined;
  encrypt: string;
}

/** The POST envelope `<xml><ToUserName/><Encrypt/><AgentID/></xml>`; element order varies by sender. */
export function parseEnvelope(xml: string): Envelope {
  const root = parseXmlDocument(xml);
  const encrypt = root.Encrypt;
  if (typeof encrypt !== 'string' || encrypt.length === 0) throw new XmlError('envelope has no <Encrypt>');
  const str = (v: unknown) => (typeof v === 'string' && v.length > 0 ? v : undefined);
  return { toUserName: str(root.ToUserName), agentId: str(root.AgentID), encrypt };
}
