// `npm run simulate` finds the stack and the simulator where `npm start` put them (PORT, SIM_PORT, …), and
// names the service that does not answer. The script itself runs against two tiny stand-ins on free ports:
// a "stack" that answers /health and callbacks with 200, and a "simulator" that issues welcome codes.
import { spawn } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import { join } from 'node:path';
import { freePort } from './local/emulators';
import { DEV_ADMIN_API_KEY, readLocalEnv, unreachableMessage } from './local/local-env';

const ROOT = join(__dirname, '..');
jest.setTimeout(60_000);

describe('readLocalEnv', () => {
  it('reads the simulator URL from SIM_PORT and the stack URL from PORT, as npm start does', () => {
    const env = readLocalEnv({ PORT: '3011', SIM_PORT: '3031' });
    expect(env).toMatchObject({
      stackUrl: 'http://127.0.0.1:3011',
      simulatorUrl: 'http://127.0.0.1:3031',
      simulatorSetting: 'SIM_PORT=3031',
      adminApiKey: DEV_ADMIN_API_KEY,
    });
    expect(env.externalWecomApiBase).toBeUndefined();
  });

  it('defaults to 3000 and 3030, and the data folder at the repository root', () => {
    expect(readLocalEnv({})).toMatchObject({ stackUrl: 'http://127.0.0.1:3000', simulatorUrl: 'http://127.0.0.1:3030', dataDir: join(ROOT, '.siyu-data') });
    expect(readLocalEnv({ SIYU_DATA_DIR: '/tmp/elsewhere' }).dataDir).toBe('/tmp/elsewhere');
  });

  it('uses WECOM_API_BASE as the simulator when the stack was started with one', () => {
    const env = readLocalEnv({ SIM_PORT: '3031', WECOM_API_BASE: 'http://127.0.0.1:4040/' });
    expect(env).toMatchObject({
      simulatorUrl: 'http://127.0.0.1:4040',
      externalWecomApiBase: 'http://127.0.0.1:4040',
      simulatorSetting: 'WECOM_API_BASE=http://127.0.0.1:4040',
    });
  });

  it('refuses a port that is not one', () => {
    expect(() => readLocalEnv({ SIM_PORT: 'abc' })).toThrow('SIM_PORT must be a port number (1–65535), not "abc"');
    expect(() => readLocalEnv({ PORT: '70000' })).toThrow('PORT must be a port number');
  });
});

describe('unreachableMessage', () => {
  it('names the service, its URL, the network error and the setting to check', async () => {
    const port = await freePort(); // nothing listens there any more
    const url = `http://127.0.0.1:${port}`;
    const error = await fetch(`${url}/__sim/health`).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(unreachableMessage('the WeCom simulator', url, `SIM_PORT=${port}`, error)).toBe(
      `the WeCom simulator at ${url} is not reachable (ECONNREFUSED) — is \`npm start\` running with SIM_PORT=${port}?`,
    );
  });
});

interface Seen {
  method: string;
  path: string;
}

async function listen(answer: (path: string, method: string) => [number, unknown]): Promise<{ server: Server; port: number; seen: Seen[] }> {
  const seen: Seen[] = [];
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      const path = new URL(req.url ?? '/', 'http://x').pathname;
      seen.push({ method: req.method ?? '', path });
      const [status, body] = answer(path, req.method ?? '');
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(typeof body === 'string' ? body : JSON.stringify(body));
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  return { server, port: (server.address() as { port: number }).port, seen };
}

function simulate(env: Record<string, string>, args: string[]): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve) => {
    const { WECOM_API_BASE: _ignored, ...parent } = process.env;
    const child = spawn(process.execPath, [join(ROOT, 'node_modules/tsx/dist/cli.mjs'), 'scripts/simulate.ts', ...args], {
      cwd: ROOT,
      env: { ...parent, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (b: Buffer) => (out += b.toString()));
    child.stderr.on('data', (b: Buffer) => (out += b.toString()));
    child.on('exit', (code) => resolve({ code, out }));
  });
}

describe('npm run simulate', () => {
  const servers: Server[] = [];
  afterAll(async () => {
    await Promise.all(servers.map((s) => new Promise((r) => s.close(r))));
  });

  it('registers its welcome codes with the simulator on SIM_PORT and posts the callbacks to PORT', async () => {
    // Given a stack on PORT and a simulator on SIM_PORT, neither on the defaults
    const stack = await listen((path) => (path === '/health' ? [200, { status: 'ok' }] : [200, '']));
    const sim = await listen((path) => (path === '/__sim/welcome-codes' ? [200, { welcomeCode: 'WELCOME-CODE-1' }] : [200, { ok: true }]));
    servers.push(stack.server, sim.server);
    // When the channel-add scenario runs
    const r = await simulate({ PORT: String(stack.port), SIM_PORT: String(sim.port) }, ['--scenario', 'channel-adds', '--count', '1']);
    // Then the welcome codes came from that simulator and the adds reached that stack
    expect(r.out).toContain(`simulator → http://127.0.0.1:${sim.port}`);
    expect(sim.seen.filter((s) => s.path === '/__sim/welcome-codes')).toHaveLength(2);
    expect(stack.seen.filter((s) => s.method === 'POST' && s.path === '/wecom/wwsiyudemo000001/callback')).toHaveLength(2);
    expect(r.out).not.toContain('no welcome code');
    expect(r.code).toBe(0);
  });

  it('says that the simulator is unreachable, and on which SIM_PORT, instead of blaming the stack', async () => {
    const stack = await listen(() => [200, { status: 'ok' }]);
    servers.push(stack.server);
    const closed = await freePort();
    const r = await simulate({ PORT: String(stack.port), SIM_PORT: String(closed) }, ['--scenario', 'channel-adds', '--count', '1']);
    expect(r.code).toBe(1);
    expect(r.out).toContain(
      `the WeCom simulator at http://127.0.0.1:${closed} is not reachable (ECONNREFUSED) — is \`npm start\` running with SIM_PORT=${closed}?`,
    );
    expect(r.out).not.toContain('the Siyu stack');
    expect(stack.seen.filter((s) => s.method === 'POST')).toHaveLength(0);
  });
});
