// Packages the deployable template the way a deploy would (`osls package`, clean environment, the given
// stage and `--param` values) and returns the CloudFormation template, for the tests in test/deploy/ that
// inspect it. Packaging takes ~20 s and serverless-esbuild writes into the shared `.esbuild/` folder, so
// runs are serialised by a lock folder and the result is cached under `.serverless-test/<variant>/`, keyed
// by the deploy configuration (serverless.yml, infra/, the params): a second test file asking for the same
// variant reads the cached template.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const ROOT = join(__dirname, '..', '..');
const CACHE = join(ROOT, '.serverless-test');
const LOCK = join(CACHE, '.lock');

export interface CfnResource {
  Type: string;
  Properties?: Record<string, unknown>;
  Condition?: string;
  DependsOn?: string | string[];
}
export interface CfnTemplate {
  Resources: Record<string, CfnResource>;
  Outputs?: Record<string, { Value: unknown; Description?: string }>;
  Parameters?: Record<string, unknown>;
  Conditions?: Record<string, unknown>;
}

/** Realistic values for a production deploy (no real secret: the hash of "test-admin-key"). */
export const PROD_PARAMS: Record<string, string> = {
  adminApiKeyHash: createHash('sha256').update('test-admin-key').digest('hex'),
  sessionSecret: 'x'.repeat(48),
};

/** Every file under a folder (recursive), for the cache key. */
function files(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? files(p) : [p];
  });
}

function configKey(stage: string, params: Record<string, string>, extraEnv: Record<string, string>): string {
  const h = createHash('sha256');
  h.update(JSON.stringify({ stage, params, extraEnv }));
  for (const f of [join(ROOT, 'serverless.yml'), ...files(join(ROOT, 'infra')).sort()]) h.update(f).update(readFileSync(f));
  return h.digest('hex').slice(0, 16);
}

function sleep(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

function withLock<T>(fn: () => T): T {
  mkdirSync(CACHE, { recursive: true });
  const deadline = Date.now() + 10 * 60_000;
  for (;;) {
    try {
      mkdirSync(LOCK);
      break;
    } catch {
      // A lock older than 5 minutes belongs to a run that died.
      try {
        if (Date.now() - statSync(LOCK).mtimeMs > 5 * 60_000) rmSync(LOCK, { recursive: true, force: true });
      } catch {
        /* gone meanwhile */
      }
      if (Date.now() > deadline) throw new Error('timed out waiting for the packaging lock (.serverless-test/.lock)');
      sleep(500);
    }
  }
  try {
    return fn();
  } finally {
    rmSync(LOCK, { recursive: true, force: true });
  }
}

/**
 * The packaged template of `variant` (a folder name) for `stage` with `params` (each becomes `--param k=v`).
 * `extraEnv` adds variables to the otherwise clean environment (e.g. to prove local values do not leak).
 */
export function packageTemplate(
  variant: string,
  opts: { stage?: string; params?: Record<string, string>; extraEnv?: Record<string, string> } = {},
): CfnTemplate {
  const stage = opts.stage ?? 'prod';
  const params = opts.params ?? PROD_PARAMS;
  const extraEnv = opts.extraEnv ?? {};
  const out = join(CACHE, variant);
  const key = configKey(stage, params, extraEnv);
  const templateFile = join(out, 'cloudformation-template-update-stack.json');
  return withLock(() => {
    if (existsSync(join(out, '.key')) && readFileSync(join(out, '.key'), 'utf8') === key && existsSync(templateFile)) {
      return JSON.parse(readFileSync(templateFile, 'utf8')) as CfnTemplate;
    }
    rmSync(out, { recursive: true, force: true });
    const env = { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', ...extraEnv };
    const args = [join(ROOT, 'node_modules/serverless/bin/serverless.js'), 'package', '--stage', stage, '--package', out];
    for (const [k, v] of Object.entries(params)) args.push('--param', `${k}=${v}`);
    const r = spawnSync(process.execPath, args, { cwd: ROOT, env, encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`osls package (${variant}) failed:\n${r.stdout}\n${r.stderr}`);
    writeFileSync(join(out, '.key'), key);
    return JSON.parse(readFileSync(templateFile, 'utf8')) as CfnTemplate;
  });
}

/** Resources of one CloudFormation type, by logical id. */
export function resourcesOfType(t: CfnTemplate, type: string): Array<[string, CfnResource]> {
  return Object.entries(t.Resources).filter(([, r]) => r.Type === type);
}

/** The functions that build a WeCom client and call WeCom (serverless.yml custom.wecomCallers): in the VPC with an egress option. */
export const WECOM_CALLERS = [
  'adminApi',
  'auth',
  'sidebarApi',
  'relationship',
  'greeting',
  'groupRouting',
  'audit',
  'autoAccept',
  'keywordReply',
  'archive',
  'channelReview',
  'scheduleMoments',
  'scheduleTransfers',
  'scheduleSop',
  'scheduleBroadcast',
  'scheduleRollup',
  'scheduleReconcile',
];

/** A function's logical id in the template (osls: `<Name>LambdaFunction`). */
export const lambdaId = (fn: string) => `${fn.charAt(0).toUpperCase()}${fn.slice(1)}LambdaFunction`;

/**
 * What a variant adds to and removes from a base template, by logical id. A function version's id ends in a hash
 * of its configuration (VpcConfig, environment), so versions are compared without it.
 */
export function templateDelta(base: CfnTemplate, variant: CfnTemplate): { removed: string[]; addedTypes: string[] } {
  const ids = (t: CfnTemplate) =>
    Object.keys(t.Resources).map((id) => (t.Resources[id]?.Type === 'AWS::Lambda::Version' ? id.replace(/LambdaVersion\w+$/, 'LambdaVersion') : id));
  const before = new Set(ids(base));
  const after = new Set(ids(variant));
  return {
    removed: [...before].filter((id) => !after.has(id)),
    addedTypes: [...after]
      .filter((id) => !before.has(id))
      .map((id) => variant.Resources[id]!.Type)
      .sort(),
  };
}

/** The logical ids of the functions that have a VpcConfig, sorted. */
export const functionsInVpc = (t: CfnTemplate) =>
  resourcesOfType(t, 'AWS::Lambda::Function')
    .filter(([, r]) => r.Properties?.VpcConfig !== undefined)
    .map(([id]) => id)
    .sort();
