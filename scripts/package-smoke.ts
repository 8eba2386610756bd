// `npm run package:smoke`: packages the deployable template with osls (no AWS account needed) and checks
// what a deploy would create: runtime, architecture, every concern's queue/DLQ/alarms, the tables, the
// KMS key, that no local endpoint or secret leaked into the function environment, and that the console
// function's zip holds the built console (built here first when missing or stale).
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { CONCERNS, concernQueueEnv, concernResourceName } from '../shared/domain/fanout';
import { scheduledFunctions } from './local/infra';
import { ensureConsoleBuilt } from './console-build';

const ROOT = join(import.meta.dirname, '..');
const OUT = '.serverless';

// The console's files ship in its function's package: build them first (a fresh clone has none).
ensureConsoleBuilt();

// A clean environment: the local stack's variables must not leak into the template. A deployed stage
// needs its two secrets as parameters (serverless.yml params): test values here (the hash of "ci-admin-key").
const env: Record<string, string> = { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp' };
const ADMIN_KEY_HASH = createHash('sha256').update('ci-admin-key').digest('hex');
const params = ['--param', `adminApiKeyHash=${ADMIN_KEY_HASH}`, '--param', `sessionSecret=${'c'.repeat(48)}`];
const t0 = Date.now();
const r = spawnSync(process.execPath, [join(ROOT, 'node_modules/serverless/bin/serverless.js'), 'package', '--stage', 'ci', ...params], {
  cwd: ROOT,
  env,
  encoding: 'utf8',
});
if (r.status !== 0) {
  console.error(r.stdout, r.stderr);
  console.error('osls package failed');
  process.exit(1);
}

type Resource = { Type: string; Properties: Record<string, unknown> };
const template = JSON.parse(readFileSync(join(ROOT, OUT, 'cloudformation-template-update-stack.json'), 'utf8')) as {
  Resources: Record<string, Resource>;
};
const problems: string[] = [];
const need = (name: string, type: string) => {
  if (template.Resources[name]?.Type !== type) problems.push(`missing ${type} ${name}`);
};
need('Table', 'AWS::DynamoDB::Table');
need('IdempotencyTable', 'AWS::DynamoDB::Table');
need('SecretsKey', 'AWS::KMS::Key');
for (const c of CONCERNS) {
  const n = concernResourceName(c);
  need(`${n}Queue`, 'AWS::SQS::Queue');
  need(`${n}Dlq`, 'AWS::SQS::Queue');
  need(`${n}DlqDepthAlarm`, 'AWS::CloudWatch::Alarm');
  need(`${n}AgeAlarm`, 'AWS::CloudWatch::Alarm');
}
const functions = Object.entries(template.Resources).filter(([, v]) => v.Type === 'AWS::Lambda::Function');
if (functions.length < 4) problems.push(`expected at least 4 functions, found ${functions.length}`);
for (const [name, fn] of functions) {
  const p = fn.Properties as { Runtime: string; Architectures: string[]; Environment: { Variables: Record<string, unknown> } };
  if (p.Runtime !== 'nodejs22.x') problems.push(`${name}: runtime ${p.Runtime}`);
  if (!p.Architectures?.includes('arm64')) problems.push(`${name}: not arm64`);
  const vars = p.Environment.Variables;
  for (const c of CONCERNS) {
    const v = vars[concernQueueEnv(c)] as { Ref?: string } | undefined;
    if (v?.Ref !== `${concernResourceName(c)}Queue`) problems.push(`${name}: ${concernQueueEnv(c)} is not a Ref to its queue`);
  }
  if ((vars.KMS_KEY_ID as { Ref?: string })?.Ref !== 'SecretsKey') problems.push(`${name}: KMS_KEY_ID is not the stack's key`);
  for (const k of ['DYNAMODB_ENDPOINT', 'SQS_ENDPOINT', 'S3_ENDPOINT', 'LOCAL_SECRET_KEY']) {
    if (vars[k] !== '' && vars[k] !== undefined) problems.push(`${name}: ${k} is set in the deploy template`);
  }
  if (vars.ADMIN_API_KEY_HASH !== ADMIN_KEY_HASH) problems.push(`${name}: ADMIN_API_KEY_HASH is not the adminApiKeyHash parameter`);
  if ((vars.TABLE_NAME as { Ref?: string })?.Ref !== 'Table') problems.push(`${name}: TABLE_NAME is not a Ref to the stack's table`);
}
// Schedules: every `schedule` event of serverless.yml becomes an EventBridge rule.
const rules = Object.values(template.Resources).filter((v) => v.Type === 'AWS::Events::Rule');
const scheduled = Object.keys(scheduledFunctions());
if (rules.length < scheduled.length) problems.push(`expected ${scheduled.length} schedule rules (${scheduled.join(', ')}), found ${rules.length}`);
const zips = readdirSync(join(ROOT, OUT)).filter((f) => f.endsWith('.zip'));
// The API docs page serves swagger-ui from its own package (no CDN): the files must be in the zip (names are stored uncompressed).
const docsZip = zips.includes('docs.zip') ? readFileSync(join(ROOT, OUT, 'docs.zip')) : Buffer.alloc(0);
for (const f of ['swagger-ui-bundle.js', 'swagger-ui.css']) if (!docsZip.includes(`node_modules/swagger-ui-dist/${f}`)) problems.push(`docs.zip lacks ${f}`);
// The console function's zip holds the built app (unzip -Z1 lists its entries).
const consoleZip = zips.find((f) => f === 'console.zip');
const listing = consoleZip === undefined ? '' : spawnSync('unzip', ['-Z1', join(ROOT, OUT, consoleZip)], { encoding: 'utf8' }).stdout;
if (!/^console\/dist\/index\.html$/m.test(listing)) problems.push('console.zip does not hold console/dist/index.html');
if (!/^console\/dist\/sidebar\.html$/m.test(listing)) problems.push('console.zip does not hold console/dist/sidebar.html');
if (!/^console\/dist\/assets\/.+\.js$/m.test(listing)) problems.push('console.zip holds no console/dist/assets/*.js');
const sizes = zips.map((f) => `${f.replace(/\.zip$/, '')} ${(statSync(join(ROOT, OUT, f)).size / 1024).toFixed(0)} KiB`);
if (problems.length > 0) {
  console.error(`package smoke check failed:\n- ${problems.join('\n- ')}`);
  process.exit(1);
}
console.log(
  `package smoke: ok in ${((Date.now() - t0) / 1000).toFixed(1)} s — ${functions.length} functions, ${CONCERNS.length} concern queues, ${rules.length} schedules; ${sizes.join(', ')}`,
);
console.log('1 passed, 0 failed');
