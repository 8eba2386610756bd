// Safe XML for WeCom envelopes and decrypted events: a size cap, no DOCTYPE/ENTITY (WeCom never sends
// them, so they are rejected outright), no entity expansion, every value kept as a string.
import { XMLParser, XMLValidator } from 'fast-xml-parser';

export const MAX_XML_BYTES = 256 * 1024;

export class XmlError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'XmlError';
  }
}

const parser = new XMLParser({
  ignoreAttributes: true,
  processEntities: false,
  htmlEntities: false,
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
  ignoreDeclaration: true,
  ignorePiTags: true,
  // Lists WeCom sends as repeated <Item> elements stay arrays even with a single element.
  isArray: (name) => name === 'Item',
});

const FORBIDDEN = /<!DOCTYPE|<!ENTITY/i;

export type XmlFields = Record<string, unknown>;

/** Parses `<xml>…</xml>` into its child elements (strings, or objects for nested elements). */
export function parseXmlDocument(xml: string): XmlFields {
  if (Buffer.byteLength(xml, 'utf8') > MAX_XML_BYTES) throw new XmlError('XML exceeds 256 KiB');
  if (FORBIDDEN.test(xml)) throw new XmlError('DOCTYPE and ENTITY declarations are not accepted');
  const valid = XMLValidator.validate(xml);
  if (valid !== true) throw new XmlError(`malformed XML: ${valid.err.msg}`);
  const doc = parser.parse(xml) as Record<string, unknown>;
  const root = doc.xml;
  if (root === null || typeof root !== 'object' || Array.isArray(root)) {
    throw new XmlError('expected a single <xml> root element');
  }
  return root as XmlFields;
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
