// The console's build (Vite, console/ → console/dist/) when it is missing or older than its sources:
// used by `npm start`, the package smoke check and the browser tests, so a fresh clone needs only `npm install`.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = join(import.meta.dirname, '..');
export const CONSOLE_DIST = join(ROOT, 'console', 'dist');
const INDEX = join(CONSOLE_DIST, 'index.html');

function newest(path: string): number {
  const s = statSync(path);
  if (!s.isDirectory()) return s.mtimeMs;
  return Math.max(0, ...readdirSync(path).map((f) => newest(join(path, f))));
}

/** True when console/dist/index.html is absent or older than a source of the console or a dependency change. */
export function consoleStale(): boolean {
  if (!existsSync(INDEX) || !existsSync(join(CONSOLE_DIST, 'sidebar.html'))) return true;
  const sources = ['console/src', 'console/index.html', 'console/sidebar.html', 'console/vite.config.ts', 'package-lock.json']
    .map((p) => join(ROOT, p))
    .filter(existsSync);
  return Math.max(...sources.map(newest)) > statSync(INDEX).mtimeMs;
}

/** Builds the console unless it is up to date; 'built' or 'fresh'. Throws with Vite's output when the build fails. */
export function ensureConsoleBuilt(): 'built' | 'fresh' {
  if (!consoleStale()) return 'fresh';
  const r = spawnSync(process.execPath, [join(ROOT, 'node_modules/vite/bin/vite.js'), 'build', '--config', 'console/vite.config.ts'], {
    cwd: ROOT,
    // A production build whatever the caller's NODE_ENV (Vue and vue-i18n drop their development code).
    env: { ...process.env, NODE_ENV: 'production' },
    encoding: 'utf8',
  });
  if (r.status !== 0) throw new Error(`console build failed:\n${r.stdout}\n${r.stderr}`);
  return 'built';
}
