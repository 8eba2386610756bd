// Reading WeCom request bodies the way WeCom does: a missing required field has its own errcode, a
// wrong type or an out-of-range value is 40058 (invalid parameter).
import { randomBytes } from 'node:crypto';
import { SimApiError, check } from './sim-error';

export type Body = Record<string, unknown>;

export const chars = (s: string): number => [...s].length;
export const bytes = (s: string): number => Buffer.byteLength(s, 'utf8');

export function optString(b: Body, key: string): string | undefined {
  const v = b[key];
  if (v === undefined || v === null) return undefined;
  if (typeof v === 'number') return String(v);
  check(typeof v === 'string', 40058, `${key} must be a string`);
  return v;
}

export function reqString(b: Body, key: string, missing = 40058): string {
  const v = optString(b, key);
  if (v === undefined || v === '') throw new SimApiError(missing, `${key} is required`);
  return v;
}

export function optInt(b: Body, key: string): number | undefined {
  const v = b[key];
  if (v === undefined || v === null || v === '') return undefined;
  const n = typeof v === 'string' && /^-?\d+$/.test(v) ? Number(v) : v;
  check(typeof n === 'number' && Number.isInteger(n), 40058, `${key} must be an integer`);
  return n;
}

export function optBool(b: Body, key: string): boolean | undefined {
  const v = b[key];
  if (v === undefined || v === null) return undefined;
  if (v === 0 || v === 1) return v === 1;
  check(typeof v === 'boolean', 40058, `${key} must be a boolean`);
  return v;
}

export function optArray(b: Body, key: string): unknown[] | undefined {
  const v = b[key];
  if (v === undefined || v === null) return undefined;
  check(Array.isArray(v), 40058, `${key} must be an array`);
  return v;
}

export function optStringArray(b: Body, key: string): string[] | undefined {
  const v = optArray(b, key);
  if (v === undefined) return undefined;
  check(
    v.every((x) => typeof x === 'string'),
    40058,
    `${key} must be an array of strings`,
  );
  return v as string[];
}

export function optObject(b: Body, key: string): Body | undefined {
  const v = b[key];
  if (v === undefined || v === null) return undefined;
  check(typeof v === 'object' && !Array.isArray(v), 40058, `${key} must be an object`);
  return v as Body;
}

/** Opaque cursors: the offset in a stable list, base64url-encoded. */
export function page<T>(items: T[], cursor: string | undefined, limit: number): { items: T[]; next: string } {
  let offset = 0;
  if (cursor) {
    const decoded = Buffer.from(cursor, 'base64url').toString('utf8');
    check(/^o\d{1,9}$/.test(decoded), 40058, 'invalid cursor');
    offset = Number(decoded.slice(1));
  }
  const slice = items.slice(offset, offset + limit);
  const end = offset + slice.length;
  return { items: slice, next: end < items.length ? Buffer.from(`o${end}`, 'utf8').toString('base64url') : '' };
}

/** WeCom-looking random ids: a prefix plus url-safe characters. */
export function randomId(prefix: string, length = 32): string {
  const body = randomBytes(length).toString('base64url').replace(/[-_]/g, 'x');
  return `${prefix}${body}`.slice(0, length);
}

export const seconds = (ms: number): number => Math.floor(ms / 1000);
