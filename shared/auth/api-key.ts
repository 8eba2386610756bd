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
  createdAt: string;
}

export interface ApiKeyStore {
  get(corpId: string, keyId: string): Promise<ApiKeyRecord | undefined>;
  put(record: ApiKeyRecord): Promise<void>;
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
