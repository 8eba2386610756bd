// `npm run test:metrics -- --runs 500 [--seed N] [--short]`: the metrics differential test
// (test/integration/metrics-differential.int.test.ts) over more random scenarios than `npm test` runs, with the
// generator's full size (3–6 week scenarios, up to 40 customers) unless --short.
import { spawnSync } from 'node:child_process';
import { parseArgs } from 'node:util';

const { values } = parseArgs({ options: { runs: { type: 'string', default: '100' }, seed: { type: 'string' }, short: { type: 'boolean', default: false } } });
if (!/^\d+$/.test(values.runs)) throw new Error('--runs takes a whole number');
const env = {
  ...process.env,
  METRICS_RUNS: values.runs,
  METRICS_LONG: values.short ? '0' : '1',
  ...(values.seed !== undefined ? { METRICS_SEED: values.seed } : {}),
};
const jest = spawnSync('npx', ['jest', 'test/integration/metrics-differential', '--selectProjects', 'integration', '--testTimeout', '0'], {
  stdio: 'inherit',
  env,
});
process.exit(jest.status ?? 1);
