// A tenant as Siyu stores it, its store port, and how the API shows it (secrets never). Input schemas:
// tenant.schema.ts; adapter: shared/db/tenant-repository.ts.
import type { Welcome } from './tenant.schema';
import type { TenantView } from './tenant.view';

export interface MassMessageCaps {
  perDay?: number | undefined;
  perWeek?: number | undefined;
}

export interface TenantRecord {
  corpId: string;
  name: string;
  agentId?: string | undefined;
  notify: string[];
  welcome?: Welcome | undefined;
  redPacketAlertFen?: number | undefined;
  /** Login roles (shared/auth/member-role.ts). */
  admins?: string[] | undefined;
  managers?: Record<string, number> | undefined;
  /** The tenant's own per-customer mass-message caps (群发助手 rules), on top of WeCom's monthly one. */
  massMessageCaps?: MassMessageCaps | undefined;
  /** SecretBox ciphertexts. */
  tokenEnc: string;
  encodingAesKeyEnc: string;
  secretEnc: string;
  createdAt: string;
  updatedAt: string;
}

export interface TenantStore {
  get(corpId: string): Promise<TenantRecord | undefined>;
  put(record: TenantRecord): Promise<void>;
}

/** What the API returns (tenant.view.ts): secrets are never shown. */
export function publicTenant(t: TenantRecord): TenantView {
  return {
    corpId: t.corpId,
    name: t.name,
    agentId: t.agentId ?? null,
    notify: t.notify,
    welcome: t.welcome ?? null,
    redPacketAlertFen: t.redPacketAlertFen ?? null,
    admins: t.admins ?? [],
    managers: t.managers ?? {},
    massMessageCaps: t.massMessageCaps ?? null,
    token: '***',
    encodingAesKey: '***',
    secret: '***',
    callbackPath: `/wecom/${t.corpId}/callback`,
    createdAt: t.createdAt,
    updatedAt: t.updatedAt,
  };
}
