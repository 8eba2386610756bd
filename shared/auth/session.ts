// Operator sessions (WeCom login): the record, its store port, and the pure rules. The browser holds
// `siyu_session` = `<corpId>.<id>.<hmac>`: a 256-bit random id signed with the configured key
// (SESSION_SECRET). Only the id's SHA-256 is stored, so a leaked table row cannot be replayed as a cookie.
// Lifetime: 8 h from login (absolute), ended after 2 h without use (idle); each use refreshes lastSeenAt.
// The CSRF token (`siyu_csrf`, double-submit) is an HMAC of the id: it needs no storage and is bound to the session.
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { sha256Hex } from './api-key';

export const SESSION_COOKIE = 'siyu_session';
export const CSRF_COOKIE = 'siyu_csrf';
export const LOGIN_STATE_COOKIE = 'siyu_login_state';
export const CSRF_HEADER = 'x-csrf-token';

export const SESSION_ABSOLUTE_MS = 8 * 3600_000;
export const SESSION_IDLE_MS = 2 * 3600_000;
/** lastSeenAt is written at most once a minute per session (reads are not writes on every request). */
export const SESSION_TOUCH_EVERY_MS = 60_000;

export interface SessionRecord {
  corpId: string;
  /** SHA-256 (hex) of the random id; its first 16 characters are the session's public short id. */
  idHash: string;
  userId: string;
  /** Only the dev one-time login sets it: a super-admin session for the demo tenant. */
  superadmin?: boolean | undefined;
  createdAt: string;
  lastSeenAt: string;
  /** Absolute end (createdAt + 8 h); the item's TTL. */
  expiresAt: string;
  userAgent?: string | undefined;
  ip?: string | undefined;
}

export interface SessionStore {
  put(record: SessionRecord): Promise<void>;
  get(corpId: string, idHash: string): Promise<SessionRecord | undefined>;
  touch(corpId: string, idHash: string, lastSeenAt: string): Promise<void>;
  delete(corpId: string, idHash: string): Promise<void>;
  /** Every session of the tenant (expired ones may linger until their TTL removes them). */
  list(corpId: string): Promise<SessionRecord[]>;
  /** Stores a one-time login token's hash (dev login) until `expiresAt`. */
  putLoginToken(corpId: string, tokenHash: string, expiresAt: string): Promise<void>;
  /** Removes and returns the token (atomically: a second take of the same token finds nothing). */
  takeLoginToken(corpId: string, tokenHash: string): Promise<{ expiresAt: string } | undefined>;
}

export const shortIdOf = (idHash: string) => idHash.slice(0, 16);

const hmac = (key: string, s: string) => createHmac('sha256', key).update(s, 'utf8').digest('base64url');

function equalText(a: string, b: string): boolean {
  const x = Buffer.from(a, 'utf8');
  const y = Buffer.from(b, 'utf8');
  return x.length === y.length && x.length > 0 && timingSafeEqual(x, y);
}

/** A fresh session id and its cookie value. */
export function newSessionToken(key: string, corpId: string): { id: string; idHash: string; cookie: string } {
  const id = randomBytes(32).toString('base64url');
  return { id, idHash: sha256Hex(id), cookie: `${corpId}.${id}.${hmac(key, `${corpId}.${id}`)}` };
}

/** The corp and id of a cookie value whose signature holds; undefined otherwise. */
export function readSessionToken(key: string, value: string | undefined): { corpId: string; id: string; idHash: string } | undefined {
  const m = /^([A-Za-z0-9_-]{1,64})\.([A-Za-z0-9_-]{43})\.([A-Za-z0-9_-]{43})$/.exec(value ?? '');
  if (!m) return undefined;
  const [, corpId, id, sig] = m as unknown as [string, string, string, string];
  if (!equalText(sig, hmac(key, `${corpId}.${id}`))) return undefined;
  return { corpId, id, idHash: sha256Hex(id) };
}

/** The session's CSRF token (the `siyu_csrf` cookie's value, echoed as X-CSRF-Token). */
export const csrfTokenOf = (key: string, id: string) => hmac(key, `csrf.${id}`);

export function csrfTokenMatches(key: string, id: string, presented: string | undefined): boolean {
  return presented !== undefined && equalText(presented, csrfTokenOf(key, id));
}

/** A new session's record times. */
export function sessionTimes(nowMs: number) {
  const now = new Date(nowMs).toISOString();
  return { createdAt: now, lastSeenAt: now, expiresAt: new Date(nowMs + SESSION_ABSOLUTE_MS).toISOString() };
}

/** 'ended' past the absolute end or after the idle limit; 'touch' when lastSeenAt should be refreshed. */
export function sessionState(r: Pick<SessionRecord, 'lastSeenAt' | 'expiresAt'>, nowMs: number): 'ended' | 'touch' | 'fresh' {
  if (Date.parse(r.expiresAt) <= nowMs) return 'ended';
  const idle = nowMs - Date.parse(r.lastSeenAt);
  if (idle >= SESSION_IDLE_MS) return 'ended';
  return idle >= SESSION_TOUCH_EVERY_MS ? 'touch' : 'fresh';
}

/** Cookies from API Gateway v2's `cookies` list and/or a Cookie header. */
export function parseCookies(list: readonly string[] | undefined, header: string | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  const parts = [...(list ?? []), ...(header ?? '').split(';')];
  for (const p of parts) {
    const i = p.indexOf('=');
    if (i <= 0) continue;
    const name = p.slice(0, i).trim();
    if (name && out[name] === undefined) out[name] = p.slice(i + 1).trim();
  }
  return out;
}

/** A Set-Cookie value: Secure, SameSite=Lax, Path=/; HttpOnly unless the page must read it (CSRF). */
export function setCookie(name: string, value: string, o: { maxAgeS: number; httpOnly?: boolean; path?: string }): string {
  return [`${name}=${value}`, `Path=${o.path ?? '/'}`, `Max-Age=${o.maxAgeS}`, ...(o.httpOnly === false ? [] : ['HttpOnly']), 'Secure', 'SameSite=Lax'].join(
    '; ',
  );
}

export const clearCookie = (name: string, o: { httpOnly?: boolean; path?: string } = {}) => setCookie(name, '', { ...o, maxAgeS: 0 });
