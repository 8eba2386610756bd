// The WeCom XML reader: hostile documents are refused (entities, size, depth, syntax), envelopes are read by
// element name, lists stay lists and values stay strings. Random documents against fast-xml-parser:
// xml.differential.test.ts.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { XMLParser } from 'fast-xml-parser';
import { MAX_XML_BYTES, XmlError, parseEnvelope, parseXmlDocument } from './xml';

const FIXTURES = join(__dirname, '../../events/wecom');
const fixtures = readdirSync(FIXTURES)
  .filter((f) => f.endsWith('.xml'))
  .map((f) => ({ name: f, xml: readFileSync(join(FIXTURES, f), 'utf8') }));

/** The message of the XmlError a parse fails with; any other error fails the test. */
function xmlErrorOf(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    if (e instanceof XmlError) return e.message;
    throw e;
  }
  throw new Error('expected an XmlError, but the document was accepted');
}

describe('parseXmlDocument: what WeCom sends', () => {
  it('reads every fixture as fast-xml-parser does (strings only, Item always a list)', () => {
    const reference = new XMLParser({
      ignoreAttributes: true,
      processEntities: false,
      parseTagValue: false,
      trimValues: true,
      isArray: (name) => name === 'Item',
    });
    expect(fixtures.length).toBeGreaterThanOrEqual(14);
    for (const f of fixtures) {
      expect({ f: f.name, fields: parseXmlDocument(f.xml) }).toEqual({ f: f.name, fields: (reference.parse(f.xml) as { xml: unknown }).xml });
    }
  });

  it('keeps CDATA verbatim (markup, spaces, newlines) and trims only plain text', () => {
    const doc = parseXmlDocument('<xml><A><![CDATA[ <b>&amp; ]]></A><B>  plain  </B><C><![CDATA[line1\nline2]]></C><D></D><E/></xml>');
    expect(doc).toEqual({ A: ' <b>&amp; ', B: 'plain', C: 'line1\nline2', D: '', E: '' });
  });

  it('joins a value split across CDATA sections (how "]]>" is written inside CDATA)', () => {
    expect(parseXmlDocument('<xml><A><![CDATA[a]]]]><![CDATA[>b]]></A></xml>')).toEqual({ A: 'a]]>b' });
  });

  it('accepts an XML declaration, a BOM, comments and surrounding whitespace', () => {
    const doc = parseXmlDocument('\uFEFF<?xml version="1.0" encoding="UTF-8"?>\n<!-- c --><xml>\n <!-- inner -->\n <A>1</A>\n</xml>\n');
    expect(doc).toEqual({ A: '1' });
  });

  it('decodes the predefined entities and character references in plain text', () => {
    expect(parseXmlDocument('<xml><A>&lt;&gt;&amp;&quot;&apos;&#20013;&#x6587;</A></xml>')).toEqual({ A: `<>&"'中文` });
  });
});

describe('values stay strings', () => {
  it('never coerces numbers, booleans or empties', () => {
    // Given values that a coercing parser would turn into numbers or booleans
    const doc = parseXmlDocument(
      '<xml><CreateTime>0001409659813</CreateTime><MsgId>4561255354251345929</MsgId><AgentID>218</AgentID>' +
        '<JoinScene>0</JoinScene><Hex>0x1F</Hex><Exp>1e3</Exp><Neg>-0</Neg><Flag>true</Flag><Null>null</Null><Empty></Empty></xml>',
    );
    // Then every value is the exact text: leading zeros kept, 19-digit ids not rounded
    expect(doc).toEqual({
      CreateTime: '0001409659813',
      MsgId: '4561255354251345929',
      AgentID: '218',
      JoinScene: '0',
      Hex: '0x1F',
      Exp: '1e3',
      Neg: '-0',
      Flag: 'true',
      Null: 'null',
      Empty: '',
    });
  });

  it('keeps an all-digit ExternalUserID or UserID with leading zeros', () => {
    expect(parseXmlDocument('<xml><UserID>007</UserID><ExternalUserID><![CDATA[000123]]></ExternalUserID></xml>')).toEqual({
      UserID: '007',
      ExternalUserID: '000123',
    });
  });
});

describe('lists', () => {
  it('a single <Item> becomes a one-element array', () => {
    expect(parseXmlDocument('<xml><MemChangeList><Item><![CDATA[wmXXXX]]></Item></MemChangeList></xml>')).toEqual({
      MemChangeList: { Item: ['wmXXXX'] },
    });
  });

  it('several <Item>s keep their order', () => {
    expect(parseXmlDocument('<xml><L><Item>b</Item><Item>a</Item><Item>c</Item></L></xml>')).toEqual({ L: { Item: ['b', 'a', 'c'] } });
  });

  it('other repeated elements become arrays, single ones stay scalars', () => {
    expect(parseXmlDocument('<xml><A>1</A><B>2</B><A>3</A></xml>')).toEqual({ A: ['1', '3'], B: '2' });
  });
});

describe('parseEnvelope', () => {
  const fields = [
    '<ToUserName><![CDATA[wx5823bf96d3bd56c7]]></ToUserName>',
    '<Encrypt><![CDATA[RypEvHKD8QQKFhvQ6QleEB4J58tiPdvo+rtK1I9qca6a/w==]]></Encrypt>',
    '<AgentID><![CDATA[218]]></AgentID>',
  ];
  const permutations = (xs: string[]): string[][] =>
    xs.length <= 1 ? [xs] : xs.flatMap((x, i) => permutations([...xs.slice(0, i), ...xs.slice(i + 1)]).map((p) => [x, ...p]));

  it('reads the same envelope whatever the element order', () => {
    // Given all 6 orders of the three elements
    const orders = permutations(fields);
    expect(orders).toHaveLength(6);
    // Then each reads as the same envelope
    for (const order of orders) {
      expect(parseEnvelope(`<xml>${order.join('\n')}</xml>`)).toEqual({
        toUserName: 'wx5823bf96d3bd56c7',
        agentId: '218',
        encrypt: 'RypEvHKD8QQKFhvQ6QleEB4J58tiPdvo+rtK1I9qca6a/w==',
      });
    }
  });

  it('treats an empty or missing AgentID/ToUserName as absent (third-party instruction callbacks)', () => {
    expect(parseEnvelope('<xml><ToUserName><![CDATA[]]></ToUserName><Encrypt>abc=</Encrypt><AgentID><![CDATA[]]></AgentID></xml>')).toEqual({
      toUserName: undefined,
      agentId: undefined,
      encrypt: 'abc=',
    });
    expect(parseEnvelope('<xml><Encrypt><![CDATA[abc=]]></Encrypt></xml>')).toEqual({ toUserName: undefined, agentId: undefined, encrypt: 'abc=' });
  });

  it.each([
    ['no Encrypt', '<xml><ToUserName>a</ToUserName></xml>'],
    ['an empty Encrypt', '<xml><Encrypt><![CDATA[]]></Encrypt></xml>'],
    ['two Encrypt elements', '<xml><Encrypt>a</Encrypt><Encrypt>b</Encrypt></xml>'],
    ['a nested Encrypt', '<xml><Encrypt><A>b</A></Encrypt></xml>'],
  ])('rejects an envelope with %s', (_label, xml) => {
    expect(xmlErrorOf(() => parseEnvelope(xml))).toBeTruthy();
  });
});

describe('hostile documents', () => {
  const billionLaughs = [
    '<?xml version="1.0"?>',
    '<!DOCTYPE lolz [',
    ' <!ENTITY lol "lol">',
    ...Array.from({ length: 9 }, (_, i) => ` <!ENTITY lol${i + 1} "${`&lol${i === 0 ? '' : i};`.repeat(10)}">`),
    ']>',
    '<xml><ToUserName>&lol9;</ToUserName></xml>',
  ].join('\n');

  it('refuses the billion-laughs document quickly, without expanding anything', () => {
    const t = performance.now();
    expect(xmlErrorOf(() => parseXmlDocument(billionLaughs))).toMatch(/DOCTYPE|ENTITY/);
    expect(performance.now() - t).toBeLessThan(200);
  });

  it.each([
    ['an internal DOCTYPE', '<!DOCTYPE xml [<!ELEMENT xml ANY>]><xml/>'],
    ['an external entity (XXE)', '<!DOCTYPE xml [<!ENTITY x SYSTEM "file:///etc/passwd">]><xml><A>&x;</A></xml>'],
    ['a DOCTYPE inside the root', '<xml><!DOCTYPE x><A>1</A></xml>'],
    ['an ENTITY declaration inside the root', '<xml><!ENTITY a "b"><A>1</A></xml>'],
    ['a processing instruction', '<?xml-stylesheet href="x"?><xml/>'],
  ])('refuses %s', (_label, xml) => {
    expect(xmlErrorOf(() => parseXmlDocument(xml))).toMatch(/DOCTYPE|ENTITY|processing instruction/);
  });

  it('does not expand undeclared entity references', () => {
    expect(xmlErrorOf(() => parseXmlDocument('<xml><A>&lol;</A></xml>'))).toMatch(/unknown entity/);
    expect(xmlErrorOf(() => parseXmlDocument('<xml><A>&#0;</A></xml>'))).toMatch(/character reference/);
    expect(xmlErrorOf(() => parseXmlDocument('<xml><A>&#xD800;</A></xml>'))).toMatch(/character reference/);
  });

  it(`refuses documents over ${MAX_XML_BYTES / 1024} KiB, counted in UTF-8 bytes`, () => {
    const wrap = (inner: string) => `<xml><A><![CDATA[${inner}]]></A></xml>`;
    const overhead = wrap('').length;
    // Exactly at the limit: accepted
    expect(parseXmlDocument(wrap('x'.repeat(MAX_XML_BYTES - overhead))).A).toHaveLength(MAX_XML_BYTES - overhead);
    // One byte over, in ASCII
    expect(xmlErrorOf(() => parseXmlDocument(wrap('x'.repeat(MAX_XML_BYTES - overhead + 1))))).toMatch(/256 KiB/);
    // Under the limit in characters but over it in bytes (3 bytes per CJK character)
    const cjk = wrap('中'.repeat(Math.ceil(MAX_XML_BYTES / 3)));
    expect(cjk.length).toBeLessThan(MAX_XML_BYTES);
    expect(xmlErrorOf(() => parseXmlDocument(cjk))).toMatch(/256 KiB/);
  });

  it('refuses nesting deeper than WeCom ever sends', () => {
    expect(xmlErrorOf(() => parseXmlDocument(`<xml>${'<a>'.repeat(100)}x${'</a>'.repeat(100)}</xml>`))).toMatch(/deep/);
    expect(xmlErrorOf(() => parseXmlDocument(`<xml>${'<a>'.repeat(100_000)}</xml>`))).toBeTruthy();
  });

  it.each(['__proto__', 'constructor', 'prototype'])('refuses an element named %s (no prototype pollution)', (name) => {
    expect(xmlErrorOf(() => parseXmlDocument(`<xml><${name}><polluted>1</polluted></${name}></xml>`))).toMatch(/not accepted/);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('parses a document with many siblings in linear time', () => {
    const xml = `<xml>${'<A>1</A>'.repeat(20_000)}</xml>`;
    const t = performance.now();
    expect((parseXmlDocument(xml).A as string[]).length).toBe(20_000);
    expect(performance.now() - t).toBeLessThan(1000);
  });
});

describe('malformed XML', () => {
  it.each([
    ['empty', ''],
    ['only whitespace', '  \n '],
    ['text only', 'hello'],
    ['JSON', '{"encrypt":"abc"}'],
    ['an unclosed root', '<xml><A>1</A>'],
    ['an unclosed child', '<xml><A>1</xml>'],
    ['mismatched tags', '<xml><A>1</B></xml>'],
    ['a closing tag that only starts like the open one', '<xml><A>1</AB></xml>'],
    ['a root that is not <xml>', '<root><A>1</A></root>'],
    ['two roots', '<xml></xml><xml></xml>'],
    ['text after the root', '<xml><A>1</A></xml>trailing'],
    ['text directly in the root', '<xml>hello</xml>'],
    ['text mixed with elements', '<xml><A>x<B>1</B></A></xml>'],
    ['CDATA mixed with elements', '<xml><A><![CDATA[x]]><B>1</B></A></xml>'],
    ['an unterminated CDATA section', '<xml><A><![CDATA[x</A></xml>'],
    ['an unterminated comment', '<xml><!-- x </xml>'],
    ['a bare "&"', '<xml><A>a & b</A></xml>'],
    ['an unquoted attribute', '<xml><A b=c>1</A></xml>'],
    ['"<" in an attribute', '<xml><A b="<">1</A></xml>'],
    ['an element name starting with a digit', '<xml><1A>1</1A></xml>'],
    ['a lone "<"', '<xml><A>1 < 2</A></xml>'],
    ['a truncated document', '<xml><ToUserName><![CDATA[toUser]]></ToUserName><Create'],
  ])('refuses %s', (_label, xml) => {
    expect(xmlErrorOf(() => parseXmlDocument(xml))).toMatch(/./);
  });

  it('every prefix of a real event is refused, never half-read', () => {
    // Given the add_external_contact fixture cut at every position (a body torn in transit)
    const xml = fixtures.find((f) => f.name === 'add-external-contact.xml')!.xml.trimEnd();
    for (let i = 0; i < xml.length; i++) {
      // Then no prefix parses as a document
      expect({ i, error: xmlErrorOf(() => parseXmlDocument(xml.slice(0, i))).length > 0 }).toEqual({ i, error: true });
    }
    expect(parseXmlDocument(xml).ChangeType).toBe('add_external_contact');
  });
});
