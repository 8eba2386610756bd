// The greeting concern: a new customer gets the welcome of the channel they came through (else the
// tenant's default) via send_welcome_msg inside WeCom's 20 s window, `{{name}}` filled, exactly once (the
// consumer applies each event once; a used code answers 41051, which means stop). Then — after the
// welcome, so it is never delayed — the channel's tags (mark_tag) and remark are applied.
// A welcome that cannot be delivered (the code expired or was refused, or the window closed while
// retrying) is never silent: it becomes a `welcome_failed` audit row and a WelcomeFailed metric.
import { type Clock } from '../../shared/clock';
import { channelIdOfState, type ChannelRecord, type ChannelStore } from '../../shared/channels/channel';
import type { AuditStore } from '../../shared/domain/audit';
import { renderTemplate, truncateUtf8 } from '../../shared/domain/template';
import type { MessageFor } from '../../shared/events/queue-message.schema';
import type { SecretBox } from '../../shared/secrets/secret-box';
import type { BlobStore, MaterialStore } from '../../shared/materials/material';
import { MaterialUnusableError, resolveAttachments } from '../../shared/materials/resolve';
import type { Outcome } from '../../shared/sqs/consume';
import { apiOfTenant } from '../../shared/tenants/tenant-api';
import type { TenantStore } from '../../shared/tenants/tenant';
import type { WecomClient, WecomTenantClient } from '../../shared/wecom/client';
import { WecomApiError } from '../../shared/wecom/wecom-error';

export interface SendWelcomeDeps {
  audit: AuditStore;
  /** Business metrics (WelcomeSent, WelcomeFailed): a port, so the use case stays free of Powertools. */
  count: (metric: 'WelcomeSent' | 'WelcomeFailed') => void;
  tenants: TenantStore;
  channels: ChannelStore;
  /** The customer profiles (a recent stored name spares an externalcontact/get); absent: always ask WeCom. */
  customers?: {
    get(corpId: string, externalUserId: string): Promise<{ name: string | null; profileAt: number | null; erasedAt?: string | null | undefined } | undefined>;
  };
  /** WeCom raises no callback for API tagging, so the tags applied here are recorded on the follow. */
  follows: { addTags(corpId: string, externalUserId: string, userId: string, tagIds: string[]): Promise<void> };
  secrets: SecretBox;
  wecom: WecomClient;
  clock: Clock;
  sleep: (ms: number) => Promise<void>;
  /** Attachments `{materialId}` (素材库) become WeCom objects with a valid media_id before sending. */
  materials: MaterialStore;
  blobs: BlobStore;
}

/** The greeting queue carries the adds and msg_audit_approved (the welcome code arrives after approval). */
type GreetingMessage = MessageFor<'greeting'>;
export const WELCOME_WINDOW_MS = 20_000;
const NAME = /\{\{\s*name\s*\}\}/;

/** A stored profile read this long before the add still names the customer (docs/architecture.md#cost-per-add). */
export const STORED_NAME_MAX_AGE_MS = 86_400_000;

/**
 * The customer's name for `{{name}}`: from the profile the relationship consumer stored (its one
 * externalcontact/get of the add) when it is recent, else from WeCom. Never waits for the other consumer.
 */
async function customerName(deps: SendWelcomeDeps, api: WecomTenantClient, m: GreetingMessage): Promise<string | undefined> {
  const externalUserId = m.event.ExternalUserID;
  const stored = await deps.customers?.get(m.corpId, externalUserId).catch(() => undefined);
  if (stored?.name && !stored.erasedAt && (stored.profileAt ?? 0) >= m.occurredAt * 1000 - STORED_NAME_MAX_AGE_MS) return stored.name;
  try {
    const out = await api.call('externalcontact/get', { external_userid: externalUserId });
    return out.external_contact.name;
  } catch {
    return undefined; // the welcome matters more than the name: send it without
  }
}

async function channelOf(deps: SendWelcomeDeps, m: GreetingMessage): Promise<ChannelRecord | undefined> {
  const id = channelIdOfState(m.event.State);
  const channel = id ? await deps.channels.get(m.corpId, id) : undefined;
  return channel?.status === 'active' ? channel : undefined;
}

export async function sendWelcome(deps: SendWelcomeDeps, m: GreetingMessage): Promise<Outcome> {
  const tenant = await deps.tenants.get(m.corpId);
  if (!tenant) return 'ignored';
  const channel = await channelOf(deps, m);
  const code = m.event.WelcomeCode;
  const welcome = channel?.welcome ?? tenant.welcome;
  const hasWelcome = code !== undefined && code !== '' && welcome !== undefined;
  const enrich = channel !== undefined && (channel.tags.length > 0 || Boolean(channel.remark));
  if (!hasWelcome && !enrich) return 'ignored';
  const api = await apiOfTenant(deps, tenant);
  const { UserID: userid, ExternalUserID: externalUserId } = m.event;
  const outcome = hasWelcome ? await deliverWelcome(deps, api, m, code, welcome) : 'ignored';
  if (channel && channel.tags.length > 0) {
    await api.call('externalcontact/mark_tag', { userid, external_userid: externalUserId, add_tag: channel.tags });
    await deps.follows.addTags(m.corpId, externalUserId, userid, channel.tags);
  }
  if (channel?.remark) await api.call('externalcontact/remark', { userid, external_userid: externalUserId, remark: channel.remark });
  return outcome === 'ignored' ? 'applied' : outcome;
}

async function deliverWelcome(
  deps: SendWelcomeDeps,
  api: WecomTenantClient,
  m: GreetingMessage,
  code: string,
  welcome: NonNullable<ChannelRecord['welcome']>,
): Promise<Outcome> {
  let text = welcome.text;
  if (NAME.test(text)) {
    const name = await customerName(deps, api, m);
    text = renderTemplate(text, { name: name ?? '' });
  }
  let attachments: Array<Record<string, unknown>> | undefined;
  try {
    attachments = await resolveAttachments(deps, async () => api, m.corpId, welcome.attachments);
  } catch (e) {
    // A deleted material or WeCom refusing the upload is final; anything else (network) is retried by SQS.
    if (e instanceof MaterialUnusableError || e instanceof WecomApiError) {
      await recordFailure(deps, m, e);
      return 'applied';
    }
    throw e;
  }
  const body = {
    welcome_code: code,
    text: { content: truncateUtf8(text, 4000) },
    ...(attachments ? { attachments: attachments as never } : {}),
  };
  const deadline = m.occurredAt * 1000 + WELCOME_WINDOW_MS;
  for (;;) {
    try {
      await api.call('externalcontact/send_welcome_msg', body);
      deps.count('WelcomeSent');
      return 'applied';
    } catch (e) {
      if (e instanceof WecomApiError && e.errcode === 41051) return 'stale'; // delivered already: stop
      // 41096: another app is distributing the welcome; WeCom allows a retry inside the window. Busy
      // answers (-1, 45009, 45033) are retried here too: an SQS redelivery would come after the window.
      const again = e instanceof WecomApiError && (e.errcode === 41096 || e.retryable);
      if (again && deps.clock.now() + 1000 < deadline) {
        await deps.sleep(1000);
        continue;
      }
      // A WeCom refusal is final, and so is anything once the window has closed; else SQS retries
      // (a network failure before WeCom answered: the code may still be unused).
      if (e instanceof WecomApiError || deps.clock.now() >= deadline) {
        await recordFailure(deps, m, e);
        return 'applied';
      }
      throw e;
    }
  }
}

async function recordFailure(deps: SendWelcomeDeps, m: GreetingMessage, e: unknown): Promise<void> {
  deps.count('WelcomeFailed');
  await deps.audit.append({
    corpId: m.corpId,
    eventKey: m.eventKey,
    type: 'welcome_failed',
    at: m.occurredAt,
    staff: m.event.UserID,
    customer: m.event.ExternalUserID,
    detail:
      e instanceof WecomApiError
        ? { errcode: e.errcode, reason: e.message.slice(0, 200) }
        : e instanceof MaterialUnusableError
          ? { reason: e.message, materialId: e.materialId }
          : { reason: 'the 20 s welcome window closed' },
    alert: false,
  });
}
