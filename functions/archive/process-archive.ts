// The archive concern: decrypted 会话内容存档 messages from the puller (shared/archive/archive-feed.ts).
// Consent first: `agree`/`disagree` messages set a customer's consent (order-safe by time); a message
// with customers is stored only when every customer in it agreed (an unknown customer is asked with
// check_single_agree once, and the answer kept). Nothing is derived from a message that is not stored.
// A stored message then feeds: the red-packet ledger and a `red_packet` audit row (alerting above the
// tenant's redPacketAlertFen), a `revoke` row, `sensitive_word` rows that alert the sensitive-word notify
// list, and the actions of keyword rules scoped to the archive (tags, a note to the staff member).
// Every step is idempotent per msgid, so a replayed archive changes nothing. Keyword actions are decided
// once, stored with the message, and each is marked done when it succeeded: a delivery that failed half
// way (e.g. mark_tag refused for a moment) is completed by the retry, and nothing is done twice.
import type { ArchiveAction, ArchiveActions, ArchiveStore, ConsentStore, LedgerStore } from '../../shared/archive/archive-ports';
import type { SensitiveWordCache } from '../../shared/archive/sensitive-cache';
import { participantsOf, redPacketOf, redPacketRow, revokeRow, sensitiveRow, textOf, type ArchiveMessageView } from '../../shared/domain/archive';
import { alertNames, type DisplayNameDeps } from '../../shared/customers/display-names';
import { alertText, type AuditRow, type AuditStore } from '../../shared/domain/audit';
import type { MessageFor } from '../../shared/events/queue-message.schema';
import { shanghaiDay } from '../../shared/events/time';
import { groupInvites, type GroupInviteDeps } from '../../shared/keywords/group-invite';
import type { QuickReplyStore } from '../../shared/keywords/quick-reply';
import type { RuleSetCache } from '../../shared/keywords/rule-cache';
import type { Outcome } from '../../shared/sqs/consume';
import { apiOfTenant, type TenantApiDeps } from '../../shared/tenants/tenant-api';
import type { TenantRecord } from '../../shared/tenants/tenant';
import type { WecomTenantClient } from '../../shared/wecom/client';
import type { WebhookPublisher } from '../../shared/webhooks/webhook';

export interface ProcessArchiveDeps extends TenantApiDeps, GroupInviteDeps, DisplayNameDeps {
  archive: ArchiveStore;
  consent: ConsentStore;
  ledger: LedgerStore;
  audit: AuditStore;
  sensitive: SensitiveWordCache;
  rules: RuleSetCache;
  quickReplies: QuickReplyStore;
  /** Outbound webhooks: audit.sensitive_word on a message with sensitive words. */
  webhookEvents?: WebhookPublisher;
}

/** The archive queue carries archive messages only, checked against the archive message schema. */
export async function processArchive(deps: ProcessArchiveDeps, m: MessageFor<'archive'>): Promise<Outcome> {
  const msg: ArchiveMessageView & { seq?: number | undefined } = m.event;
  const tenant = await deps.tenants.get(m.corpId);
  if (!tenant) return 'ignored';

  if (msg.msgtype === 'agree' || msg.msgtype === 'disagree') {
    const body = (msg[msg.msgtype] ?? {}) as { userid?: string; agree_time?: number; disagree_time?: number };
    if (!body.userid) return 'ignored';
    const at = Number(body.agree_time ?? body.disagree_time ?? msg.msgtime ?? m.occurredAt * 1000);
    return deps.consent.apply(m.corpId, body.userid, msg.msgtype, at);
  }
  if (msg.action === 'switch') return 'ignored';
  const who = participantsOf(msg);
  if (who.externals.length === 0) return 'ignored'; // staff-only chats are not customer relationships
  let api: WecomTenantClient | undefined;
  const wecom = async () => (api ??= await apiOfTenant(deps, tenant));
  for (const customer of who.externals) if (!(await agreed(deps, wecom, m.corpId, who.staff, customer))) return 'ignored';

  const msgtime = msg.msgtime ?? m.occurredAt * 1000;
  const text = textOf(msg);
  const customerText = who.fromCustomer && text ? text : undefined;
  // Decided before the message is stored and stored with it: only its first store decides.
  const planned = customerText ? await planKeywordActions(deps, tenant, who, customerText) : undefined;
  const stored = await deps.archive.put(
    {
      corpId: m.corpId,
      msgid: msg.msgid,
      seq: msg.seq ?? 0,
      msgtime,
      msgtype: msg.msgtype ?? '',
      action: msg.action,
      from: msg.from ?? '',
      tolist: msg.tolist ?? [],
      roomid: msg.roomid ?? '',
      staff: who.staff,
      customer: who.customer,
      text,
      // external_redpacket keeps its body under `redpacket` (docs/wecom.md#conversation-archive).
      body: (msg[msg.msgtype === 'external_redpacket' ? 'redpacket' : (msg.msgtype ?? '')] ?? {}) as Record<string, unknown>,
    },
    planned,
  );
  const base = { corpId: m.corpId, eventKey: m.eventKey, at: Math.floor(msgtime / 1000), staff: who.staff, customer: who.customer };

  const packet = redPacketOf(msg);
  if (packet && who.staff) {
    await deps.ledger.record({
      corpId: m.corpId,
      day: shanghaiDay(base.at),
      userId: who.staff,
      direction: who.fromCustomer ? 'in' : 'out',
      amountFen: packet.amountFen,
      count: packet.count,
      msgid: msg.msgid,
    });
    await auditAndAlert(deps, wecom, tenant, redPacketRow(base, msg, packet, tenant.redPacketAlertFen), tenant.notify);
  }
  const revoke = revokeRow(base, msg);
  if (revoke) await auditAndAlert(deps, wecom, tenant, revoke, tenant.notify);
  if (text) {
    const sensitive = await deps.sensitive.matcherOf(m.corpId);
    const words = sensitive?.find(text) ?? [];
    if (sensitive && words.length > 0) {
      await auditAndAlert(deps, wecom, tenant, sensitiveRow(base, msg, words, text), sensitive.notify.length ? sensitive.notify : tenant.notify);
      // The words and who, not the message text (receivers that need it read the archive through the API).
      await deps.webhookEvents?.publish(
        m.corpId,
        'audit.sensitive_word',
        { msgid: msg.msgid, userId: who.staff, externalUserId: who.customer, fromCustomer: who.fromCustomer, words },
        { occurredAt: msgtime, sourceKey: m.eventKey },
      );
    }
  }
  // A retry (the message stored by an earlier delivery that failed) completes what that delivery decided.
  let pending: { planned: ArchiveActions; done: readonly ArchiveAction[] } | undefined;
  if (stored === 'stored') pending = planned && { planned, done: [] };
  else if (customerText) pending = await deps.archive.actionsOf(m.corpId, msgtime, msg.msgid);
  const acted = pending ? await runKeywordActions(deps, wecom, tenant, who, { msgtime, msgid: msg.msgid }, pending) : 0;
  return stored === 'stored' || acted > 0 ? 'applied' : 'stale';
}

/** Consent of one customer; unknown ones are asked once (check_single_agree) and the answer kept. */
async function agreed(deps: ProcessArchiveDeps, wecom: () => Promise<WecomTenantClient>, corpId: string, staff: string, customer: string): Promise<boolean> {
  const known = await deps.consent.get(corpId, customer);
  if (known) return known.status === 'agree';
  if (!staff) return false;
  const out = await (await wecom()).call('msgaudit/check_single_agree', { info: [{ userid: staff, exteranalopenid: customer }] });
  const answer = out.agreeinfo.find((a) => a.exteranalopenid === customer);
  const status = answer && /agree/i.test(answer.agree_status) && !/disagree/i.test(answer.agree_status) ? 'agree' : 'disagree';
  await deps.consent.apply(corpId, customer, status, (answer?.status_change_time ?? 0) * 1000);
  return status === 'agree';
}

/** Appends the row once; only a newly appended alerting row sends its alert (WeCom's duplicate check too). */
async function auditAndAlert(
  deps: ProcessArchiveDeps,
  wecom: () => Promise<WecomTenantClient>,
  tenant: TenantRecord,
  row: AuditRow,
  notify: readonly string[],
) {
  const appended = await deps.audit.append(row);
  if (appended !== 'appended' || !row.alert || notify.length === 0 || !tenant.agentId) return;
  await (
    await wecom()
  ).call('message/send', {
    touser: notify.join('|'),
    msgtype: 'text',
    agentid: Number(tenant.agentId),
    text: { content: alertText(row, await alertNames(deps, tenant.corpId, row)) },
    enable_duplicate_check: 1,
    duplicate_check_interval: 1800,
  });
}

/** Keyword rules scoped to the archive: the customer's tags, and the note telling the staff member what to answer. */
async function planKeywordActions(
  deps: ProcessArchiveDeps,
  tenant: TenantRecord,
  who: { staff: string; customer: string },
  text: string,
): Promise<ArchiveActions | undefined> {
  if (!who.staff) return undefined;
  const rules = (await deps.rules.rulesOf(tenant.corpId)).match(text, 'archive');
  if (rules.length === 0) return undefined;
  const tags = [...new Set(rules.flatMap((r) => r.actions.addTags ?? []))];
  let note: string | undefined;
  if (tenant.agentId) {
    // The suggestion is the rule's quick reply (话术) when it names one, else the rule's reply text.
    const notifying = rules.filter((r) => r.actions.notifyStaff);
    const scripts = notifying.some((r) => r.actions.quickReplyId) ? await deps.quickReplies.list(tenant.corpId) : [];
    const suggestions = notifying
      .map((r) => scripts.find((q) => q.id === r.actions.quickReplyId)?.content ?? r.reply?.text)
      .filter((t): t is string => Boolean(t));
    // A group invitation in an archived chat goes through the staff member: WeCom lets us message only them.
    const invites = await groupInvites(deps, tenant.corpId, rules);
    if (suggestions.length > 0 || invites.length > 0) {
      const customer = (await alertNames(deps, tenant.corpId, { customer: who.customer })).customer ?? who.customer;
      note = [
        `客户 ${customer} 说：${[...text].slice(0, 80).join('')}`,
        ...suggestions.map((t) => `建议回复：${t}`),
        ...invites.map((t) => `请邀请客户入群，${t}`),
      ].join('\n');
    }
  }
  if (tags.length === 0 && !note) return undefined;
  return { ...(tags.length > 0 ? { tags } : {}), ...(note ? { note } : {}) };
}

/** Runs the planned actions not done yet, marking each done once it succeeded; returns how many ran. */
async function runKeywordActions(
  deps: ProcessArchiveDeps,
  wecom: () => Promise<WecomTenantClient>,
  tenant: TenantRecord,
  who: { staff: string; customer: string },
  message: { msgtime: number; msgid: string },
  pending: { planned: ArchiveActions; done: readonly ArchiveAction[] },
): Promise<number> {
  let ran = 0;
  const once = async (action: ArchiveAction, effect: () => Promise<unknown>) => {
    if (pending.done.includes(action)) return;
    await effect();
    await deps.archive.markActionDone(tenant.corpId, message.msgtime, message.msgid, action);
    ran++;
  };
  const { tags, note } = pending.planned;
  if (tags && tags.length > 0) {
    await once('tags', async () => (await wecom()).call('externalcontact/mark_tag', { userid: who.staff, external_userid: who.customer, add_tag: tags }));
  }
  const agentId = tenant.agentId;
  if (note && agentId) {
    await once('note', async () =>
      (await wecom()).call('message/send', {
        touser: who.staff,
        msgtype: 'text',
        agentid: Number(agentId),
        text: { content: note },
        enable_duplicate_check: 1,
        duplicate_check_interval: 1800,
      }),
    );
  }
  return ran;
}
