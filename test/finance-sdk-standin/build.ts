// Builds the Finance SDK stand-in (standin.c) into a shared library named like Tencent's, once per test run
// (a folder per source hash under the temp dir, so parallel workers and reruns share it). Needs gcc and the
// C library headers (Debian: gcc libc6-dev; .ci/run installs them): without them the test fails, saying so.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import koffi from 'koffi';

const SOURCE = join(__dirname, 'standin.c');

export function buildStandin(): string {
  const source = readFileSync(SOURCE);
  const dir = join(tmpdir(), `finance-sdk-standin-${createHash('sha256').update(source).digest('hex').slice(0, 16)}`);
  const lib = join(dir, 'libWeWorkFinanceSdk_C.so');
  if (existsSync(lib)) return lib;
  mkdirSync(dir, { recursive: true });
  const partial = `${lib}.${process.pid}`;
  try {
    execFileSync('gcc', ['-O2', '-Wall', '-Werror', '-shared', '-fPIC', '-o', partial, SOURCE], { stdio: 'pipe' });
  } catch (e) {
    const err = e as NodeJS.ErrnoException & { stderr?: Buffer };
    if (err.code === 'ENOENT')
      throw new Error('gcc is missing: the Finance SDK stand-in is compiled from C (apt-get install gcc libc6-dev; .ci/run does it)', { cause: e });
    throw new Error(`the Finance SDK stand-in did not compile: ${err.stderr?.toString() ?? err.message}`, { cause: e });
  }
  renameSync(partial, lib);
  return lib;
}

/**
 * Points the stand-in at its fixture file (STANDIN_FIXTURE) in the process's real environment: jest gives each
 * test file a copy of process.env, which the C library's getenv never sees, so this calls libc's setenv.
 */
export function useFixture(path: string): void {
  process.env.STANDIN_FIXTURE = path;
  const setenv = koffi.load('libc.so.6').func('int setenv(const char *name, const char *value, int overwrite)');
  if (setenv('STANDIN_FIXTURE', path, 1) !== 0) throw new Error('setenv(STANDIN_FIXTURE) failed');
}
