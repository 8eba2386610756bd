// The functions' environment of a running `npm start` (table and queue names, emulator endpoints, the local
// secret key, …), kept in its data folder while it runs so that `npm run invoke` (scripts/invoke-local.ts) runs
// `osls invoke local` against the same stack. File mode 600 (it holds the local secret key); removed at stop.
import { closeSync, existsSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { alive } from './data-dir';

const FILE = 'functions-env.json';

export interface FunctionsEnvFile {
  /** The `npm start` process that wrote it. */
  pid: number;
  /** The environment serverless-offline gives the functions. */
  env: Record<string, string>;
}

export const functionsEnvPath = (dataDir: string): string => join(dataDir, FILE);

export function writeFunctionsEnv(dataDir: string, env: Record<string, string>, pid: number = process.pid): void {
  const path = functionsEnvPath(dataDir);
  rmSync(path, { force: true });
  const fd = openSync(path, 'wx', 0o600);
  try {
    writeFileSync(fd, `${JSON.stringify({ pid, env } satisfies FunctionsEnvFile, null, 2)}\n`);
  } finally {
    closeSync(fd);
  }
}

export function removeFunctionsEnv(dataDir: string): void {
  rmSync(functionsEnvPath(dataDir), { force: true });
}

/** The running stack's function environment; an error that says what to do when there is none. */
export function readFunctionsEnv(dataDir: string): Record<string, string> {
  const path = functionsEnvPath(dataDir);
  const hint = `start the local stack first (\`npm start\`), or set SIYU_DATA_DIR to the data folder of the running one`;
  if (!existsSync(path)) throw new Error(`no running local stack found: ${path} does not exist; ${hint}`);
  let file: FunctionsEnvFile;
  try {
    file = JSON.parse(readFileSync(path, 'utf8')) as FunctionsEnvFile;
  } catch (e) {
    throw new Error(`${path} is not readable JSON (${(e as Error).message}); restart \`npm start\``, { cause: e });
  }
  if (typeof file.pid !== 'number' || !file.env || typeof file.env !== 'object')
    throw new Error(`${path} is not a functions environment; restart \`npm start\``);
  if (!alive(file.pid)) throw new Error(`the local stack that wrote ${path} (pid ${file.pid}) is no longer running; ${hint}`);
  return file.env;
}
