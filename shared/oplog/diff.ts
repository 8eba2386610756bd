// The before/after diff of an operation-log entry: changed fields only, as `{ "a.b": { from, to } }` (nested
// objects by dot path, arrays compared whole; an absent side is null). Secrets never leave this module: a
// field named like a secret (secret, token, encodingAesKey, password, …, and their `…Enc` ciphertexts) is
// compared on its real value but shown as `***`, and an API key value (`sy.<corp>.<keyId>.<secret>`) is
// `***` wherever it appears. Pure: no I/O.
import { canonicalJson } from './canonical';

export const MASK = '***';

export interface FieldChange {
  from: unknown;
  to: unknown;
}
export type Diff = Record<string, FieldChange>;

const SECRET_FIELDS = new Set(['secret', 'token', 'encodingaeskey', 'aeskey', 'password', 'apikey', 'key', 'secrethash', 'accesstoken', 'privatekey']);
const API_KEY_VALUE = /sy\.[A-Za-z0-9_-]{1,64}\.[0-9a-f]{12}\.[A-Za-z0-9_-]{43}/g;

/** Whether a field of this name holds a secret (case-insensitive; `tokenEnc` and the like count too). */
export function isSecretField(name: string): boolean {
  const n = name.toLowerCase();
  return SECRET_FIELDS.has(n) || (n.endsWith('enc') && SECRET_FIELDS.has(n.slice(0, -3)));
}

/** A value with every secret field and every API key value replaced by `***`. */
export function maskSecrets(value: unknown): unknown {
  if (typeof value === 'string') return value.replace(API_KEY_VALUE, MASK);
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map(maskSecrets);
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, isSecretField(k) ? MASK : maskSecrets(v)]));
}

const isPlainObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

/** Leaves of a value by dot path (plain objects are walked, anything else is a leaf); secret fields stop the walk. */
function leaves(value: unknown, prefix: string, out: Map<string, { value: unknown; secret: boolean }>, secret = false): void {
  if (!secret && isPlainObject(value) && (prefix === '' || Object.keys(value).length > 0)) {
    for (const [k, v] of Object.entries(value)) {
      if (v === undefined) continue;
      leaves(v, prefix === '' ? k : `${prefix}.${k}`, out, isSecretField(k));
    }
    return;
  }
  out.set(prefix === '' ? 'value' : prefix, { value, secret });
}

const shown = (side: { value: unknown; secret: boolean } | undefined): unknown => (side === undefined ? null : side.secret ? MASK : maskSecrets(side.value));

/**
 * The fields that differ between `before` and `after` (either may be undefined: a creation or a deletion).
 * Values are compared as canonical JSON, so key order does not count as a change.
 */
export function diffOf(before: unknown, after: unknown): Diff {
  const a = new Map<string, { value: unknown; secret: boolean }>();
  const b = new Map<string, { value: unknown; secret: boolean }>();
  leaves(before ?? {}, '', a);
  leaves(after ?? {}, '', b);
  const diff: Diff = {};
  for (const path of [...new Set([...a.keys(), ...b.keys()])].sort()) {
    const from = a.get(path);
    const to = b.get(path);
    if (from !== undefined && to !== undefined && canonicalJson(from.value) === canonicalJson(to.value)) continue;
    diff[path] = { from: shown(from), to: shown(to) };
  }
  return diff;
}
