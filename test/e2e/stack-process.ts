// The real `npm start` script in a child process, as a user runs it, for the end-to-end tests: free ports,
// a data folder the test owns (never the user's .siyu-data), the output collected, a clean stop (SIGINT).
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { freePort } from '../../scripts/local/emulators';

const ROOT = join(__dirname, '..', '..');

export interface StackProcess {
  url: string;
  simUrl: string;
  port: number;
  simPort: number;
  child: ChildProcess;
  /** Everything printed so far (stdout and stderr). */
  output(): string;
  /** Milliseconds from spawn to the line waited for. */
  startMs: number;
  /** SIGINT, as Ctrl-C; resolves with the milliseconds until the process exited. */
  stop(): Promise<number>;
}

export interface StackProcessOptions {
  dataDir: string;
  adminApiKey: string;
  args?: string[];
  env?: Record<string, string>;
  /** Resolve once the output contains this (default: the stack is up). */
  until?: RegExp;
  timeoutMs?: number;
}

export async function startStackProcess(o: StackProcessOptions): Promise<StackProcess> {
  const port = await freePort();
  const simPort = await freePort();
  const t0 = Date.now();
  const child = spawn(process.execPath, [join(ROOT, 'node_modules/tsx/dist/cli.mjs'), 'scripts/start.ts', ...(o.args ?? [])], {
    cwd: ROOT,
    env: { ...process.env, PORT: String(port), SIM_PORT: String(simPort), ADMIN_API_KEY: o.adminApiKey, SIYU_DATA_DIR: o.dataDir, LOG_LEVEL: 'WARN', ...o.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (b: Buffer) => (output += b.toString()));
  child.stderr!.on('data', (b: Buffer) => (output += b.toString()));
  const until = o.until ?? /Siyu is running/;
  const deadline = Date.now() + (o.timeoutMs ?? 170_000);
  while (!until.test(output)) {
    if (child.exitCode !== null || Date.now() > deadline) {
      if (child.exitCode === null) child.kill('SIGINT');
      throw new Error(`npm start did not come up:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    url: `http://127.0.0.1:${port}`,
    simUrl: `http://127.0.0.1:${simPort}`,
    port,
    simPort,
    child,
    output: () => output,
    startMs: Date.now() - t0,
    stop: async () => {
      if (child.exitCode !== null) return 0;
      const s0 = Date.now();
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGINT');
      await exited;
      return Date.now() - s0;
    },
  };
}
