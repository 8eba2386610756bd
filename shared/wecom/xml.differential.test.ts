// Our WeCom XML parser against fast-xml-parser (the well-kept library it replaces on the hot path) on
// random documents of the shape WeCom sends: they must read every document the same way.
import fc from 'fast-check';
import { XMLParser } from 'fast-xml-parser';
import { parseXmlDocument } from './xml';

const reference = new XMLParser({
  ignoreAttributes: true,
  processEntities: false,
  htmlEntities: false,
  parseTagValue: false,
  trimValues: true,
  isArray: (name) => name === 'Item',
});

type Node = { name: string; value: string | Node[]; cdata: boolean };
const name = fc.stringMatching(/^[A-Za-z][A-Za-z0-9_]{0,8}$/).filter((n) => !['constructor', 'prototype'].includes(n));
const cdataText = fc.string({ maxLength: 20 }).filter((s) => !s.includes(']]>') && s.trim() === s);
const plainText = fc.stringMatching(/^[A-Za-z0-9 ,.:;!?中文()-]{0,20}$/).map((s) => s.trim());
const leafCdata: fc.Arbitrary<Node> = fc.record({ name, value: cdataText, cdata: fc.constant(true) });
const leafText: fc.Arbitrary<Node> = fc.record({ name, value: plainText, cdata: fc.constant(false) });
const node: fc.Memo<Node> = fc.memo((depth): fc.Arbitrary<Node> => {
  if (depth <= 1) return fc.oneof(leafCdata, leafText);
  const parent: fc.Arbitrary<Node> = fc.record({
    name,
    value: fc.array(node(depth - 1), { minLength: 1, maxLength: 4 }),
    cdata: fc.constant(false),
  });
  return fc.oneof(leafCdata, parent);
});
const write = (n: Node): string =>
  typeof n.value === 'string'
    ? n.cdata
      ? `<${n.name}><![CDATA[${n.value}]]></${n.name}>`
      : `<${n.name}>${n.value}</${n.name}>`
    : `<${n.name}>${n.value.map(write).join('\n  ')}</${n.name}>`;

describe('parseXmlDocument agrees with fast-xml-parser', () => {
  it('on random WeCom-shaped documents', () => {
    fc.assert(
      fc.property(fc.array(node(3), { minLength: 1, maxLength: 12 }), fc.boolean(), (children, pretty) => {
        const xml = `<xml>${children.map(write).join(pretty ? '\n' : '')}</xml>`;
        expect(parseXmlDocument(xml)).toEqual((reference.parse(xml) as { xml: unknown }).xml);
      }),
      { numRuns: 500 },
    );
  });

  it('decodes the predefined entities and character references, which fast-xml-parser leaves as they are here', () => {
    expect(parseXmlDocument('<xml><A>&lt;b&gt; &amp; &quot;&apos; &#20013;&#x6587;</A></xml>')).toEqual({ A: '<b> & "\' 中文' });
  });
});
