// The data folder of `npm start` in throwaway temp folders: the secret key is created once (mode 600) and
// reused, --fresh empties only a Siyu data folder, and two stacks cannot share one.
import { spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDataDir } from './data-dir';

let base: string;
beforeEach(() => {
  base = mkdtempSync(join(tmpdir(), 'siyu-data-test-'));
});
afterEach(() => rmSync(base, { recursive: true, force: true }));

describe('openDataDir', () => {
  it('creates the secret key once, readable by its owner only, and reuses it on the next start', () => {
    const root = join(base, 'data');
    const first = openDataDir(root);
    const keyFile = join(root, 'local-secret.key');
    expect(statSync(keyFile).mode & 0o777).toBe(0o600);
    expect(Buffer.from(first.secretKey, 'base64')).toHaveLength(32);
    expect(first.hadData).toBe(false);
    first.release();

    writeFileSync(join(first.dynamoPath, 'shared-local-instance.db'), 'tables');
    const second = openDataDir(root);
    expect(second.secretKey).toBe(first.secretKey);
    expect(second.hadData).toBe(true);
    expect(second.warning).toBeUndefined();
    second.release();
  });

  it('tightens a key file that others can read', () => {
    const root = join(base, 'data');
    openDataDir(root).release();
    chmodSync(join(root, 'local-secret.key'), 0o644);
    openDataDir(root).release();
    expect(statSync(join(root, 'local-secret.key')).mode & 0o777).toBe(0o600);
  });

  it('warns when the tables are there but their key is gone', () => {
    const root = join(base, 'data');
    const first = openDataDir(root);
    first.release();
    writeFileSync(join(first.dynamoPath, 'shared-local-instance.db'), 'tables');
    rmSync(join(root, 'local-secret.key'));
    const second = openDataDir(root);
    expect(second.secretKey).not.toBe(first.secretKey);
    expect(second.warning).toContain('secrets stored by earlier runs cannot be decrypted');
    second.release();
  });

  it('fresh: starts empty, with a new key', () => {
    const root = join(base, 'data');
    const first = openDataDir(root);
    first.release();
    writeFileSync(join(first.dynamoPath, 'shared-local-instance.db'), 'tables');
    writeFileSync(first.queuesFile, '{}');
    const fresh = openDataDir(root, { fresh: true });
    expect(fresh.hadData).toBe(false);
    expect(existsSync(join(fresh.dynamoPath, 'shared-local-instance.db'))).toBe(false);
    expect(existsSync(fresh.queuesFile)).toBe(false);
    expect(fresh.secretKey).not.toBe(first.secretKey);
    fresh.release();
  });

  it('fresh: refuses to empty a folder that is not a Siyu data folder', () => {
    const root = join(base, 'home');
    mkdirSync(root);
    writeFileSync(join(root, 'thesis.tex'), 'precious');
    expect(() => openDataDir(root, { fresh: true })).toThrow(/refusing to empty .*not a Siyu data folder/);
    expect(readFileSync(join(root, 'thesis.tex'), 'utf8')).toBe('precious');
  });

  it('refuses a folder another running stack holds, and takes over a lock its dead owner left', async () => {
    const root = join(base, 'data');
    const held = openDataDir(root);
    // A second process (not this one) holding the lock.
    const other = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)'], { stdio: 'ignore' });
    try {
      held.release();
      writeFileSync(join(root, 'lock.json'), JSON.stringify({ pid: other.pid }));
      expect(() => openDataDir(root)).toThrow(`${root} is in use by \`npm start\` (pid ${other.pid})`);
      writeFileSync(join(root, 'lock.json'), JSON.stringify({ pid: process.pid, dynamoPid: other.pid }));
      expect(() => openDataDir(root)).toThrow(`in use by DynamoDB Local (pid ${other.pid})`);
      // --fresh does not empty the folder of a running stack either
      writeFileSync(join(held.dynamoPath, 'shared-local-instance.db'), 'tables');
      expect(() => openDataDir(root, { fresh: true })).toThrow('in use by DynamoDB Local');
      expect(existsSync(join(held.dynamoPath, 'shared-local-instance.db'))).toBe(true);
    } finally {
      const exited = new Promise((r) => other.once('exit', r));
      other.kill();
      await exited;
    }
    // The holder is gone: the lock is stale and taken over.
    const again = openDataDir(root);
    expect(JSON.parse(readFileSync(join(root, 'lock.json'), 'utf8'))).toEqual({ pid: process.pid });
    again.release();
    expect(existsSync(join(root, 'lock.json'))).toBe(false);
  });
});
