// `npm run invoke`: the osls command line (local stage unless given, the function named), and the running
// stack's function environment taking precedence over the shell; the stack's file read back or refused.
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { functionsEnvPath, readFunctionsEnv, removeFunctionsEnv, writeFunctionsEnv } from './functions-env';
import { SERVERLESS_BIN, functionOf, invokeCommand } from './invoke-command';

describe('invokeCommand', () => {
  it('runs osls invoke local on the local stage with the arguments as given', () => {
    const { args } = invokeCommand(['-f', 'health', '--path', 'events/health/get.json'], {}, {});
    expect(args).toEqual([SERVERLESS_BIN, 'invoke', 'local', '--stage', 'local', '-f', 'health', '--path', 'events/health/get.json']);
  });

  it('keeps a stage the user names', () => {
    expect(invokeCommand(['-f', 'health', '--stage', 'ci'], {}, {}).args).toEqual([SERVERLESS_BIN, 'invoke', 'local', '-f', 'health', '--stage', 'ci']);
  });

  it("puts the stack's values over the shell's", () => {
    const { env } = invokeCommand(['-f', 'x'], { TABLE_NAME: 'siyu-local', DYNAMODB_ENDPOINT: 'http://127.0.0.1:1' }, { TABLE_NAME: 'stale', PATH: '/bin' });
    expect(env).toEqual({ TABLE_NAME: 'siyu-local', DYNAMODB_ENDPOINT: 'http://127.0.0.1:1', PATH: '/bin' });
  });

  it('finds the function in -f, --function and --function=', () => {
    expect([functionOf(['-f', 'a']), functionOf(['--function', 'b']), functionOf(['--function=c']), functionOf(['--path', 'x'])]).toEqual([
      'a',
      'b',
      'c',
      undefined,
    ]);
  });
});

describe('functions-env.json in the data folder', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'siyu-fenv-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('is written with mode 600 and read back while its writer runs', () => {
    writeFunctionsEnv(dir, { TABLE_NAME: 't' });
    expect(statSync(functionsEnvPath(dir)).mode & 0o777).toBe(0o600);
    expect(readFunctionsEnv(dir)).toEqual({ TABLE_NAME: 't' });
  });

  it('says to start the stack when there is none, or when its writer has stopped', () => {
    expect(() => readFunctionsEnv(dir)).toThrow(/npm start/);
    writeFunctionsEnv(dir, { TABLE_NAME: 't' }, 2 ** 22 + 12_345);
    expect(() => readFunctionsEnv(dir)).toThrow(/no longer running/);
    removeFunctionsEnv(dir);
    expect(() => readFunctionsEnv(dir)).toThrow(/does not exist/);
  });
});
