// Dependency rules (style rules 1, 2, 15), checked on the source text.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = join(__dirname, '..');
function files(dir: string): string[] {
  return readdirSync(join(ROOT, dir)).flatMap((name) => {
    const p = join(dir, name);
    return statSync(join(ROOT, p)).isDirectory() ? files(p) : p.endsWith('.ts') ? [p] : [];
  });
}
const source = (f: string) => readFileSync(join(ROOT, f), 'utf8');
const isTest = (f: string) => /\.test\.ts$/.test(f);

const useCases = files('functions').filter((f) => !isTest(f) && !f.endsWith('/handler.ts'));
const domain = files('shared/domain').filter((f) => !isTest(f));
const production = [...files('functions'), ...files('shared')].filter((f) => !isTest(f));

describe('architecture', () => {
  it('finds the files it checks', () => {
    expect(useCases.length).toBeGreaterThan(5);
    expect(domain.length).toBeGreaterThan(1);
  });

  it.each(useCases)('%s (a use case) imports no AWS SDK, no logger, no process', (f) => {
    const s = source(f);
    expect(s).not.toMatch(/from '@aws-sdk\//);
    expect(s).not.toMatch(/shared\/observability'/);
    expect(s).not.toMatch(/\bprocess\./);
  });

  it.each(domain)('%s (domain) is pure: no I/O, no AWS, no other layers', (f) => {
    const s = source(f);
    expect(s).not.toMatch(/from '(@aws-sdk|node:fs|node:http|node:child_process)/);
    expect(s).not.toMatch(/from '\.\.\/(db|aws|sqs|http)\//);
    expect(s).not.toMatch(/\bprocess\./);
  });

  it('handlers are wiring only: short, and export nothing but handler', () => {
    for (const f of files('functions').filter((x) => x.endsWith('/handler.ts'))) {
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
