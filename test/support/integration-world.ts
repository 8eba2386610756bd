// The real parts an integration test file runs against, built once per file: DynamoDB Local (the
// emulator test/global-setup.ts started; its endpoint and table names come from the environment), every
// repository on the table, a local secret box, a clock, and on request the WeCom simulator over HTTP
// with a client for it, and this file's own queues on the SQS emulator.
//
//   const world = integrationWorld({ simulator: true });
//   beforeAll(() => world.start());
//   afterAll(() => world.close());
//   … world.stores.tenants, world.wecom, await world.demoTenant({ notify: ['zhaoliu'] }) …
//
// A file that drives the admin API's real handler sets `world.adminEnv(SUPER)` on process.env in beforeAll
// (after start()) and then loads the handler with jest.isolateModules, so the handler reads that env.
import { randomBytes, randomUUID } from 'node:crypto';
import { DynamoDBPersistenceLayer } from '@aws-lambda-powertools/idempotency/dynamodb';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { SQSClient } from '@aws-sdk/client-sqs';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { makeDocumentClient, makeDynamoClient, makeSqsClient } from '../../shared/aws/clients';
import { sha256Hex } from '../../shared/auth/api-key';
import { CONCERNS, concernQueueEnv } from '../../shared/domain/fanout';
import { tableStores } from '../../shared/aws/table-stores';
import { materialBlobs } from '../../shared/aws/s3-blob-store';
import type { BlobStore } from '../../shared/materials/material';
import { systemClock, type Clock } from '../../shared/clock';
import { LocalSecretBox } from '../../shared/secrets/local-secret-box';
import { upsertTenant } from '../../shared/tenants/upsert-tenant';
import type { WecomClient } from '../../shared/wecom/client';
import { DEMO_TENANT } from '../../simulator/demo-tenant';
import type { SimCorp } from '../../simulator/model';
import { startSimulator, type RunningSimulator, type StartSimulatorOptions } from '../../simulator/server';
import { manualClock, type ManualClock } from './clock';
import { drain, testQueues } from './queues';
import { newSimTenant } from './tenants';
import { simulatorClient } from './wecom';

type QueueUrls = Awaited<ReturnType<typeof testQueues>>['queues'];

export interface WorldOptions {
  /** Start the WeCom simulator (with these options; its clock is the world's manual clock unless given). */
  simulator?: boolean | StartSimulatorOptions;
  /** Create every concern's queue (and DLQ) on the SQS emulator under a fresh prefix starting with this. */
  queues?: string;
  /** A manual clock starting here (epoch ms) instead of the system clock. */
  clockAt?: number;
}

export interface NewTenantOptions {
  /** The corp's app secret (the simulator's and ours); a fresh one unless given. */
  secret?: string;
  /** How the simulator sees the corp (its staff, agent, …). */
  corp?: Partial<SimCorp>;
  /** Further tenant settings (welcome, notify, agentId, …) as the admin API takes them. */
  settings?: Record<string, unknown>;
}

export interface IntegrationWorld<C extends Clock = Clock> {
  readonly ddb: DynamoDBClient;
  readonly doc: DynamoDBDocumentClient;
  readonly table: string;
  readonly stores: ReturnType<typeof tableStores>;
  /** The material library's originals on the S3 emulator test/global-setup.ts started (MATERIALS_BUCKET). */
  readonly blobs: BlobStore;
  readonly secrets: LocalSecretBox;
  /** The secret box's key (base64), for a handler that builds its own box from LOCAL_SECRET_KEY. */
  readonly secretKey: string;
  readonly clock: C;
  /** The WeCom simulator (only with `simulator`, after start()). */
  readonly sim: RunningSimulator;
  /** A WeCom client against the simulator: in-memory token cache and call budget. */
  readonly wecom: WecomClient;
  readonly sqs: SQSClient;
  /** This file's queues (only with `queues`, after start()). */
  readonly queues: QueueUrls;
  /** Receives and deletes every message visible on a queue; the parsed bodies. */
  drain(queueUrl: string): Promise<Array<Record<string, unknown>>>;
  /**
   * The environment the admin API handler reads when it loads: WeCom at the simulator (a closed port
   * without one), this world's secret key (so `secrets` reads what the handler stores), the hash of the
   * super-admin key, and each concern's queue (this file's queues; without them, URLs nothing listens on,
   * for routes that publish nothing).
   */
  adminEnv(superKey: string): Record<string, string>;
  /** A Powertools idempotency store on the idempotency table, as the consumers use in production. */
  idempotency(): DynamoDBPersistenceLayer;
  /** A fresh corp in the simulator and the same corp as our tenant; its corpId. */
  newTenant(prefix: string, o?: NewTenantOptions): Promise<string>;
  /** The simulator's demo corp as our tenant (its callback token, AES key, secret and agent), with these settings. */
  demoTenant(settings?: Record<string, unknown>): Promise<string>;
  start(): Promise<void>;
  close(): Promise<void>;
}

export function integrationWorld(o: WorldOptions & { clockAt: number }): IntegrationWorld<ManualClock>;
export function integrationWorld(o?: WorldOptions): IntegrationWorld;
export function integrationWorld(o: WorldOptions = {}): IntegrationWorld<Clock> {
  const endpoint = process.env.DYNAMODB_ENDPOINT;
  const table = process.env.TABLE_NAME!;
  const clock: Clock = o.clockAt === undefined ? systemClock : manualClock(o.clockAt);
  const secretKey = randomBytes(32).toString('base64');
  const secrets = new LocalSecretBox(secretKey);
  let ddb: DynamoDBClient | undefined;
  let doc: DynamoDBDocumentClient | undefined;
  let stores: ReturnType<typeof tableStores> | undefined;
  let blobs: BlobStore | undefined;
  let sqs: SQSClient | undefined;
  let sim: RunningSimulator | undefined;
  let wecom: WecomClient | undefined;
  let queues: QueueUrls | undefined;
  const need = <T>(v: T | undefined, what: string): T => {
    if (v === undefined) throw new Error(`integrationWorld: ${what} (ask for it in the options and call start() in beforeAll)`);
    return v;
  };
  const docClient = () => (doc ??= makeDocumentClient({ endpoint }));
  const sqsClient = () => (sqs ??= makeSqsClient({ endpoint: process.env.SQS_ENDPOINT }));
  const tenantDeps = () => ({ tenants: world.stores.tenants, secrets, clock });

  const world: IntegrationWorld<Clock> = {
    get ddb() {
      return (ddb ??= makeDynamoClient({ endpoint }));
    },
    get doc() {
      return docClient();
    },
    table,
    get stores() {
      return (stores ??= tableStores(docClient(), table));
    },
    get blobs() {
      return (blobs ??= materialBlobs(process.env.MATERIALS_BUCKET, process.env.S3_ENDPOINT));
    },
    secrets,
    secretKey,
    clock,
    get sim() {
      return need(sim, 'no simulator');
    },
    get wecom() {
      return (wecom ??= simulatorClient(need(sim, 'no simulator').url));
    },
    get sqs() {
      return sqsClient();
    },
    get queues() {
      return need(queues, 'no queues');
    },
    drain: (queueUrl) => drain(sqsClient(), queueUrl),
    adminEnv: (superKey) => ({
      WECOM_API_BASE: sim?.url ?? 'http://127.0.0.1:9',
      LOCAL_SECRET_KEY: secretKey,
      ADMIN_API_KEY_HASH: sha256Hex(superKey),
      ...Object.fromEntries(CONCERNS.map((c) => [concernQueueEnv(c), queues?.[c] ?? `http://127.0.0.1:1/000000000000/unused-${c}`])),
    }),
    idempotency: () => new DynamoDBPersistenceLayer({ tableName: process.env.IDEMPOTENCY_TABLE_NAME!, awsSdkV3Client: world.ddb }),
    newTenant: (prefix, t = {}) =>
      newSimTenant({ ...tenantDeps(), sim: world.sim }, { prefix, secret: t.secret ?? `secret-${randomUUID()}`, corp: t.corp, settings: t.settings }),
    demoTenant: async (settings = {}) => {
      await upsertTenant(tenantDeps(), DEMO_TENANT.corpId, {
        token: DEMO_TENANT.token,
        encodingAesKey: DEMO_TENANT.encodingAesKey,
        secret: DEMO_TENANT.secret,
        agentId: DEMO_TENANT.agentId,
        ...settings,
      });
      return DEMO_TENANT.corpId;
    },
    async start() {
      const simOptions = o.simulator === true ? {} : o.simulator || undefined;
      await Promise.all([
        simOptions && startSimulator({ port: 0, ...(o.clockAt === undefined ? {} : { clock: clock.now }), ...simOptions }).then((s) => void (sim = s)),
        o.queues && testQueues(sqsClient(), `${o.queues}-${randomUUID().slice(0, 8)}`).then((q) => void (queues = q.queues)),
      ]);
    },
    async close() {
      await sim?.stop();
      ddb?.destroy();
      doc?.destroy();
      sqs?.destroy();
    },
  };
  return world;
}
