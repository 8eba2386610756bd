// The `osls invoke local` command line of `npm run invoke` (scripts/invoke-local.ts): the local stage unless the
// user names another, and the running stack's function environment over the user's shell (so a shell that still
// has other values, e.g. of another stack, cannot point the function elsewhere). No I/O here.
import { join } from 'node:path';

export const SERVERLESS_BIN = join(import.meta.dirname, '..', '..', 'node_modules', 'serverless', 'bin', 'serverless.js');

export interface InvokeCommand {
  args: string[];
  env: Record<string, string>;
}

/** Reads `-f`/`--function` from the arguments (osls needs one; we say so before it starts). */
export function functionOf(argv: readonly string[]): string | undefined {
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '-f' || a === '--function') return argv[i + 1];
    const m = /^--function=(.+)$/.exec(a);
    if (m) return m[1];
  }
  return undefined;
}

export function invokeCommand(argv: readonly string[], stackEnv: Record<string, string>, shellEnv: NodeJS.ProcessEnv): InvokeCommand {
  const hasStage = argv.some((a) => a === '--stage' || a === '-s' || a.startsWith('--stage='));
  const base = Object.fromEntries(Object.entries(shellEnv).filter((e): e is [string, string] => e[1] !== undefined));
  return {
    args: [SERVERLESS_BIN, 'invoke', 'local', ...(hasStage ? [] : ['--stage', 'local']), ...argv],
    env: { ...base, ...stackEnv },
  };
}
