// The whole system on loopback: DynamoDB Local, the SQS emulator, the WeCom simulator, the functions
// behind serverless-offline, and one SQS poller per consumer function. Used by `npm start` and the
// end-to-end tests. With a data folder (dataDir) the tables, the local secret key and the queue messages
// held at a clean stop survive a restart; without one everything is in memory (benchmarks).
import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { createHash, createHmac, randomBytes } from 'node:crypto';
import { DynamoSessionStore } from '../../shared/db/session-repository';
import { join } from 'node:path';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { LambdaClient, InvokeCommand } from '@aws-sdk/client-lambda';
import { GetQueueAttributesCommand } from '@aws-sdk/client-sqs';
import type { SQSBatchResponse } from 'aws-lambda';
import { makeDocumentClient, makeDynamoClient, makeSqsClient } from '../../shared/aws/clients';
import { CONCERNS, concernQueueEnv, concernResourceName } from '../../shared/domain/fanout';
import { DynamoTenantStore } from '../../shared/db/tenant-repository';
import { DynamoDueStore } from '../../shared/db/due-repository';
import { scheduleTenantJobs } from '../../shared/schedules/tenant-jobs';
import { LocalSecretBox } from '../../shared/secrets/local-secret-box';
import { upsertTenant } from '../../shared/tenants/upsert-tenant';
import { DEMO_TENANT } from '../../simulator/demo-tenant';
import { startSimulator } from '../../simulator/server';
import { openDataDir } from './data-dir';
import { removeFunctionsEnv, writeFunctionsEnv } from './functions-env';
import { startDynamo, startS3, startSqs, freePort } from './emulators';
import { describeInvokeFailure } from './invoke-failure';
import { DEV_ADMIN_API_KEY } from './local-env';
import { createLogFormatter, stackLine, type LogFormatOptions, type LogLevel } from './log-format';
import { restoreQueues, saveQueues } from './queue-snapshot';
import { scheduledFunctions, sqsBatching, sqsConsumers } from './infra';
import { createQueues, createTables } from './resources';
import { startPoller } from './sqs-poller';
import { pullArchive } from '../../shared/archive/archive-feed';
import { QueueArchiveFeed } from '../../shared/aws/archive-feed';
import { SqsQueuePublisher } from '../../shared/aws/queue-publisher';
import { DynamoArchiveCursorStore } from '../../shared/db/archive-repository';
import { SimulatorChatDataSource } from '../../simulator/archive-source';

const ROOT = join(import.meta.dirname, '..', '..');
const STAGE = 'local';

export interface StackOptions {
  port?: number;
  lambdaPort?: number;
  dynamoPort?: number;
  sqsPort?: number;
  simulatorPort?: number;
  adminApiKey?: string;
  /** Folder for the tables, the local secret key and saved queue messages (absolute); in memory when unset. */
  dataDir?: string;
  /** Empty the data folder first. */
  fresh?: boolean;
  /** External WeCom API; when unset the bundled simulator is started and used. */
  wecomApiBase?: string;
  tenant?: { corpId: string; secret: string; token: string; encodingAesKey: string; agentId?: string; name?: string };
  log?: (line: string) => void;
  /** The functions' output, one readable line per log record (scripts/local/log-format.ts); dropped when unset. */
  functionLog?: (line: string) => void;
  /** LOG_LEVEL of the functions and of functionLog (default INFO). */
  logLevel?: LogLevel;
  /** ANSI colours in functionLog. */
  color?: boolean;
  /** Every line serverless-offline prints, unformatted, as it comes (what CloudWatch Logs would store: the cost benchmark counts them). */
  rawFunctionOutput?: (line: string) => void;
  /** How long serverless-offline may take to bundle and answer /health (default 120 s). */
  startTimeoutMs?: number;
  /** Aborting it during the start (Ctrl-C) stops what has started and rejects. */
  signal?: AbortSignal;
}

export interface RunningStack {
  url: string;
  wecomApiBase: string;
  dynamoEndpoint: string;
  sqsEndpoint: string;
  adminApiKey: string;
  /** One-time link (15 min) that opens a super-admin session for the boot tenant. */
  devLoginUrl: string;
  tenant: { corpId: string };
  queueUrls: Record<string, string>;
  dlqUrls: Record<string, string>;
  /** The data folder, when the stack keeps its data on disk. */
  dataDir?: string;
  stop(): Promise<void>;
}

export async function startLocalStack(o: StackOptions = {}): Promise<RunningStack> {
  const log = o.log ?? (() => undefined);
  const stops: Array<() => Promise<void>> = [];
  const stopAll = async () => {
    for (const s of stops.reverse()) await s().catch(() => undefined);
  };
  try {
    const port = o.port ?? 3000;
    const lambdaPort = o.lambdaPort ?? (await freePort());
    const data = o.dataDir ? openDataDir(o.dataDir, { fresh: o.fresh ?? false }) : undefined;
    if (data) stops.push(async () => data.release());
    const dynamo = await startDynamo({ ...(o.dynamoPort ? { port: o.dynamoPort } : {}), ...(data ? { dbPath: data.dynamoPath } : {}) });
    stops.push(() => dynamo.stop());
    data?.recordDynamoPid(dynamo.process.pid);
    o.signal?.throwIfAborted();
    log(`DynamoDB Local   ${dynamo.endpoint}${data ? '' : ' (in memory)'}`);
    if (data) log(`data folder      ${data.root} (${data.hadData ? 'kept from the last run' : 'new'}${o.fresh ? ', emptied by --fresh' : ''})`);
    if (data?.warning) log(`warning: ${data.warning}`);
    o.signal?.throwIfAborted();
    const sqsServer = await startSqs(o.sqsPort ?? 0);
    stops.push(() => sqsServer.stop());
    log(`SQS emulator     ${sqsServer.endpoint}`);
    // The material library's originals: kept in the data folder (s3/), else in a temporary folder removed at stop.
    const s3Server = await startS3(data ? { directory: join(data.root, 's3') } : { directory: mkdtempSync(join(tmpdir(), 'siyu-s3-')), temporary: true });
    stops.push(() => s3Server.stop());
    log(`S3 emulator      ${s3Server.endpoint} (bucket ${s3Server.bucket}${data ? ', objects in the data folder' : ', temporary'})`);

    let wecomApiBase = o.wecomApiBase;
    if (!wecomApiBase) {
      const sim = await startSimulator({ port: o.simulatorPort ?? 0, host: '127.0.0.1' });
      stops.push(() => sim.stop());
      wecomApiBase = sim.url;
      log(`WeCom simulator  ${sim.url}`);
    }

    const names = {
      tableName: `siyu-${STAGE}`,
      idempotencyTableName: `siyu-${STAGE}-idempotency`,
      queuePrefix: `siyu-${STAGE}`,
    };
    const ddb = makeDynamoClient({ endpoint: dynamo.endpoint });
    const tables = await createTables(ddb, names);
    ddb.destroy();
    if (tables.kept.length > 0) log(`tables           kept with their items: ${tables.kept.join(', ')}`);
    for (const index of tables.indexesAdded) log(`tables           index ${index} added (declared in infra/dynamodb.yml since the data was created)`);
    const sqs = makeSqsClient({ endpoint: sqsServer.endpoint });
    stops.push(async () => sqs.destroy());
    const { queues, dlqs } = await createQueues(sqs, names);
    if (data) {
      const urlByName = Object.fromEntries([...Object.values(queues), ...Object.values(dlqs)].map((u) => [u.split('/').pop()!, u]));
      // Saved at the stop, after the pollers and the functions have stopped (stops run in reverse order).
      stops.push(async () => {
        const n = saveQueues(data.queuesFile, (name) => sqsServer.held(name), Object.keys(urlByName));
        if (n > 0) log(`queues           ${n} message(s) saved to ${data.queuesFile} for the next start`);
      });
      const back = await restoreQueues(data.queuesFile, sqs, urlByName);
      if (back.restored > 0) log(`queues           ${back.restored} message(s) saved at the last stop (${back.savedAt}) put back`);
      if (back.unknownQueues.length > 0) log(`queues           saved messages of queues that no longer exist dropped: ${back.unknownQueues.join(', ')}`);
    }

    // Kept in the data folder: secrets stored by an earlier run must stay readable.
    const localSecretKey = data?.secretKey ?? randomBytes(32).toString('base64');
    const adminApiKey = o.adminApiKey ?? DEV_ADMIN_API_KEY;
    const tenant = o.tenant ?? DEMO_TENANT;
    const doc = makeDocumentClient({ endpoint: dynamo.endpoint });
    const tenants = new DynamoTenantStore(doc, names.tableName);
    // The boot tenant's credentials are (re)set from the environment; its settings (name, welcome, notify)
    // only when it is new, so that what was changed through the admin API survives a restart.
    const known = (await tenants.get(tenant.corpId)) !== undefined;
    await upsertTenant({ tenants, secrets: new LocalSecretBox(localSecretKey), clock: { now: () => Date.now() } }, tenant.corpId, {
      secret: tenant.secret,
      token: tenant.token,
      encodingAesKey: tenant.encodingAesKey,
      ...(tenant.agentId ? { agentId: tenant.agentId } : {}),
      ...(known
        ? {}
        : {
            name: tenant.name ?? tenant.corpId,
            welcome: { text: '您好 {{name}}，欢迎添加！我是您的专属顾问，有任何问题随时找我。' },
            notify: ['zhaoliu'],
          }),
    });
    // As the tenant route does: the tenant's nightly rollup and reconcile markers.
    await scheduleTenantJobs(new DynamoDueStore(doc, names.tableName), tenant.corpId, Math.floor(Date.now() / 1000));
    // The session signing key follows from the kept local key (so sessions survive a restart); a fresh one-time dev login link each start.
    const sessionSecret = createHmac('sha256', localSecretKey).update('siyu-session-secret').digest('base64url');
    const devLoginToken = `${tenant.corpId}.${randomBytes(32).toString('base64url')}`;
    await new DynamoSessionStore(doc, names.tableName).putLoginToken(
      tenant.corpId,
      createHash('sha256').update(devLoginToken.split('.')[1]!).digest('hex'),
      new Date(Date.now() + 15 * 60_000).toISOString(),
    );
    doc.destroy();
    log(
      `tenant           ${tenant.corpId} (${known ? 'kept; credentials from the environment' : 'created'}; nightly rollup 00:30, reconcile 01:10 Asia/Shanghai)`,
    );

    const logLevel = o.logLevel ?? 'INFO';
    const env: Record<string, string> = {
      ...pick(process.env, ['PATH', 'HOME', 'LANG', 'TMPDIR']),
      // The cost benchmark's request trace (shared/aws/cost-trace.ts); unset otherwise.
      ...pick(process.env, ['SIYU_COST_TRACE']),
      LOG_LEVEL: logLevel,
      PORT: String(port),
      LAMBDA_PORT: String(lambdaPort),
      TABLE_NAME: names.tableName,
      IDEMPOTENCY_TABLE_NAME: names.idempotencyTableName,
      DYNAMODB_ENDPOINT: dynamo.endpoint,
      SQS_ENDPOINT: sqsServer.endpoint,
      S3_ENDPOINT: s3Server.endpoint,
      MATERIALS_BUCKET: s3Server.bucket,
      WECOM_API_BASE: wecomApiBase,
      KMS_KEY_ID: '',
      LOCAL_SECRET_KEY: localSecretKey,
      ADMIN_API_KEY_HASH: createHash('sha256').update(adminApiKey).digest('hex'),
      // Login: sessions signed with a key kept in the data folder; WeCom's login pages are the simulator's; the dev one-time link.
      SESSION_SECRET: sessionSecret,
      WECOM_LOGIN_BASE: wecomApiBase,
      WECOM_OAUTH_BASE: wecomApiBase,
      // This deployment's public origin: the login's callback and the sidebar's trusted domain (JS-SDK signatures).
      PUBLIC_BASE_URL: process.env.PUBLIC_BASE_URL ?? `http://127.0.0.1:${port}`,
      SIYU_DEV_LOGIN: '1',
      // Webhook receivers on this machine (private addresses, plain http) are allowed locally only.
      WEBHOOK_ALLOW_PRIVATE: '1',
      // The sidebar page loads the simulator's JS-SDK stub instead of WeCom's scripts.
      WECOM_JSSDK_URLS: process.env.WECOM_JSSDK_URLS ?? `${wecomApiBase}/__sim/jssdk.js`,
      AWS_REGION: 'ap-east-1',
      AWS_ACCESS_KEY_ID: 'local',
      AWS_SECRET_ACCESS_KEY: 'local',
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
      ...Object.fromEntries(CONCERNS.map((c) => [concernQueueEnv(c), queues[c]])),
    };
    o.signal?.throwIfAborted();
    const logFormat: LogFormatOptions = { level: logLevel, color: o.color ?? false };
    // One formatter per output stream (it follows multi-line error dumps).
    const functionLines = () => {
      const format = createLogFormatter(logFormat);
      return (raw: string) => {
        o.rawFunctionOutput?.(raw);
        const line = format(raw);
        if (line !== undefined) o.functionLog?.(line);
      };
    };
    // The stack's own findings while running, in the functions' columns (or as plain lines without functionLog).
    const notice = (level: 'WARN' | 'ERROR', source: string, text: string) => {
      if (!o.functionLog) return log(`${source}: ${text}`);
      const line = stackLine(logFormat, level, source, text);
      if (line !== undefined) o.functionLog(line);
    };
    const offline = await startOffline(env, port, log, functionLines, o.signal, o.startTimeoutMs);
    stops.push(() => stopProcess(offline));
    const url = `http://127.0.0.1:${port}`;
    // `npm run invoke` (scripts/invoke-local.ts) runs functions with this environment while the stack runs.
    if (data) {
      writeFunctionsEnv(data.root, withoutKeys(env, ['PATH', 'HOME', 'LANG', 'TMPDIR']));
      stops.push(async () => removeFunctionsEnv(data.root));
    }

    const lambda = new LambdaClient({
      endpoint: `http://127.0.0.1:${lambdaPort}`,
      region: 'ap-east-1',
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    });
    stops.push(async () => lambda.destroy());
    const consumers = sqsConsumers();
    const batching = sqsBatching();
    for (const concern of CONCERNS) {
      const fn = consumers[concernResourceName(concern)];
      if (!fn) continue;
      const attrs = await sqs.send(new GetQueueAttributesCommand({ QueueUrl: queues[concern], AttributeNames: ['QueueArn'] }));
      const poller = startPoller({
        sqs,
        queueUrl: queues[concern],
        queueArn: attrs.Attributes?.QueueArn ?? `arn:aws:sqs:ap-east-1:000000000000:${concern}`,
        ...(batching[fn] ? { batchSize: batching[fn].batchSize, batchingWindowSeconds: batching[fn].windowSeconds } : {}),
        invoke: async (event) => {
          const out = await lambda.send(new InvokeCommand({ FunctionName: `siyu-${STAGE}-${fn}`, Payload: Buffer.from(JSON.stringify(event)) }));
          const text = out.Payload ? Buffer.from(out.Payload).toString('utf8') : '';
          if (out.FunctionError) throw new Error(describeInvokeFailure(fn, text, { records: event.Records.length, logLevel }));
          return text ? (JSON.parse(text) as SQSBatchResponse) : undefined;
        },
        onError: (e) => notice('WARN', fn, `${concern} queue: ${(e as Error).message}`),
      });
      stops.push(() => poller.stop());
      const b = batching[fn];
      log(`consumer         ${concern} → ${fn}${b ? ` (up to ${b.batchSize} per batch${b.windowSeconds > 0 ? `, window ${b.windowSeconds} s` : ''})` : ''}`);
    }

    // The conversation-archive puller runs outside Lambda (shared/archive/archive-feed.ts); locally it
    // polls the simulator's archive every 2 s and feeds the archive queue, as the container would.
    if (!o.wecomApiBase) {
      const pullerDoc = makeDocumentClient({ endpoint: dynamo.endpoint });
      const pullerDeps = {
        source: new SimulatorChatDataSource(wecomApiBase),
        feed: new QueueArchiveFeed(new SqsQueuePublisher(sqs, queues)),
        cursors: new DynamoArchiveCursorStore(pullerDoc, names.tableName),
      };
      let pulling = false;
      const timer = setInterval(() => {
        if (pulling) return;
        pulling = true;
        pullArchive(pullerDeps, tenant.corpId)
          .catch((e: unknown) => notice('WARN', 'archivePull', (e as Error).message))
          .finally(() => (pulling = false));
      }, 2000);
      stops.push(async () => {
        clearInterval(timer);
        pullerDoc.destroy();
      });
      log(`archive puller   ${tenant.corpId} ← simulator archive, every 2 s`);
    }

    // EventBridge schedules: a timer per scheduled function invokes it through the Lambda API with a
    // scheduled-event payload, as EventBridge would. serverless-offline's own scheduler is off locally
    // (params.local schedulesEnabled: false), so these timers are the only runner.
    for (const [fn, periodMs] of Object.entries(scheduledFunctions())) {
      let running = false;
      const tick = async () => {
        if (running) return;
        running = true;
        try {
          const event = { 'detail-type': 'Scheduled Event', source: 'aws.events', time: new Date().toISOString(), detail: {} };
          const out = await lambda.send(new InvokeCommand({ FunctionName: `siyu-${STAGE}-${fn}`, Payload: Buffer.from(JSON.stringify(event)) }));
          if (out.FunctionError) notice('ERROR', fn, describeInvokeFailure(fn, out.Payload ? Buffer.from(out.Payload).toString('utf8') : '', { logLevel }));
        } catch (e) {
          notice('ERROR', fn, `scheduled run not invoked: ${(e as Error).message}`);
        } finally {
          running = false;
        }
      };
      const timer = setInterval(() => void tick(), periodMs);
      stops.push(async () => clearInterval(timer));
      log(`schedule         ${fn} every ${periodMs / 1000} s`);
    }

    return {
      url,
      wecomApiBase,
      dynamoEndpoint: dynamo.endpoint,
      sqsEndpoint: sqsServer.endpoint,
      adminApiKey,
      devLoginUrl: `http://127.0.0.1:${port}/auth/dev-login?token=${devLoginToken}`,
      tenant: { corpId: tenant.corpId },
      queueUrls: queues,
      dlqUrls: dlqs,
      ...(data ? { dataDir: data.root } : {}),
      stop: stopAll,
    };
  } catch (e) {
    await stopAll();
    throw e;
  }
}

function pick(src: NodeJS.ProcessEnv, names: string[]): Record<string, string> {
  return Object.fromEntries(names.filter((n) => src[n] !== undefined).map((n) => [n, src[n] as string]));
}

function withoutKeys(src: Record<string, string>, names: string[]): Record<string, string> {
  return Object.fromEntries(Object.entries(src).filter(([k]) => !names.includes(k)));
}

/** serverless-offline with the functions; each line it prints goes to `line` as it comes. */
async function startOffline(
  env: Record<string, string>,
  port: number,
  log: (l: string) => void,
  lines: () => (raw: string) => void,
  signal?: AbortSignal,
  timeoutMs = 120_000,
): Promise<ChildProcess> {
  const bin = join(ROOT, 'node_modules', 'serverless', 'bin', 'serverless.js');
  const child = spawn(process.execPath, [bin, 'offline', 'start', '--stage', STAGE], {
    cwd: ROOT,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  // The last lines as printed, for the error when the start fails.
  const tail: string[] = [];
  for (const stream of [child.stdout, child.stderr]) {
    if (!stream) continue;
    const line = lines();
    createInterface({ input: stream, crlfDelay: Infinity }).on('line', (raw) => {
      tail.push(raw);
      if (tail.length > 60) tail.shift();
      line(raw);
    });
  }
  const output = () => tail.join('\n');
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`serverless-offline exited (${child.exitCode}); its last lines:\n${output()}`);
    if (signal?.aborted) {
      await stopProcess(child);
      signal.throwIfAborted();
    }
    try {
      const res = await fetch(`http://127.0.0.1:${port}/health`);
      if (res.status === 200) break;
    } catch {
      /* not listening yet */
    }
    if (Date.now() > deadline) {
      await stopProcess(child);
      throw new Error(`the functions did not become healthy within ${timeoutMs / 1000} s; serverless-offline's last lines:\n${output()}`);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  log(`functions        http://127.0.0.1:${port} (serverless-offline)`);
  return child;
}

async function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.pid === undefined) return;
  await new Promise<void>((resolve) => {
    const timer = setTimeout(() => {
      try {
        process.kill(-child.pid!, 'SIGKILL');
      } catch {
        /* gone */
      }
      resolve();
    }, 5000);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    try {
      process.kill(-child.pid!, 'SIGTERM');
    } catch {
      clearTimeout(timer);
      resolve();
    }
  });
}
