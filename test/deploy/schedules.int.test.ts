// Who runs the schedules. On AWS each schedule is an EventBridge rule, ENABLED. Locally serverless-offline would
// run every `schedule` event itself (node-schedule) beside scripts/local/stack.ts's own timers, so every
// scheduled job ran twice; the `local` stage turns the events off (param schedulesEnabled), and serverless-offline's
// own reading of an event (ScheduleEventDefinition: a missing `enabled` means on) must say off for each.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { scheduledFunctions } from '../../scripts/local/infra';
import { ROOT, packageTemplate, resourcesOfType } from './package-template';

interface ResolvedConfig {
  functions: Record<string, { events?: Array<{ schedule?: unknown }> }>;
}

/** serverless.yml as osls resolves it for `stage` (params and variables applied), as serverless-offline reads it. */
function resolvedConfig(stage: string): ResolvedConfig {
  const r = spawnSync(process.execPath, [join(ROOT, 'node_modules/serverless/bin/serverless.js'), 'print', '--stage', stage, '--format', 'json'], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp' },
    encoding: 'utf8',
  });
  if (r.status !== 0) throw new Error(`osls print failed:\n${r.stdout}\n${r.stderr}`);
  return JSON.parse(r.stdout) as ResolvedConfig;
}

/** Each raw `schedule` event as serverless-offline reads it (its ES module, in a child node: jest here runs CommonJS). */
function offlineEnabled(events: unknown[]): unknown[] {
  const definition = join(ROOT, 'node_modules/serverless-offline/src/events/schedule/ScheduleEventDefinition.js');
  const script = `import D from ${JSON.stringify(definition)}; console.log(JSON.stringify(JSON.parse(process.argv[1]).map((e) => new D(e).enabled)));`;
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', script, JSON.stringify(events)], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`reading the events as serverless-offline does failed:\n${r.stderr}`);
  return JSON.parse(r.stdout) as unknown[];
}

test('locally serverless-offline schedules nothing: the stack timers are the only runner of each schedule', () => {
  const config = resolvedConfig('local');
  const events = Object.entries(config.functions).flatMap(([fn, def]) =>
    (def.events ?? []).filter((e) => e.schedule !== undefined).map((e) => ({ fn, schedule: e.schedule })),
  );
  const enabled = offlineEnabled(events.map((e) => e.schedule));
  const scheduled = events.map((e, i) => ({ fn: e.fn, enabled: enabled[i] }));
  expect(scheduled.length).toBeGreaterThan(0);
  expect(scheduled.filter((s) => s.enabled !== false)).toEqual([]);
  // …and every one of them still runs locally, by the stack's timer.
  expect(Object.keys(scheduledFunctions()).sort()).toEqual([...new Set(scheduled.map((s) => s.fn))].sort());
}, 60_000);

test('on AWS every schedule rule is ENABLED', () => {
  const rules = resourcesOfType(packageTemplate('prod'), 'AWS::Events::Rule');
  expect(rules.length).toBeGreaterThanOrEqual(Object.keys(scheduledFunctions()).length);
  for (const [id, rule] of rules) expect({ id, state: rule.Properties?.State }).toEqual({ id, state: 'ENABLED' });
}, 180_000);
