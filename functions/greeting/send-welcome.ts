// The greeting concern: a new customer gets the welcome (channel welcomes arrive with issue #3; today the
// tenant default) through send_welcome_msg inside WeCom's 20 s window, `{{name}}` filled, exactly once
// (the consumer applies each event once; a used code answers 41051, which means stop).
import { renderTemplate, truncateUtf8 } from '../../shared/domain/template';
import type { QueueMessage } from '../../shared/events/queue-message.schema';
import type { SecretBox } from '../../shared/secrets/secret-box';
import type { Outcome } from '../../shared/sqs/consume';
import type { TenantStore } from '../../shared/tenants/tenant.schema';
import type { WecomClient, WecomTenantClient } from '../../shared/wecom/client';
import { WecomApiError } from '../../shared/wecom/wecom-error';

export interface SendWelcomeDeps {
  tenants: TenantStore;
  secrets: SecretBox;
  wecom: WecomClient;
  nowMs: () => number;
  sleep: (ms: number) => Promise<void>;
}

const WELCOME_EVENTS = new Set([
  'change_external_contact.add_external_contact',
  'change_external_contact.add_half_external_contact',
  'change_external_contact.msg_audit_approved',
]);
export const WELCOME_WINDOW_MS = 20_000;
const NAME = /\{\{\s*name\s*\}\}/;

async function customerName(api: WecomTenantClient, externalUserId: string): Promise<string | undefined> {
  try {
    const out = await api.call('externalcontact/get', { external_userid: externalUserId });
    return out.external_contact.name;
  } catch {
    return undefined; // the welcome matters more than the name: send it without
  }
}

export async function sendWelcome(deps: SendWelcomeDeps, m: QueueMessage): Promise<Outcome> {
  const code = m.event.WelcomeCode;
  if (!WELCOME_EVENTS.has(m.type) || typeof code !== 'string' || code === '') return 'ignored';
  const tenant = await deps.tenants.get(m.corpId);
  const welcome = tenant?.welcome;
  if (!tenant || !welcome) return 'ignored';
  const secret = await deps.secrets.decrypt(tenant.secretEnc, { tenantId: m.corpId });
  const api = deps.wecom.forTenant({ corpId: m.corpId, secret });
  let text = welcome.text;
  if (NAME.test(text)) {
    const name = await customerName(api, String(m.event.ExternalUserID));
    text = renderTemplate(text, { name: name ?? '' });
  }
  const body = {
    welcome_code: code,
    text: { content: truncateUtf8(text, 4000) },
    ...(welcome.attachments ? { attachments: welcome.attachments } : {}),
  };
  const deadline = m.occurredAt * 1000 + WELCOME_WINDOW_MS;
  for (;;) {
    try {
      await api.call('externalcontact/send_welcome_msg', body);
      return 'applied';
    } catch (e) {
      if (e instanceof WecomApiError && e.errcode === 41051) return 'stale'; // delivered already: stop
      // 41096: another app is distributing the welcome; WeCom allows a retry inside the window.
      if (e instanceof WecomApiError && e.errcode === 41096 && deps.nowMs() + 1000 < deadline) {
        await deps.sleep(1000);
        continue;
      }
      throw e;
    }
  }
}
