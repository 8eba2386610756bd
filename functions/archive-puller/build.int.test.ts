// `npm run build:puller` for the container: both bundles build (koffi external), the entry refuses to start
// with a clear bilingual message and exit code 78 when the Finance SDK library is missing or unset, and with
// the library present it loads the composition root, which checks its configuration.
// The bundle's folder gets node_modules/koffi beside it, as the Dockerfile copies it into the image.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildPuller } from '../../scripts/puller-bundle';

let out: { main: string; puller: string };
const dir = mkdtempSync(join(tmpdir(), 'puller-build-'));

beforeAll(async () => {
  out = await buildPuller({ outdir: dir });
  mkdirSync(join(dir, 'node_modules'));
  symlinkSync(join(__dirname, '../../node_modules/koffi'), join(dir, 'node_modules/koffi'), 'dir');
}, 120_000);

const run = (env: Record<string, string>) =>
  spawnSync(process.execPath, [out.main], { env: { PATH: process.env.PATH ?? '', ...env }, encoding: 'utf8', timeout: 30_000 });

it('builds the entry and the composition root, with koffi left external', () => {
  expect(existsSync(out.main)).toBe(true);
  expect(existsSync(out.puller)).toBe(true);
  expect(readFileSync(out.puller, 'utf8')).toMatch(/["']koffi["']/);
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
