// `npm run build:puller` for the container: both bundles build (koffi external), the entry refuses to start
// with a clear bilingual message and exit code 78 when the Finance SDK library is missing or unset, and with
// the library present it loads the composition root, which checks its configuration.
// Until helper "finance-sdk"'s binding is merged, its two modules are stubbed here at build time only.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Plugin } from 'esbuild';
import { buildPuller } from '../../scripts/puller-bundle';

const BINDING = join(__dirname, '../../shared/archive/finance-sdk');
const merged = existsSync(join(BINDING, 'finance-sdk.ts')) && existsSync(join(BINDING, 'finance-chat-source.ts'));
const stubBinding: Plugin = {
  name: 'finance-sdk-stub',
  setup(b) {
    b.onResolve({ filter: /finance-sdk\/finance-(sdk|chat-source)$/ }, (a) => ({ path: a.path, namespace: 'finance-sdk-stub' }));
    b.onLoad({ filter: /.*/, namespace: 'finance-sdk-stub' }, () => ({
      contents:
        'export class FinanceSdk { static open() { throw new Error("stub"); } close() {} }\n' +
        'export class FinanceSdkError extends Error {}\nexport class FinanceSdkChatSource {}\n',
      loader: 'js',
    }));
  },
};

let out: { main: string; puller: string };
const dir = mkdtempSync(join(tmpdir(), 'puller-build-'));

beforeAll(async () => {
  out = await buildPuller({ outdir: dir, plugins: merged ? [] : [stubBinding] });
}, 120_000);

const run = (env: Record<string, string>) =>
  spawnSync(process.execPath, [out.main], { env: { PATH: process.env.PATH ?? '', ...env }, encoding: 'utf8', timeout: 30_000 });

it('builds the entry and the composition root, with koffi left external', () => {
  expect(existsSync(out.main)).toBe(true);
  expect(existsSync(out.puller)).toBe(true);
  if (merged) expect(readFileSync(out.puller, 'utf8')).toMatch(/["']koffi["']/);
});

it.each([
  ['unset', {}],
  ['a missing file', { FINANCE_SDK_LIB: join(dir, 'libWeWorkFinanceSdk_C.so') }],
])('exits 78 with a clear message when FINANCE_SDK_LIB is %s', (_name, env) => {
  const r = run(env);
  expect(r.status).toBe(78);
  expect(r.stderr).toContain('会话存档');
  expect(r.stderr).toContain('FINANCE_SDK_LIB');
  expect(r.stderr).toContain('FINANCE_SDK_PATH');
});

it('with the library present, loads the composition root, which checks its configuration', () => {
  const lib = join(dir, 'libWeWorkFinanceSdk_C.so');
  writeFileSync(lib, '');
  const r = run({ FINANCE_SDK_LIB: lib });
  expect(r.status).toBe(1);
  expect(r.stderr).toContain('invalid configuration');
  expect(r.stderr).toContain('TABLE_NAME');
});
