// The console's API client: same-origin fetch with the session cookie, the CSRF token (cookie siyu_csrf,
// echoed as X-CSRF-Token) on writes, Accept-Language from the chosen language, and the API's error message
// on failure. A 401 anywhere tells the router (the login page).
import { currentLang } from './i18n';

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    /** The error's `details`, when the API gave any (e.g. `nextAt` of a refused reminder). */
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
  }
}

let unauthorized: () => void = () => undefined;
export const onUnauthorized = (f: () => void) => {
  unauthorized = f;
};

const cookie = (name: string) =>
  document.cookie
    .split('; ')
    .find((c) => c.startsWith(`${name}=`))
    ?.slice(name.length + 1);

const WRITES = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

export async function api<T>(method: string, path: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json', 'accept-language': currentLang() };
  if (body !== undefined) headers['content-type'] = 'application/json';
  const csrf = cookie('siyu_csrf');
  if (WRITES.has(method) && csrf !== undefined) headers['x-csrf-token'] = decodeURIComponent(csrf);
  const res = await fetch(path, { method, headers, credentials: 'same-origin', ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
  if (res.status === 401) unauthorized();
  if (!res.ok) {
    const err = (await res.json().catch(() => undefined)) as { error?: { code?: string; message?: string; details?: Record<string, unknown> } } | undefined;
    throw new ApiError(res.status, err?.error?.code ?? 'http_error', err?.error?.message ?? `HTTP ${res.status}`, err?.error?.details);
  }
  return (await res.json()) as T;
}

export const get = <T>(path: string) => api<T>('GET', path);

export interface Me {
  corpId: string;
  userid: string;
  role: 'superadmin' | 'admin' | 'manager' | 'staff' | 'auditor';
  department?: number[];
}

export const me = () => get<Me>('/auth/me');
export const logout = () => api<unknown>('POST', '/auth/logout');
