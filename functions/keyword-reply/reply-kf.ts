// The keyword-reply concern, 微信客服 part: a kf_msg_or_event callback only says "account X has news"
// (docs/wecom.md#customer-service). Holding the account's lease, we pull with kf/sync_msg from the stored cursor
// (the callback's Token while it is valid), reply to customer text that matches a rule with kf/send_msg,
// greet enter_session events with send_msg_on_event, and store the cursor after every page. A reply is
// sent at most once per customer message: a marker per message, and a deterministic msgid that WeCom
// refuses to accept twice should we crash between sending and marking.
import { createHash } from 'node:crypto';
import type { MessageFor } from '../../shared/events/queue-message.schema';
import type { KeywordRuleRecord } from '../../shared/keywords/keyword-rule';
import type { KfStore } from '../../shared/keywords/kf';
import type { RuleSetCache } from '../../shared/keywords/rule-cache';
import { groupInvites, type GroupInviteDeps } from '../../shared/keywords/group-invite';
import { withLease, type LeaseDeps } from '../../shared/leases/lease';
import { renderTemplate, truncateUtf8 } from '../../shared/domain/template';
import type { Outcome } from '../../shared/sqs/consume';
import { apiOfTenant, type TenantApiDeps } from '../../shared/tenants/tenant-api';
import type { TenantRecord } from '../../shared/tenants/tenant';
import type { WecomTenantClient } from '../../shared/wecom/client';
import { WecomApiError } from '../../shared/wecom/wecom-error';
import type { WebhookPublisher } from '../../shared/webhooks/webhook';

export interface ReplyKfDeps extends LeaseDeps, TenantApiDeps, GroupInviteDeps {
  kf: KfStore;
  rules: RuleSetCache;
  /** Outbound webhooks: keyword.matched when a rule answered a customer. */
  webhookEvents?: WebhookPublisher;
}

/** The callback's Token is valid for 10 minutes; past that, sync without it. */
const TOKEN_TTL_SECONDS = 600;
const MAX_PAGES = 50;
/**
 * Customer messages older than this get no automatic reply: a first sync (empty cursor) returns up to
 * 3 days of history, and an answer hours late reads as a bug to the customer.
 */
const REPLY_WITHIN_SECONDS = 600;
/** Answers that mean "this reply cannot be sent now" (5-message cap, 48 h window, session not ours). */
const NOT_SENDABLE = new Set([95001, 95002, 95018]);

interface KfMessage {
  msgid: string;
  send_time: number;
  external_userid?: string | undefined;
  origin: number;
  msgtype: string;
  text?: { content?: string } | undefined;
  event?: { event_type?: string; welcome_code?: string; external_userid?: string } | undefined;
}

/** A msgid for our reply that is the same however often we retry (≤ 32 of [0-9A-Za-z_-]). */
export const replyMsgId = (openKfId: string, msgid: string) => createHash('sha256').update(`${openKfId}\n${msgid}`).digest('base64url').slice(0, 32);

/** Of what the keyword-reply queue carries, kf_msg_or_event is handled here; the other types change nothing. */
export async function replyKf(deps: ReplyKfDeps, m: MessageFor<'keyword-reply'>): Promise<Outcome> {
  if (m.type !== 'kf_msg_or_event') return 'ignored';
  const openKfId = m.event.OpenKfId;
  if (openKfId === '') return 'ignored';
  const tenant = await deps.tenants.get(m.corpId);
  if (!tenant) return 'ignored';
  const api = await apiOfTenant(deps, tenant);
  const token = Math.floor(deps.clock.now() / 1000) - m.occurredAt < TOKEN_TTL_SECONDS ? m.event.Token : undefined;
  return withLease(deps, m.corpId, `kf#${openKfId}`, async () => {
    let cursor = await deps.kf.cursor(m.corpId, openKfId);
    for (let page = 0; page < MAX_PAGES; page++) {
      const out = await api.call('kf/sync_msg', { open_kfid: openKfId, limit: 1000, ...(cursor ? { cursor } : {}), ...(token ? { token } : {}) });
      const rules = await deps.rules.rulesOf(m.corpId);
      for (const msg of out.msg_list as KfMessage[]) await handleMessage(deps, api, tenant, openKfId, msg, rules.match.bind(rules));
      cursor = out.next_cursor;
      await deps.kf.saveCursor(m.corpId, openKfId, cursor);
      if (out.has_more !== 1) break;
    }
    return 'applied' as const;
  });
}

async function handleMessage(
  deps: ReplyKfDeps,
  api: WecomTenantClient,
  tenant: TenantRecord,
  openKfId: string,
  msg: KfMessage,
  match: (text: string, scope: 'kf' | 'archive') => KeywordRuleRecord[],
): Promise<void> {
  const fresh = Math.floor(deps.clock.now() / 1000) - msg.send_time <= REPLY_WITHIN_SECONDS;
  if (fresh && msg.origin === 3 && msg.msgtype === 'text' && msg.external_userid && msg.text?.content) {
    // The first rule that answers (a reply or a group invitation) answers, in one message.
    const rule = match(msg.text.content, 'kf').find((r) => r.reply !== undefined || r.actions.inviteGroupCodeId !== undefined);
    if (!rule) return;
    if (await deps.kf.replied(tenant.corpId, openKfId, msg.msgid)) return;
    const lines = [...(rule.reply ? [renderTemplate(rule.reply.text, { name: '' })] : []), ...(await groupInvites(deps, tenant.corpId, [rule]))];
    if (lines.length === 0) return; // an invitation whose group code is exhausted or gone, and nothing else to say
    const sentMsgid = replyMsgId(openKfId, msg.msgid);
    try {
      await api.call('kf/send_msg', {
        touser: msg.external_userid,
        open_kfid: openKfId,
        msgid: sentMsgid,
        msgtype: 'text',
        text: { content: truncateUtf8(lines.join('\n'), 2048) },
      });
    } catch (e) {
      if (!(e instanceof WecomApiError) || !NOT_SENDABLE.has(e.errcode)) throw e;
    }
    await deps.kf.markReplied(tenant.corpId, openKfId, msg.msgid, { ruleId: rule.id, sentMsgid, at: deps.clock.now() });
    await deps.webhookEvents?.publish(
      tenant.corpId,
      'keyword.matched',
      { scope: 'kf', ruleId: rule.id, openKfId, externalUserId: msg.external_userid, msgid: msg.msgid },
      { occurredAt: msg.send_time * 1000, sourceKey: `${openKfId}#${msg.msgid}` },
    );
    return;
  }
  const event = msg.event;
  if (fresh && msg.msgtype === 'event' && event?.event_type === 'enter_session' && event.welcome_code && tenant.welcome) {
    try {
      await api.call('kf/send_msg_on_event', {
        code: event.welcome_code,
        msgid: replyMsgId(openKfId, msg.msgid),
        msgtype: 'text',
        text: { content: truncateUtf8(renderTemplate(tenant.welcome.text, { name: '' }), 2048) },
      });
    } catch (e) {
      // The code is single-use and lives 20 s: a refused or expired code is final, not worth a retry.
      if (!(e instanceof WecomApiError)) throw e;
    }
  }
}
