// Zod schemas for every decrypted WeCom event type we handle (spec §2, wecom-api.md §2, §17.2).
// Field names are WeCom's own. Schemas are loose: fields WeCom adds later pass through untouched.
import { z } from 'zod';

const id = z.string().min(1).max(256);
const text = z.string().max(64 * 1024);
const unixSeconds = z
  .string()
  .regex(/^\d{1,12}$/, 'expected unix seconds')
  .transform(Number);

/** Fields every self-built event has. CreateTime is required: projections are ordered by it. */
const base = z.looseObject({
  ToUserName: id,
  FromUserName: text.optional(),
  CreateTime: unixSeconds,
  MsgType: id,
  AgentID: z.string().max(64).optional(),
});

const contact = base.extend({ UserID: id, ExternalUserID: id });
const items = z.looseObject({ Item: z.array(text) });

export const eventSchemas = {
  'change_external_contact.add_external_contact': contact.extend({ State: text.optional(), WelcomeCode: text.optional() }),
  'change_external_contact.add_half_external_contact': contact.extend({ State: text.optional(), WelcomeCode: text.optional() }),
  'change_external_contact.edit_external_contact': contact,
  'change_external_contact.del_external_contact': contact.extend({ Source: text.optional() }),
  'change_external_contact.del_follow_user': contact,
  'change_external_contact.transfer_fail': contact.extend({ FailReason: text }),
  'change_external_contact.msg_audit_approved': contact.extend({ WelcomeCode: text.optional() }),
  'change_external_chat.create': base.extend({ ChatId: id }),
  'change_external_chat.update': base.extend({
    ChatId: id,
    UpdateDetail: text,
    JoinScene: text.optional(),
    QuitScene: text.optional(),
    MemChangeCnt: text.optional(),
    MemChangeList: items.optional(),
    LastMemVer: text.optional(),
    CurMemVer: text.optional(),
  }),
  'change_external_chat.dismiss': base.extend({ ChatId: id }),
  'change_external_tag.create': base.extend({ Id: id, TagType: text.optional(), StrategyId: text.optional() }),
  'change_external_tag.update': base.extend({ Id: id, TagType: text.optional(), StrategyId: text.optional() }),
  'change_external_tag.delete': base.extend({ Id: id, TagType: text.optional(), StrategyId: text.optional() }),
  'change_external_tag.shuffle': base.extend({ Id: text.optional(), StrategyId: text.optional() }),
  'change_contact.create_user': base.extend({ UserID: id }),
  'change_contact.update_user': base.extend({ UserID: id, NewUserID: text.optional() }),
  'change_contact.delete_user': base.extend({ UserID: id }),
  msgaudit_notify: base,
  kf_msg_or_event: base.extend({ Token: z.string().min(1).max(512), OpenKfId: id }),
  'msg.text': base.extend({ FromUserName: id, Content: text, MsgId: text.optional() }),
} as const;

export type KnownEventType = keyof typeof eventSchemas;
export type EventOf<T extends KnownEventType> = z.infer<(typeof eventSchemas)[T]>;

/** Any other event or message: still needs the envelope fields to be logged and ordered. */
const other = base;

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
  const schema = known ? eventSchemas[type as KnownEventType] : other;
  const out = schema.safeParse(fields);
  if (!out.success) {
    return { ok: false, issues: out.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`) };
  }
  const data = out.data as Record<string, unknown> & { CreateTime: number };
  return { ok: true, event: { type, known, createTime: data.CreateTime, data } };
}
