// Reading a decrypted payload as an event: its type (`<Event>.<ChangeType>`, `<Event>` or `msg.<MsgType>`)
// and its validation against the schema of that type (event.schema.ts).
import { eventSchemas, eventEnvelopeSchema, type KnownEventType } from './event.schema';

/** The type of a decrypted payload: `<Event>.<ChangeType>`, `<Event>`, or `msg.<MsgType>`. */
export function eventTypeOf(fields: Record<string, unknown>): string {
  const str = (v: unknown) => (typeof v === 'string' && v.length > 0 && v.length <= 64 ? v : undefined);
  const msgType = str(fields.MsgType);
  const event = str(fields.Event);
  const change = str(fields.ChangeType);
  if (msgType === 'event' || (msgType === undefined && event !== undefined)) {
    if (!event) return 'unknown';
    return change ? `${event}.${change}` : event;
  }
  return msgType ? `msg.${msgType}` : 'unknown';
}

export interface ParsedEvent {
  type: string;
  known: boolean;
  createTime: number;
  data: Record<string, unknown>;
}

export type EventParseResult = { ok: true; event: ParsedEvent } | { ok: false; issues: string[] };

/** Validates decrypted fields against the schema of their type (unknown types: the base envelope only). */
export function parseEvent(fields: Record<string, unknown>): EventParseResult {
  const type = eventTypeOf(fields);
  const known = Object.hasOwn(eventSchemas, type);
  const schema = known ? eventSchemas[type as KnownEventType] : eventEnvelopeSchema;
  const out = schema.safeParse(fields);
  if (!out.success) {
    return { ok: false, issues: out.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`) };
  }
  const data = out.data as Record<string, unknown> & { CreateTime: number };
  return { ok: true, event: { type, known, createTime: data.CreateTime, data } };
}
