// API keys: `sy.<corpId>.<keyId>.<secret>`. Only a SHA-256 of the secret is stored (the secret is 256
// random bits, so a fast hash is enough). The corp id in the key keeps every lookup inside the tenant.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

export const ROLES = ['superadmin', 'admin', 'manager', 'staff', 'auditor'] as const;
export type Role = (typeof ROLES)[number];

export interface ApiKeyRecord {
  corpId: string;
  keyId: string;
  secretHash: string;
  role: Exclude<Role, 'superadmin'>;
  userId?: string | undefined;
  department?: string | undefined;
  /** What the key is for, as its creator wrote it (e.g. "ERP 同步"). */
  name?: string | undefined;
  createdAt: string;
  /** ISO time after which the key is refused; none: it does not expire. */
  expiresAt?: string | undefined;
  /** ISO time it was revoked; a revoked key is refused at once and stays listed. */
  revokedAt?: string | undefined;
}

export type ApiKeyStatus = 'active' | 'expired' | 'revoked';

export function apiKeyStatus(r: Pick<ApiKeyRecord, 'expiresAt' | 'revokedAt'>, now: Date): ApiKeyStatus {
  if (r.revokedAt !== undefined) return 'revoked';
  if (r.expiresAt !== undefined && Date.parse(r.expiresAt) <= now.getTime()) return 'expired';
  return 'active';
}

export interface ApiKeyStore {
  get(corpId: string, keyId: string): Promise<ApiKeyRecord | undefined>;
  put(record: ApiKeyRecord): Promise<void>;
  /** Every key of the tenant, revoked and expired ones included. */
  list(corpId: string): Promise<ApiKeyRecord[]>;
  /** Marks the key revoked (once: a second revoke keeps the first time). Undefined when there is no such key. */
  revoke(corpId: string, keyId: string, at: string): Promise<ApiKeyRecord | undefined>;
}

export const sha256Hex = (s: string) => createHash('sha256').update(s, 'utf8').digest('hex');

export function hashesEqual(aHex: string, bHex: string): boolean {
  const a = Buffer.from(aHex, 'hex');
  const b = Buffer.from(bHex, 'hex');
  return a.length === b.length && a.length > 0 && timingSafeEqual(a, b);
}

export function newApiKey(corpId: string): { keyId: string; secret: string; key: string } {
  const keyId = randomBytes(6).toString('hex');
  const secret = randomBytes(32).toString('base64url');
  return { keyId, secret, key: `sy.${corpId}.${keyId}.${secret}` };
}

const KEY_FORMAT = /^sy\.([A-Za-z0-9_-]{1,64})\.([0-9a-f]{12})\.([A-Za-z0-9_-]{43})$/;

export function parseApiKey(key: string): { corpId: string; keyId: string; secret: string } | undefined {
  const m = KEY_FORMAT.exec(key);
  return m ? { corpId: m[1]!, keyId: m[2]!, secret: m[3]! } : undefined;
}
