// `npm run invoke` (scripts/invoke-local.ts → `osls invoke local --stage local`) for real: an HTTP function, a
// schedule and an SQS consumer, each with its fixture from events/, against this run's DynamoDB Local, the SQS
// emulator and the WeCom simulator, handed over the way `npm start` does (the functions' environment in the
// data folder). Each invocation must print the function's result and the process must end by itself: before,
// osls could not load the `.mjs` bundles and the process then never exited.
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readFunctionsEnv, writeFunctionsEnv } from '../../scripts/local/functions-env';
import { createTables } from '../../scripts/local/resources';
import { CONCERNS, concernQueueEnv } from '../../shared/domain/fanout';
import { DEMO_TENANT } from '../../simulator/demo-tenant';
import { integrationWorld } from '../support/integration-world';
import { ROOT } from './package-template';

const world = integrationWorld({ simulator: true, queues: 'invoke-local' });
let dataDir: string;
/** The schedule's own data folder: its functions' table is one of its own (see the schedule test). */
let scheduleDataDir: string;

/** Generous: bundling one function on a loaded 2-core machine; a hang is what this catches, not slowness. */
const EXIT_WITHIN_MS = 180_000;

interface Run {
  code: number | null;
  hung: boolean;
  stdout: string;
  stderr: string;
}

function invoke(fn: string, fixture: string, dir = dataDir): Promise<Run> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/invoke-local.ts', '-f', fn, '--path', `events/${fn}/${fixture}.json`], {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', SIYU_DATA_DIR: dir },
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (b: Buffer) => (stdout += b.toString()));
    child.stderr.on('data', (b: Buffer) => (stderr += b.toString()));
    let hung = false;
    const timer = setTimeout(() => {
      hung = true;
      process.kill(-child.pid!, 'SIGKILL');
    }, EXIT_WITHIN_MS);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, hung, stdout, stderr });
    });
  });
}

/** The result osls prints last: the JSON object at the end of stdout. */
function resultOf(run: Run): Record<string, unknown> {
  const start = run.stdout.lastIndexOf('\n{\n');
  const text = start >= 0 ? run.stdout.slice(start + 1) : run.stdout.slice(run.stdout.indexOf('{'));
  try {
    return JSON.parse(text) as Record<string, unknown>;
  } catch {
    throw new Error(`no JSON result (exit ${run.code}${run.hung ? ', killed: it did not exit' : ''}):\n${run.stdout}\n${run.stderr}`);
  }
}

beforeAll(async () => {
  await world.start();
  await world.demoTenant();
  dataDir = mkdtempSync(join(tmpdir(), 'siyu-invoke-'));
  // What `npm start` writes (scripts/local/stack.ts), with this run's emulators, simulator and queues.
  writeFunctionsEnv(dataDir, {
    LOG_LEVEL: 'INFO',
    TABLE_NAME: process.env.TABLE_NAME!,
    IDEMPOTENCY_TABLE_NAME: process.env.IDEMPOTENCY_TABLE_NAME!,
    DYNAMODB_ENDPOINT: process.env.DYNAMODB_ENDPOINT!,
    SQS_ENDPOINT: process.env.SQS_ENDPOINT!,
    S3_ENDPOINT: process.env.S3_ENDPOINT!,
    MATERIALS_BUCKET: process.env.MATERIALS_BUCKET!,
    WECOM_API_BASE: world.sim.url,
    WECOM_LOGIN_BASE: world.sim.url,
    WECOM_OAUTH_BASE: world.sim.url,
    KMS_KEY_ID: '',
    LOCAL_SECRET_KEY: world.secretKey,
    ADMIN_API_KEY_HASH: createHash('sha256').update('invoke-local-test').digest('hex'),
    SESSION_SECRET: 'invoke-local-test-session-secret-0123456789',
    PUBLIC_BASE_URL: 'http://127.0.0.1:3000',
    WEBHOOK_ALLOW_PRIVATE: '1',
    AWS_REGION: 'ap-east-1',
    AWS_ACCESS_KEY_ID: 'local',
    AWS_SECRET_ACCESS_KEY: 'local',
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    ...Object.fromEntries(CONCERNS.map((c) => [concernQueueEnv(c), world.queues[c]])),
  });
}, 60_000);

afterAll(async () => {
  rmSync(dataDir, { recursive: true, force: true });
  if (scheduleDataDir) rmSync(scheduleDataDir, { recursive: true, force: true });
  await world.close();
});

describe('npm run invoke (osls invoke local --stage local)', () => {
  it(
    'health (HTTP API): 200 with the table and every queue reachable, and the process exits',
    async () => {
      const run = await invoke('health', 'get');
      const result = resultOf(run);
      expect({ code: run.code, hung: run.hung, statusCode: result.statusCode }).toEqual({ code: 0, hung: false, statusCode: 200 });
      expect(JSON.parse(result.body as string)).toMatchObject({ status: 'ok' });
    },
    EXIT_WITHIN_MS + 30_000,
  );

  it(
    'channelReview (schedule) with nothing due: succeeds and the process exits',
    async () => {
      // A schedule examines every tenant in its table, and a run that fails for one now reports failure: on the
      // shared test table other files' tenants (whose corps this simulator does not know) would fail it. The run
      // gets an empty table of its own, as a fresh `npm start` has.
      const table = `siyu-invoke-${process.pid}-${Date.now()}`;
      await createTables(world.ddb, { tableName: table, idempotencyTableName: `${table}-idempotency`, queuePrefix: 'unused' });
      scheduleDataDir = mkdtempSync(join(tmpdir(), 'siyu-invoke-schedule-'));
      writeFunctionsEnv(scheduleDataDir, { ...readFunctionsEnv(dataDir), TABLE_NAME: table, IDEMPOTENCY_TABLE_NAME: `${table}-idempotency` });
      const run = await invoke('channelReview', 'scheduled', scheduleDataDir);
      expect({ code: run.code, hung: run.hung, stderr: run.stderr }).toEqual({
        code: 0,
        hung: false,
        stderr: expect.not.stringMatching(/errorMessage/) as unknown,
      });
    },
    EXIT_WITHIN_MS + 30_000,
  );

  it(
    'audit (SQS consumer) with its fixture: no batch item failures, an audit row stored, and the process exits',
    async () => {
      // The fixture's event happened at CreateTime 1403610513 (events/wecom/del-follow-user.xml).
      const rows = async () => (await world.stores.auditLog.list(DEMO_TENANT.corpId, { from: 1_403_610_000, to: 1_403_611_000, limit: 100 })).items;
      const before = await rows();
      const run = await invoke('audit', 'del-follow-user');
      const result = resultOf(run);
      expect({ code: run.code, hung: run.hung, result }).toEqual({ code: 0, hung: false, result: { batchItemFailures: [] } });
      const after = await rows();
      expect(after.length).toBe(before.length + 1);
      expect(JSON.stringify(after)).toContain('woAJ2GCAAAXtWyujaWJHDDGi0mAAAA');
    },
    EXIT_WITHIN_MS + 30_000,
  );
});
