// The data folder of `npm start`: DynamoDB Local's tables, the local secret key (file mode 600, created once,
// then reused so that stored secrets stay readable), the queue messages saved at the last stop, and a lock
// so that two stacks never share one folder. `fresh` empties it first — only if it is one of ours.
import { randomBytes } from 'node:crypto';
import { chmodSync, closeSync, existsSync, mkdirSync, openSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const MARKER = 'siyu-local-data.txt';
const KEY_FILE = 'local-secret.key';
const LOCK_FILE = 'lock.json';
const DYNAMO_DIR = 'dynamodb';
const QUEUES_FILE = 'queues.json';

export interface DataDir {
  root: string;
  /** Where DynamoDB Local keeps its tables (-dbPath). */
  dynamoPath: string;
  /** Queue messages saved at the last stop, put back at the next start. */
  queuesFile: string;
  /** Base64 AES-256 key of LocalSecretBox. */
  secretKey: string;
  /** True when the folder held tables from an earlier run. */
  hadData: boolean;
  /** Set when something about the folder deserves a line at start (e.g. a missing key file). */
  warning?: string;
  /** Records the DynamoDB Local process in the lock, so a stray one is found at the next start. */
  recordDynamoPid(pid: number | undefined): void;
  /** Removes the lock. */
  release(): void;
}

/** Whether a process with this pid runs (EPERM: it does, under another user). */
export function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function emptyFolder(root: string): void {
  if (!existsSync(root)) return;
  const entries = readdirSync(root);
  if (entries.length > 0 && !entries.includes(MARKER)) {
    throw new Error(`refusing to empty ${root}: it is not a Siyu data folder (no ${MARKER}); choose another SIYU_DATA_DIR`);
  }
  rmSync(root, { recursive: true, force: true });
}

/** Fails when a live `npm start` (or its DynamoDB Local) holds the folder; a lock of dead processes is stale. */
function checkLock(root: string): void {
  const path = join(root, LOCK_FILE);
  if (existsSync(path)) {
    let held: { pid?: number; dynamoPid?: number } = {};
    try {
      held = JSON.parse(readFileSync(path, 'utf8')) as typeof held;
    } catch {
      /* unreadable: treat as stale */
    }
    for (const [who, pid] of [
      ['`npm start`', held.pid],
      ['DynamoDB Local', held.dynamoPid],
    ] as const) {
      if (typeof pid === 'number' && pid !== process.pid && alive(pid)) {
        throw new Error(`${root} is in use by ${who} (pid ${pid}); stop it first, or set SIYU_DATA_DIR to another folder`);
      }
    }
  }
}

function takeLock(root: string): { record(dynamoPid: number | undefined): void; release(): void } {
  const path = join(root, LOCK_FILE);
  checkLock(root);
  const write = (dynamoPid?: number) => writeFileSync(path, JSON.stringify({ pid: process.pid, ...(dynamoPid ? { dynamoPid } : {}) }));
  write();
  return {
    record: (dynamoPid) => write(dynamoPid),
    release: () => rmSync(path, { force: true }),
  };
}

/** The local secret key: read if present (permissions tightened to 600), else created once with mode 600. */
function secretKey(root: string): { key: string; created: boolean } {
  const path = join(root, KEY_FILE);
  if (existsSync(path)) {
    if ((statSync(path).mode & 0o077) !== 0) chmodSync(path, 0o600);
    const key = readFileSync(path, 'utf8').trim();
    if (Buffer.from(key, 'base64').length !== 32)
      throw new Error(`${path} does not hold a base64 32-byte key; remove it (stored secrets become unreadable) or start with --fresh`);
    return { key, created: false };
  }
  const key = randomBytes(32).toString('base64');
  const fd = openSync(path, 'wx', 0o600);
  try {
    writeFileSync(fd, `${key}\n`);
  } finally {
    closeSync(fd);
  }
  return { key, created: true };
}

export function openDataDir(root: string, o: { fresh?: boolean } = {}): DataDir {
  if (o.fresh) {
    checkLock(root); // never empty the folder of a running stack
    emptyFolder(root);
  }
  mkdirSync(join(root, DYNAMO_DIR), { recursive: true, mode: 0o700 });
  const marker = join(root, MARKER);
  if (!existsSync(marker)) {
    writeFileSync(
      marker,
      'Local data of `npm start` (Siyu): DynamoDB Local tables, the local secret key, queue messages saved at the last stop.\n' +
        'Delete this folder, or run `npm start -- --fresh`, to start empty.\n',
    );
  }
  const lock = takeLock(root);
  try {
    const dynamoPath = join(root, DYNAMO_DIR);
    const hadData = readdirSync(dynamoPath).some((f) => f.endsWith('.db'));
    const { key, created } = secretKey(root);
    return {
      root,
      dynamoPath,
      queuesFile: join(root, QUEUES_FILE),
      secretKey: key,
      hadData,
      ...(created && hadData
        ? {
            warning: `${KEY_FILE} was missing and has been created anew: secrets stored by earlier runs cannot be decrypted; set them again (PUT /admin/v1/tenants/{corpId}) or start with --fresh`,
          }
        : {}),
      recordDynamoPid: lock.record,
      release: lock.release,
    };
  } catch (e) {
    lock.release();
    throw e;
  }
}
