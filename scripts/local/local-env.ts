// Which ports, URLs, key and data folder the local stack uses, read one way from the environment by
// `npm start`, `npm run simulate` and `npm run simulator`, so the three always agree. No I/O here.
import { join } from 'node:path';

export const DEV_ADMIN_API_KEY = 'siyu-dev-admin-key-change-me';
export const DEFAULT_PORT = 3000;
export const DEFAULT_SIM_PORT = 3030;
/** The data folder of `npm start` (git-ignored), unless SIYU_DATA_DIR says otherwise. */
export const DEFAULT_DATA_DIR = join(import.meta.dirname, '..', '..', '.siyu-data');

export interface LocalEnv {
  /** PORT: callback + admin API. */
  port: number;
  /** SIM_PORT: the bundled WeCom simulator. */
  simulatorPort: number;
  /** http://127.0.0.1:PORT */
  stackUrl: string;
  /** WECOM_API_BASE when set (then `npm start` starts no simulator and uses this one). */
  externalWecomApiBase?: string;
  /** Where the WeCom simulator answers: WECOM_API_BASE, else http://127.0.0.1:SIM_PORT. */
  simulatorUrl: string;
  /** The variable a user sets to move the simulator, for messages ("SIM_PORT=3031"). */
  simulatorSetting: string;
  adminApiKey: string;
  adminApiKeyIsDev: boolean;
  /** SIYU_DATA_DIR, else .siyu-data at the repository root. */
  dataDir: string;
}

function portOf(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1 || n > 65_535) throw new Error(`${name} must be a port number (1–65535), not "${raw}"`);
  return n;
}

export function readLocalEnv(env: NodeJS.ProcessEnv = process.env): LocalEnv {
  const port = portOf(env, 'PORT', DEFAULT_PORT);
  const simulatorPort = portOf(env, 'SIM_PORT', DEFAULT_SIM_PORT);
  const external = env.WECOM_API_BASE ? env.WECOM_API_BASE.replace(/\/+$/, '') : undefined;
  return {
    port,
    simulatorPort,
    stackUrl: `http://127.0.0.1:${port}`,
    ...(external ? { externalWecomApiBase: external } : {}),
    simulatorUrl: external ?? `http://127.0.0.1:${simulatorPort}`,
    simulatorSetting: external ? `WECOM_API_BASE=${external}` : `SIM_PORT=${simulatorPort}`,
    adminApiKey: env.ADMIN_API_KEY || DEV_ADMIN_API_KEY,
    adminApiKeyIsDev: !env.ADMIN_API_KEY,
    dataDir: env.SIYU_DATA_DIR || DEFAULT_DATA_DIR,
  };
}

/** The code of a failed fetch (ECONNREFUSED, ENOTFOUND, …), from the error or its cause. */
export function networkErrorCode(e: unknown): string {
  let cur: unknown = e;
  for (let depth = 0; cur && depth < 5; depth++) {
    const c = cur as { code?: unknown; name?: unknown; cause?: unknown };
    if (typeof c.code === 'string' && c.code) return c.code;
    if (c.name === 'TimeoutError' || c.name === 'AbortError') return 'timed out';
    cur = c.cause;
  }
  return e instanceof Error ? e.message : String(e);
}

/**
 * Names the real cause when a local service does not answer, e.g. "the WeCom simulator at
 * http://127.0.0.1:3031 is not reachable (ECONNREFUSED) — is `npm start` running with SIM_PORT=3031?"
 */
export function unreachableMessage(what: string, url: string, setting: string, e: unknown): string {
  return `${what} at ${url} is not reachable (${networkErrorCode(e)}) — is \`npm start\` running with ${setting}?`;
}
