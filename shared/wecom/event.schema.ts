// Zod schemas for every decrypted WeCom event type we handle (docs/manual.md#the-callback, docs/wecom.md#event-payloads, docs/wecom.md#customer-service).
// Field names are WeCom's own. Schemas are loose: fields WeCom adds later pass through untouched.
// Reading a payload against them (its type, then its schema): event.ts.
import * as z from 'zod';

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
/** 获客助手 (../shared/docs/wecom-frontier.md §3.5): LinkId on link events; ExpireTime/ExpireQuotaNum on quota_expire_soon (§10.6). */
const acquisition = base.extend({ LinkId: text.optional(), ExpireTime: text.optional(), ExpireQuotaNum: text.optional() });

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
  'customer_acquisition.balance_low': acquisition,
  'customer_acquisition.balance_exhausted': acquisition,
  'customer_acquisition.balance_increased': acquisition,
  'customer_acquisition.quota_expire_soon': acquisition,
  'customer_acquisition.link_unavailable': acquisition,
  'customer_acquisition.delete_link': acquisition,
  msgaudit_notify: base,
  kf_msg_or_event: base.extend({ Token: z.string().min(1).max(512), OpenKfId: id }),
  'msg.text': base.extend({ FromUserName: id, Content: text, MsgId: text.optional() }),
} as const;

export type KnownEventType = keyof typeof eventSchemas;
export type EventOf<T extends KnownEventType> = z.infer<(typeof eventSchemas)[T]>;

/** Any other event or message: still needs the envelope fields to be logged and ordered. */
export const eventEnvelopeSchema = base;
