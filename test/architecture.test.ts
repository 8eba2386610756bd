// Dependency rules (docs/architecture.md#handlers-wire-only, docs/architecture.md#use-cases-take-their-ports, docs/architecture.md#tests), checked on the source text. Import directions are an ALLOW-list:
// each layer lists what its files may import (repository folders and packages); any other import fails,
// naming the file and the import. Plus: no import cycles among functions/ and shared/ (type-only imports
// count too: a cycle of types is still two modules that cannot be read one without the other).
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, normalize } from 'node:path';
import pkg from '../package.json';

const ROOT = join(__dirname, '..');
function files(dir: string): string[] {
  return readdirSync(join(ROOT, dir)).flatMap((name) => {
    const p = join(dir, name);
    return statSync(join(ROOT, p)).isDirectory() ? files(p) : p.endsWith('.ts') ? [p] : [];
  });
}
const source = (f: string) => readFileSync(join(ROOT, f), 'utf8');
const isTest = (f: string) => /\.test\.ts$/.test(f);
/** The archive puller container's entry and composition root (functions/archive-puller): wired like handlers. */
const CONTAINER_ROOTS = ['functions/archive-puller/main.ts', 'functions/archive-puller/puller.ts'];
const isHandler = (f: string) => f.startsWith('functions/') && (f.endsWith('/handler.ts') || CONTAINER_ROOTS.includes(f));

// ── imports, from the source text ──

interface Import {
  /** As written. */
  spec: string;
  /** A repository path (relative imports, resolved to the file) or `pkg:<package name>`. */
  target: string;
  typeOnly: boolean;
}

const IMPORT = /(?:^|[\n;])\s*(?:import|export)\s+(type\s+)?(?:[^'";]*?\s+from\s+)?['"]([^'"]+)['"]|\b(?:import|require)\(\s*['"]([^'"]+)['"]\s*\)/g;

function resolve(from: string, spec: string): string {
  const base = normalize(join(dirname(from), spec));
  for (const c of [`${base}.ts`, join(base, 'index.ts'), base]) if (existsSync(join(ROOT, c)) && statSync(join(ROOT, c)).isFile()) return c;
  return base;
}

const packageOf = (spec: string) => (spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : spec.split('/')[0]!);

function importsOf(f: string): Import[] {
  const out: Import[] = [];
  for (const m of source(f).matchAll(IMPORT)) {
    const spec = (m[2] ?? m[3])!;
    out.push({ spec, target: spec.startsWith('.') ? resolve(f, spec) : `pkg:${packageOf(spec)}`, typeOnly: m[1] !== undefined });
  }
  return out;
}

// ── the allow-list ──

/** A rule allows an import when its target starts with one of these (folders end with '/'). */
type Allowed = readonly string[];

const pkgs = (...names: string[]) => names.map((n) => `pkg:${n}`);
/** The production dependencies: what a Lambda bundle may carry. */
const runtimePackages = [
  ...Object.keys(pkg.dependencies).map((n) => `pkg:${n}`),
  'pkg:aws-lambda',
  'pkg:node:crypto',
  // The webhook poster (shared/webhooks/http-target.ts) resolves the host itself and connects to the address its
  // SSRF guard checked, which fetch cannot be told to do.
  ...pkgs('node:dns', 'node:http', 'node:https', 'node:net'),
];
const allPackages = 'pkg:';

/** Pure: the domain, the time helpers it computes days with, the clock port; no I/O package. */
const DOMAIN: Allowed = ['shared/domain/', 'shared/events/time.ts', 'shared/clock.ts', ...pkgs('zod', 're2js')];

/** shared/ outside the domain: shared/ and the runtime packages; never functions/, scripts/, test/, simulator/. */
const SHARED: Allowed = ['shared/', ...runtimePackages];

/**
 * A use case (functions/<concern>/*.ts, not the handler) takes its ports as parameters: shared/ without the
 * composition root (shared/aws, shared/config) and the Powertools singletons (shared/observability); no AWS
 * SDK, no logger. Plus its own folder (ownFolder below).
 */
const USE_CASE_SHARED = [
  'archive',
  'auth',
  'channels',
  'customers',
  'db',
  'domain',
  'events',
  'groups',
  'http',
  'i18n',
  'input',
  'keywords',
  'leases',
  'materials',
  'oplog',
  'orders',
  'outreach',
  'schedules',
  'secrets',
  'sidebar',
  'sqs',
  'tenants',
  'transfers',
  'wecom',
  'webhooks',
].map((d) => `shared/${d}/`);
const USE_CASE: Allowed = [
  ...USE_CASE_SHARED,
  'shared/clock.ts',
  'shared/errors.ts',
  'shared/request-log.ts',
  'shared/map-limit.ts',
  'shared/validation.ts',
  ...pkgs('zod', 'node:crypto', 'aws-lambda'),
];

/** Handlers wire: anything in shared/, their own folder, the middleware and the SDK clients they probe with. */
const HANDLER: Allowed = [
  'shared/',
  ...pkgs('zod', '@middy/core', '@aws-lambda-powertools/logger', '@aws-lambda-powertools/metrics', '@aws-sdk/client-dynamodb', '@aws-sdk/client-sqs'),
];

/** The console function reads its own package's files (the built console): the one handler with file I/O. */
const HANDLER_EXTRA: Record<string, Allowed> = {
  'functions/console/handler.ts': pkgs('node:fs', 'node:path', 'aws-lambda'),
  // The alarm forwarder reads the robot URL from SSM (shared/aws/robot-url.ts) and takes SNS events.
  'functions/alarm-forwarder/handler.ts': pkgs('@aws-sdk/client-ssm', 'aws-lambda'),
  // The puller's entry checks the Finance SDK library file exists before anything loads it.
  'functions/archive-puller/main.ts': pkgs('node:fs'),
};

/** The local stack and tools: shared/, the simulator, scripts/, any package; never functions/ use cases, never test/. */
const SCRIPTS: Allowed = ['shared/', 'simulator/', 'scripts/', 'esbuild.options.cjs', allPackages];

/** Node built-ins outside node:crypto, each for one file: the docs page's static files (read, gzip). */
const NODE_BUILTINS: Record<string, readonly string[]> = {
  'shared/http/static-files.ts': pkgs('node:fs', 'node:path', 'node:zlib'),
  // The cost benchmark's request trace (only with SIYU_COST_TRACE set: appends JSON lines to that file).
  'shared/aws/cost-trace.ts': pkgs('node:fs'),
  // Log keys scoped to one SQS record's async flow (records of a batch run concurrently).
  'shared/observability.ts': pkgs('node:async_hooks'),
};

/** The one import across concerns: the admin API's jobs route runs the schedules' run functions. */
const CROSS_CONCERN: Record<string, RegExp> = {
  'functions/admin-api/job-runners.ts': /^functions\/schedules\/[a-z-]+\/run-[a-z-]+\.ts$/,
};

/**
 * Type-only imports of the composition root: the admin API's deps type is the store factory's type, so a
 * store the factory builds reaches every admin use case without new wiring (a new route: two files).
 */
const TYPE_ONLY: Record<string, string> = {
  'functions/admin-api/deps.ts': 'shared/aws/table-stores.ts',
};

/** functions/<concern>/ (functions/schedules/<job>/ for schedules). */
const ownFolder = (f: string) =>
  `${f
    .split('/')
    .slice(0, f.startsWith('functions/schedules/') ? 3 : 2)
    .join('/')}/`;

function rulesOf(f: string): Allowed | undefined {
  if (isTest(f) || f.startsWith('shared/testing/')) return undefined; // tests may use test helpers and the simulator
  if (f.startsWith('shared/domain/')) return DOMAIN;
  if (f.startsWith('shared/')) return SHARED;
  if (isHandler(f)) return [...HANDLER, ...(HANDLER_EXTRA[f] ?? []), ownFolder(f)];
  if (f.startsWith('functions/')) return [...USE_CASE, ownFolder(f)];
  if (f.startsWith('scripts/')) return SCRIPTS;
  return undefined;
}

function allowed(f: string, i: Import, rules: Allowed): boolean {
  if (rules.some((r) => i.target === r || (r.endsWith('/') || r === allPackages ? i.target.startsWith(r) : false))) return true;
  if (i.typeOnly && TYPE_ONLY[f] === i.target) return true;
  if (NODE_BUILTINS[f]?.includes(i.target)) return true;
  return CROSS_CONCERN[f]?.test(i.target) ?? false;
}

const checked = [...files('shared'), ...files('functions'), ...files('scripts')].filter((f) => rulesOf(f) !== undefined);

// ── cycles (Tarjan's strongly connected components) ──

function cycles(graph: Map<string, string[]>): string[][] {
  let index = 0;
  const idx = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const on = new Set<string>();
  const out: string[][] = [];
  const visit = (v: string) => {
    idx.set(v, index);
    low.set(v, index++);
    stack.push(v);
    on.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!idx.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (on.has(w)) low.set(v, Math.min(low.get(v)!, idx.get(w)!));
    }
    if (low.get(v) === idx.get(v)) {
      const scc: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        on.delete(w);
        scc.push(w);
      } while (w !== v);
      if (scc.length > 1 || (graph.get(v) ?? []).includes(v)) out.push(scc.sort());
    }
  };
  for (const v of graph.keys()) if (!idx.has(v)) visit(v);
  return out;
}

const graphOf = (fs: string[]) =>
  new Map(
    fs.map((f) => [
      f,
      importsOf(f)
        .map((i) => i.target)
        .filter((t) => fs.includes(t)),
    ]),
  );

const useCases = files('functions').filter((f) => !isTest(f) && !isHandler(f));
const domain = files('shared/domain').filter((f) => !isTest(f));
const production = [...files('functions'), ...files('shared')].filter((f) => !isTest(f));

describe('architecture', () => {
  it('finds the files it checks', () => {
    expect(useCases.length).toBeGreaterThan(5);
    expect(domain.length).toBeGreaterThan(1);
    expect(checked.length).toBeGreaterThan(100);
  });

  it('reads imports the way TypeScript writes them', () => {
    expect(importsOf('shared/aws/table-stores.ts')).toContainEqual({
      spec: '../db/tenant-repository',
      target: 'shared/db/tenant-repository.ts',
      typeOnly: false,
    });
    expect(importsOf('shared/aws/table-stores.ts')).toContainEqual({ spec: '@aws-sdk/lib-dynamodb', target: 'pkg:@aws-sdk/lib-dynamodb', typeOnly: true });
  });

  it('the allow-list refuses what it does not list (an import of the WeCom client from the domain, of functions/ from shared/)', () => {
    const at = (f: string, spec: string) => ({ spec, target: spec.startsWith('.') ? resolve(f, spec) : `pkg:${packageOf(spec)}`, typeOnly: false });
    expect(allowed('shared/domain/quota.ts', at('shared/domain/quota.ts', '../wecom/client'), DOMAIN)).toBe(false);
    expect(allowed('shared/domain/quota.ts', at('shared/domain/quota.ts', 'node:fs'), DOMAIN)).toBe(false);
    expect(allowed('shared/aws/x.ts', at('shared/aws/x.ts', '../../functions/schedules/sop/run-sop'), SHARED)).toBe(false);
    expect(allowed('shared/aws/x.ts', at('shared/aws/x.ts', '../../scripts/local/resources'), SHARED)).toBe(false);
    expect(
      allowed(
        'functions/greeting/send-welcome.ts',
        at('functions/greeting/send-welcome.ts', '../../shared/aws/clients'),
        rulesOf('functions/greeting/send-welcome.ts')!,
      ),
    ).toBe(false);
    expect(
      allowed(
        'functions/greeting/send-welcome.ts',
        at('functions/greeting/send-welcome.ts', '../audit/record-audit'),
        rulesOf('functions/greeting/send-welcome.ts')!,
      ),
    ).toBe(false);
    expect(
      allowed(
        'functions/admin-api/job-runners.ts',
        at('functions/admin-api/job-runners.ts', '../schedules/sop/run-sop'),
        rulesOf('functions/admin-api/job-runners.ts')!,
      ),
    ).toBe(true);
    // The admin deps type may name the store factory's type, never import the factory itself.
    const deps = 'functions/admin-api/deps.ts';
    expect(allowed(deps, { ...at(deps, '../../shared/aws/table-stores'), typeOnly: true }, rulesOf(deps)!)).toBe(true);
    expect(allowed(deps, { ...at(deps, '../../shared/aws/table-stores'), typeOnly: false }, rulesOf(deps)!)).toBe(false);
  });

  it('every import is one its layer allows', () => {
    const refused = checked.flatMap((f) =>
      importsOf(f)
        .filter((i) => !allowed(f, i, rulesOf(f)!))
        .map((i) => `${f} imports '${i.spec}'`),
    );
    expect(refused).toEqual([]);
  });

  it('no import cycles among functions/ and shared/ (type-only imports included)', () => {
    const g = graphOf([...files('functions'), ...files('shared')]);
    expect(
      cycles(
        new Map([
          ['a', ['b']],
          ['b', ['c']],
          ['c', ['a']],
          ['d', ['a']],
        ]),
      ),
    ).toEqual([['a', 'b', 'c']]);
    expect(cycles(g)).toEqual([]);
  });

  it.each(useCases)('%s (a use case) imports no AWS SDK, no logger, no process', (f) => {
    const s = source(f);
    expect(s).not.toMatch(/from '@aws-sdk\//);
    expect(s).not.toMatch(/shared\/observability'/);
    expect(s).not.toMatch(/\bprocess\./);
  });

  it.each(domain)('%s (domain) is pure: no process', (f) => {
    expect(source(f)).not.toMatch(/\bprocess\./);
  });

  it('handlers are wiring only: short, and export nothing but handler', () => {
    // (The puller's container roots are a process, not a Lambda handler: run-puller.ts holds their loop.)
    for (const f of files('functions').filter((x) => isHandler(x) && !CONTAINER_ROOTS.includes(x))) {
      const s = source(f);
      expect({ f, lines: s.split('\n').length <= 45 }).toEqual({ f, lines: true });
      expect(s.match(/^export /gm)).toEqual(['export ']);
    }
  });

  it('production code has no test-only branches and imports no test helpers', () => {
    for (const f of production) {
      const s = source(f);
      expect({ f, nodeEnv: /NODE_ENV/.test(s) }).toEqual({ f, nodeEnv: false });
      expect({ f, testing: /from '(\.\.\/)+test\/|\/testing\//.test(s) }).toEqual({ f, testing: false });
    }
  });
});
