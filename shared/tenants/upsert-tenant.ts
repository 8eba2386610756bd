// Creates or updates a tenant. Secrets are encrypted before they are stored; omitted secrets are kept.
// `checkSecret` (the admin route passes checkTenantSecret) runs on a given secret after validation and
// before anything is written; scripts and tests that seed tenants directly leave it out.
import type { Clock } from '../clock';
import { ValidationError } from '../errors';
import { parseInput } from '../validation';
import type { SecretBox } from '../secrets/secret-box';
import { tenantInputSchema } from './tenant.schema';
import { publicTenant, type TenantRecord, type TenantStore } from './tenant';
import { msg } from '../i18n/messages';

export interface UpsertTenantDeps {
  tenants: TenantStore;
  secrets: SecretBox;
  clock: Clock;
}

export interface UpsertTenantOptions {
  /** Throws when WeCom refuses the secret (or cannot be asked): then nothing is stored. */
  checkSecret?: (secret: string) => Promise<void>;
}

export async function upsertTenant(deps: UpsertTenantDeps, corpId: string, body: unknown, options: UpsertTenantOptions = {}) {
  const input = parseInput(tenantInputSchema, body, msg('invalid_tenant'));
  const existing = await deps.tenants.get(corpId);
  if (!existing) {
    const missing = (['token', 'encodingAesKey', 'secret'] as const).filter((f) => input[f] === undefined);
    if (missing.length > 0) {
      throw new ValidationError(msg('tenant_secrets_required'), {
        details: missing.map((field) => ({ field, message: 'required' })),
      });
    }
  }
  if (input.secret !== undefined && options.checkSecret) await options.checkSecret(input.secret);
  const ctx = { tenantId: corpId };
  const enc = async (plain: string | undefined, current: string | undefined) => (plain === undefined ? (current as string) : deps.secrets.encrypt(plain, ctx));
  const now = new Date(deps.clock.now()).toISOString();
  const record: TenantRecord = {
    corpId,
    name: input.name ?? existing?.name ?? corpId,
    agentId: input.agentId ?? existing?.agentId,
    notify: input.notify ?? existing?.notify ?? [],
    welcome: input.welcome ?? existing?.welcome,
    redPacketAlertFen: input.redPacketAlertFen ?? existing?.redPacketAlertFen,
    admins: input.admins ?? existing?.admins,
    managers: input.managers ?? existing?.managers,
    massMessageCaps: input.massMessageCaps === null ? undefined : (input.massMessageCaps ?? existing?.massMessageCaps),
    tokenEnc: await enc(input.token, existing?.tokenEnc),
    encodingAesKeyEnc: await enc(input.encodingAesKey, existing?.encodingAesKeyEnc),
    secretEnc: await enc(input.secret, existing?.secretEnc),
    createdAt: existing?.createdAt ?? now,
    updatedAt: now,
  };
  await deps.tenants.put(record);
  return { created: !existing, tenant: publicTenant(record) };
}
