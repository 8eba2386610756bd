// Reads infra/*.yml (CloudFormation) so that local tables and queues are created from the same
// definitions that deploy to AWS.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse, type ScalarTag, type CollectionTag } from 'yaml';

const ROOT = join(import.meta.dirname, '..', '..');

const intrinsic = (tag: string, fn: string): ScalarTag => ({
  tag,
  resolve: (value: string) => ({ [fn]: value }),
});
const intrinsicSeq = (tag: string, fn: string): CollectionTag =>
  ({
    tag,
    collection: 'seq',
    resolve: (value: unknown) => ({ [fn]: (value as unknown as { toJSON(): unknown }).toJSON() }),
  }) as unknown as CollectionTag;

const customTags = [
  intrinsic('!Ref', 'Ref'),
  intrinsic('!GetAtt', 'Fn::GetAtt'),
  intrinsic('!Sub', 'Fn::Sub'),
  intrinsicSeq('!Sub', 'Fn::Sub'),
  intrinsicSeq('!Join', 'Fn::Join'),
];

export interface CfnResource {
  Type: string;
  Properties: Record<string, unknown>;
}

/** Parses a YAML file of the repo (CloudFormation tags allowed), substituting `${name}` variables. */
export function readYaml(path: string, vars: Record<string, string> = {}): unknown {
  let text = readFileSync(join(ROOT, path), 'utf8');
  for (const [name, value] of Object.entries(vars)) text = text.replaceAll(`\${${name}}`, value);
  return parse(text, { customTags });
}

export function readResources(file: string, vars: Record<string, string>): Record<string, CfnResource> {
  return (readYaml(join('infra', file), vars) as { Resources: Record<string, CfnResource> }).Resources;
}

/** Functions of serverless.yml that consume a concern queue: concern resource name (e.g. AutoAccept) → function key. */
export function sqsConsumers(): Record<string, string> {
  const sls = readYaml('serverless.yml') as { functions: Record<string, { events?: Array<{ sqs?: { arn: unknown } }> }> };
  const out: Record<string, string> = {};
  for (const [fn, def] of Object.entries(sls.functions)) {
    for (const ev of def.events ?? []) {
      const arn = ev.sqs?.arn as { 'Fn::GetAtt'?: string } | undefined;
      const m = /^(\w+)Queue\.Arn$/.exec(arn?.['Fn::GetAtt'] ?? '');
      if (m) out[m[1]!] = fn;
    }
  }
  return out;
}

export interface SqsBatching {
  batchSize: number;
  /** maximumBatchingWindow in seconds (0: invoke with what one receive returns). */
  windowSeconds: number;
}

/** The event source settings of each queue consumer (function key → batch size and batching window), as Lambda applies them. */
export function sqsBatching(): Record<string, SqsBatching> {
  const sls = readYaml('serverless.yml') as {
    functions: Record<string, { events?: Array<{ sqs?: { batchSize?: number; maximumBatchingWindow?: number } }> }>;
  };
  const out: Record<string, SqsBatching> = {};
  for (const [fn, def] of Object.entries(sls.functions)) {
    for (const ev of def.events ?? []) {
      // Lambda's defaults: 10 records, no window.
      if (ev.sqs) out[fn] = { batchSize: ev.sqs.batchSize ?? 10, windowSeconds: ev.sqs.maximumBatchingWindow ?? 0 };
    }
  }
  return out;
}

/** Functions of serverless.yml with `rate(...)` schedules: function key → period in milliseconds. */
export function scheduledFunctions(): Record<string, number> {
  const sls = readYaml('serverless.yml') as { functions: Record<string, { events?: Array<{ schedule?: { rate?: unknown } | string }> }> };
  const out: Record<string, number> = {};
  const unit: Record<string, number> = { minute: 60_000, hour: 3_600_000, day: 86_400_000 };
  for (const [fn, def] of Object.entries(sls.functions)) {
    for (const ev of def.events ?? []) {
      const schedule = typeof ev.schedule === 'string' ? ev.schedule : ev.schedule?.rate;
      const m = /^rate\((\d+) (minute|hour|day)s?\)$/.exec(String(schedule ?? ''));
      if (m) out[fn] = Number(m[1]) * unit[m[2]!]!;
    }
  }
  return out;
}
