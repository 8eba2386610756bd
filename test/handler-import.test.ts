// Importing a handler module needs no configuration: every handler reads its environment and builds its
// clients on its first invocation (shared/config/on-first-call.ts), so the bundle bench, tests and tools
// can load any bundle with any environment. Configuration is still validated: the first invocation with a
// missing variable fails with "invalid configuration".
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

const FUNCTIONS = join(__dirname, '..', 'functions');
/** functions/<name>/handler.ts and the schedules' functions/schedules/<name>/handler.ts. */
const dirs = (rel: string) =>
  readdirSync(join(FUNCTIONS, rel), { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => (rel ? `${rel}/${d.name}` : d.name));
const handlers = [...dirs(''), ...dirs('schedules')].filter((fn) => existsSync(join(FUNCTIONS, fn, 'handler.ts'))).sort();
/** Handlers whose configuration is all optional (they have defaults for every variable). */
const NO_REQUIRED_CONFIG = new Set(['alarm-forwarder', 'console', 'docs']);

/** Only what test/setup-env.ts sets for quiet logs, and PATH: no table, queue, key or WeCom base. */
function emptyEnv(): NodeJS.ProcessEnv {
  const keep = ['PATH', 'LOG_LEVEL', 'AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED', 'POWERTOOLS_METRICS_DISABLED'];
  return Object.fromEntries(keep.filter((k) => process.env[k] !== undefined).map((k) => [k, process.env[k]]));
}

const saved = process.env;
beforeEach(() => {
  process.env = emptyEnv();
});
afterEach(() => {
  process.env = saved;
});

it('finds the handlers', () => {
  expect(handlers).toEqual(expect.arrayContaining(['admin-api', 'wecom-callback', 'greeting', 'health', 'schedules/rollup']));
});

describe.each(handlers)('functions/%s/handler.ts', (fn) => {
  const load = () => {
    let mod: { handler?: unknown } = {};
    jest.isolateModules(() => {
      mod = jest.requireActual<{ handler?: unknown }>(join(FUNCTIONS, fn, 'handler.ts'));
    });
    return mod;
  };

  it('imports with an empty environment', () => {
    expect(typeof load().handler).toBe('function');
  });

  if (!NO_REQUIRED_CONFIG.has(fn)) {
    it('refuses its first invocation when its configuration is missing', () => {
      const handler = load().handler as (event: unknown, context: unknown) => unknown;
      expect(() => handler({}, {})).toThrow('invalid configuration');
    });
  }
});
