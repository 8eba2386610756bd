// WeCom callbacks as WeCom sends them: decrypted event XML (docs/wecom.md#event-payloads, docs/wecom.md#customer-service) with CDATA text,
// then encrypted and signed into the POST envelope, or into the GET verification query (echostr).
import { randomBytes, randomInt } from 'node:crypto';
import { encrypt, signature } from '../shared/wecom/crypto';

// ---- XML ------------------------------------------------------------------------------------------

/** CDATA cannot contain "]]>": split it across two sections, as XML writers do. */
export function cdata(value: string): string {
  return `<![CDATA[${value.replaceAll(']]>', ']]]]><![CDATA[>')}]]>`;
}

type Field = [name: string, value: string | number | undefined | Field[] | { items: string[] }];

function element([name, value]: Field): string {
  if (value === undefined) return '';
  if (typeof value === 'number') return `<${name}>${value}</${name}>`;
  if (typeof value === 'string') return `<${name}>${cdata(value)}</${name}>`;
  if (Array.isArray(value)) return `<${name}>${value.map(element).join('')}</${name}>`;
  return `<${name}>${value.items.map((i) => `<Item>${cdata(i)}</Item>`).join('')}</${name}>`;
}

/** `<xml>…</xml>` from ordered fields; strings become CDATA, numbers plain text, undefined is left out. */
export function xmlDocument(fields: Field[]): string {
  return `<xml>${fields.map(element).join('')}</xml>`;
}

const nowSeconds = () => Math.floor(Date.now() / 1000);

export interface EventOptions {
  corpId: string;
  /** Unix seconds (default: now). */
  createTime?: number;
}

function envelope(o: EventOptions, event: string): Field[] {
  return [
    ['ToUserName', o.corpId],
    ['FromUserName', 'sys'],
    ['CreateTime', o.createTime ?? nowSeconds()],
    ['MsgType', 'event'],
    ['Event', event],
  ];
}

// ---- change_external_contact ------------------------------------------------------------------------

export interface ContactEventOptions extends EventOptions {
  userId: string;
  externalUserId: string;
}

export function addExternalContactXml(o: ContactEventOptions & { state?: string; welcomeCode?: string }): string {
  return xmlDocument([
    ...envelope(o, 'change_external_contact'),
    ['ChangeType', 'add_external_contact'],
    ['UserID', o.userId],
    ['ExternalUserID', o.externalUserId],
    ['State', o.state],
    ['WelcomeCode', o.welcomeCode],
  ]);
}

export function addHalfExternalContactXml(o: ContactEventOptions & { state?: string; welcomeCode?: string }): string {
  return xmlDocument([
    ...envelope(o, 'change_external_contact'),
    ['ChangeType', 'add_half_external_contact'],
    ['UserID', o.userId],
    ['ExternalUserID', o.externalUserId],
    ['State', o.state],
    ['WelcomeCode', o.welcomeCode],
  ]);
}

export function editExternalContactXml(o: ContactEventOptions): string {
  return xmlDocument([
    ...envelope(o, 'change_external_contact'),
    ['ChangeType', 'edit_external_contact'],
    ['UserID', o.userId],
    ['ExternalUserID', o.externalUserId],
  ]);
}

/** The member deleted the customer (`source` e.g. DELETE_BY_TRANSFER after an on-job transfer). */
export function delExternalContactXml(o: ContactEventOptions & { source?: string }): string {
  return xmlDocument([
    ...envelope(o, 'change_external_contact'),
    ['ChangeType', 'del_external_contact'],
    ['UserID', o.userId],
    ['ExternalUserID', o.externalUserId],
    ['Source', o.source],
  ]);
}

/** The customer deleted the member. */
export function delFollowUserXml(o: ContactEventOptions): string {
  return xmlDocument([
    ...envelope(o, 'change_external_contact'),
    ['ChangeType', 'del_follow_user'],
    ['UserID', o.userId],
    ['ExternalUserID', o.externalUserId],
  ]);
}

export function transferFailXml(o: ContactEventOptions & { failReason?: 'customer_refused' | 'customer_limit_exceed' }): string {
  return xmlDocument([
    ...envelope(o, 'change_external_contact'),
    ['ChangeType', 'transfer_fail'],
    ['FailReason', o.failReason ?? 'customer_refused'],
    ['UserID', o.userId],
    ['ExternalUserID', o.externalUserId],
  ]);
}

// ---- change_external_chat -----------------------------------------------------------------------------

export function externalChatCreateXml(o: EventOptions & { chatId: string }): string {
  return xmlDocument([...envelope(o, 'change_external_chat'), ['ChatId', o.chatId], ['ChangeType', 'create']]);
}

export function externalChatDismissXml(o: EventOptions & { chatId: string }): string {
  return xmlDocument([...envelope(o, 'change_external_chat'), ['ChatId', o.chatId], ['ChangeType', 'dismiss']]);
}

export interface ChatUpdateOptions extends EventOptions {
  chatId: string;
  updateDetail: 'add_member' | 'del_member' | 'change_owner' | 'change_name' | 'change_notice';
  /** add_member: 0 invited by a member, 3 scanned the group QR code. */
  joinScene?: number;
  /** del_member: 0 left, 1 removed by the owner or an admin. */
  quitScene?: number;
  /** userids / external_userids that joined or left. */
  members?: string[];
  lastMemVer?: string;
  curMemVer?: string;
}

export function externalChatUpdateXml(o: ChatUpdateOptions): string {
  const memberChange = o.updateDetail === 'add_member' || o.updateDetail === 'del_member';
  const members = o.members ?? [];
  return xmlDocument([
    ...envelope(o, 'change_external_chat'),
    ['ChatId', o.chatId],
    ['ChangeType', 'update'],
    ['UpdateDetail', o.updateDetail],
    ['JoinScene', o.updateDetail === 'add_member' ? (o.joinScene ?? 0) : undefined],
    ['QuitScene', o.updateDetail === 'del_member' ? (o.quitScene ?? 0) : undefined],
    ['MemChangeCnt', memberChange ? members.length : undefined],
    ['MemChangeList', memberChange && members.length > 0 ? { items: members } : undefined],
    ['LastMemVer', memberChange ? (o.lastMemVer ?? randomBytes(16).toString('hex')) : undefined],
    ['CurMemVer', memberChange ? (o.curMemVer ?? randomBytes(16).toString('hex')) : undefined],
  ]);
}

// ---- other events -----------------------------------------------------------------------------------

export function externalTagXml(
  o: EventOptions & { id: string; changeType: 'create' | 'update' | 'delete' | 'shuffle'; tagType?: 'tag' | 'tag_group'; strategyId?: string },
): string {
  return xmlDocument([
    ...envelope(o, 'change_external_tag'),
    ['Id', o.id],
    ['TagType', o.changeType === 'shuffle' ? undefined : (o.tagType ?? 'tag')],
    ['StrategyId', o.strategyId],
    ['ChangeType', o.changeType],
  ]);
}

/** An employee removed from the directory (resignation). */
export function deleteUserXml(o: EventOptions & { userId: string }): string {
  return xmlDocument([...envelope(o, 'change_contact'), ['ChangeType', 'delete_user'], ['UserID', o.userId]]);
}

// ---- customer_acquisition (获客助手, ../shared/docs/wecom-frontier.md §3.5) ------------------------------

/** The ChangeTypes of the self-built `Event=customer_acquisition` callback (DOC 97299). */
export const ACQUISITION_CHANGE_TYPES = [
  'balance_low',
  'balance_exhausted',
  'balance_increased',
  'link_unavailable',
  'delete_link',
  'quota_expire_soon',
  'open_profile',
  'friend_request',
  'customer_start_chat',
  'message_from_customer',
] as const;
export type AcquisitionChangeType = (typeof ACQUISITION_CHANGE_TYPES)[number];

/** A 获客助手 event: LinkId for link events; ExpireTime/ExpireQuotaNum for quota_expire_soon (§10.6, secondary sources). */
export function customerAcquisitionXml(
  o: EventOptions & {
    changeType: AcquisitionChangeType;
    linkId?: string;
    state?: string;
    userId?: string;
    externalUserId?: string;
    expireTime?: number;
    expireQuotaNum?: number;
  },
): string {
  return xmlDocument([
    ...envelope(o, 'customer_acquisition'),
    ['ChangeType', o.changeType],
    ['LinkId', o.linkId],
    ['State', o.state],
    ['UserID', o.userId],
    ['ExternalUserID', o.externalUserId],
    ['ExpireTime', o.expireTime],
    ['ExpireQuotaNum', o.expireQuotaNum],
  ]);
}

/** The conversation archive has new data (AgentID is the archive app, a plain number). */
export function msgauditNotifyXml(o: EventOptions & { agentId?: number }): string {
  return xmlDocument([
    ['ToUserName', o.corpId],
    ['FromUserName', 'sys'],
    ['CreateTime', o.createTime ?? nowSeconds()],
    ['MsgType', 'event'],
    ['AgentID', o.agentId ?? 2000004],
    ['Event', 'msgaudit_notify'],
  ]);
}

/** 微信客服 has new messages: the Token is what kf/sync_msg needs (no FromUserName/AgentID, like the sample). */
export function kfMsgOrEventXml(o: EventOptions & { token: string; openKfId: string }): string {
  return xmlDocument([
    ['ToUserName', o.corpId],
    ['CreateTime', o.createTime ?? nowSeconds()],
    ['MsgType', 'event'],
    ['Event', 'kf_msg_or_event'],
    ['Token', o.token],
    ['OpenKfId', o.openKfId],
  ]);
}

/** A plain text message a member sent to the app. */
export function textMessageXml(o: EventOptions & { fromUser: string; content: string; agentId: string | number; msgId?: string }): string {
  return xmlDocument([
    ['ToUserName', o.corpId],
    ['FromUserName', o.fromUser],
    ['CreateTime', o.createTime ?? nowSeconds()],
    ['MsgType', 'text'],
    ['Content', o.content],
    ['MsgId', o.msgId ?? String(randomInt(1, 2 ** 47))],
    ['AgentID', Number(o.agentId)],
  ]);
}

// ---- signing ----------------------------------------------------------------------------------------

export interface SignOptions {
  corpId: string;
  /** Callback Token. */
  token: string;
  /** The 32-byte key (decodeAesKey(EncodingAESKey)). */
  aesKey: Buffer;
  /** Unix seconds as text (default: now). */
  timestamp?: string;
  nonce?: string;
  /** Fixed 16-byte random prefix for reproducible ciphertexts (tests). */
  random?: Buffer;
}

export interface SignedCallback {
  query: { msg_signature: string; timestamp: string; nonce: string };
  body: string;
}

const randomNonce = () => String(randomInt(1_000_000_000, 9_999_999_999));

/** The POST WeCom sends for a decrypted event: encrypted envelope plus signed query. */
export function signedCallback(o: SignOptions & { xml: string; agentId?: string }): SignedCallback {
  const timestamp = o.timestamp ?? String(nowSeconds());
  const nonce = o.nonce ?? randomNonce();
  const enc = encrypt(o.aesKey, o.xml, o.corpId, o.random);
  return {
    query: { msg_signature: signature(o.token, timestamp, nonce, enc), timestamp, nonce },
    body: xmlDocument([
      ['ToUserName', o.corpId],
      ['Encrypt', enc],
      ['AgentID', o.agentId ?? ''],
    ]),
  };
}

export interface SignedEcho {
  query: { msg_signature: string; timestamp: string; nonce: string; echostr: string };
  /** What the endpoint must answer (the decrypted echostr). */
  plaintext: string;
}

/** The GET WeCom sends to verify a callback URL. */
export function signedEcho(o: SignOptions & { echo?: string }): SignedEcho {
  const timestamp = o.timestamp ?? String(nowSeconds());
  const nonce = o.nonce ?? randomNonce();
  const plaintext = o.echo ?? `${randomInt(1_000_000_000, 9_999_999_999)}${randomInt(100_000_000, 999_999_999)}`;
  const echostr = encrypt(o.aesKey, plaintext, o.corpId, o.random);
  return { query: { msg_signature: signature(o.token, timestamp, nonce, echostr), timestamp, nonce, echostr }, plaintext };
}

/** Query string for a signed callback (URL-encodes the base64 echostr exactly once). */
export function callbackQueryString(query: Record<string, string>): string {
  return new URLSearchParams(query).toString();
}
