// The pure half of the cost benchmark (bench/cost.bench.ts): attributes what the local stack recorded in a time
// window to one event type (the SDK trace of shared/aws/cost-trace.ts, serverless-offline's invocation lines, the
// functions' log lines, the simulator's WeCom calls), prices it with bench/prices-us-east-1.json, and computes the
// idle cost per month of a packaged CloudFormation template. No I/O here: unit-tested in test/bench/.
import type { CostTraceRecord } from '../shared/aws/cost-trace';

export type Prices = typeof import('./prices-us-east-1.json');

export const EVENT_TYPES = ['add', 'delete', 'kf', 'group', 'unhandled'] as const;
export type EventType = (typeof EVENT_TYPES)[number];

/** $ per million events (and $ per month idle) that the issue sets as targets. */
export const TARGETS: Record<EventType, number> & { idle: number } = { add: 10, delete: 8, kf: 6, group: 6, unhandled: 2, idle: 5 };

/** Lambda writes START, END and REPORT lines per invocation to CloudWatch Logs; an estimate of their bytes. */
export const PLATFORM_LOG_BYTES_PER_INVOCATION = 300;

/** One function invocation as serverless-offline reports it. */
export interface Invocation {
  t: number;
  fn: string;
  ms: number;
}

/** `(λ: relationship) RequestId: … Duration: 12.34 ms …` → the function and its duration. */
export function parseInvocationLine(raw: string): { fn: string; ms: number } | undefined {
  const m = /^\(λ: (\w+)\) RequestId: \S+\s+Duration: ([\d.]+) ms/.exec(raw.trim());
  return m ? { fn: m[1]!, ms: Number(m[2]) } : undefined;
}

/** A line the functions wrote (Powertools JSON records); serverless-offline's own lines are not function output. */
export const isFunctionLogLine = (raw: string): boolean => raw.trimStart().startsWith('{');

/** What the stack did for `events` events of one type, before dividing by their number. */
export interface Window {
  from: number;
  to: number;
  events: number;
  trace: readonly CostTraceRecord[];
  invocations: readonly Invocation[];
  logLines: ReadonlyArray<{ t: number; bytes: number }>;
  wecomCalls: ReadonlyArray<{ at: number; path: string }>;
  /** Each event is one callback through the HTTP API. */
  httpRequestsPerEvent: number;
}

/** Per event. */
export interface EventCounts {
  invocations: number;
  /** Σ memory (GB) × billed duration (s). */
  gbSeconds: number;
  meanDurationMs: number;
  httpRequests: number;
  sqsRequests: number;
  sqsByAction: Record<string, number>;
  dynamoRequests: number;
  dynamoWriteUnits: number;
  dynamoReadUnits: number;
  /** Of the units above, those of global secondary indexes (as DynamoDB reported them). */
  dynamoGsiUnits: number;
  /** Conditional writes that failed (AWS still charges their write units; DynamoDB Local reports none). */
  failedConditionalWrites: number;
  dynamoByOp: Record<string, { requests: number; wcu: number; rcu: number }>;
  wecomCalls: number;
  wecomByPath: Record<string, number>;
  logBytes: number;
}

export interface AttributeOptions {
  /** Memory in MB per function key (serverless.yml); functions not listed get `defaultMemoryMb`. */
  memoryMb: Record<string, number>;
  defaultMemoryMb: number;
  /** Function keys whose work is not the event's (scheduled functions). */
  excludeFunctions: ReadonlySet<string>;
}

const inWindow = (w: Window, t: number) => t >= w.from && t <= w.to;
/** serverless-offline names functions `<service>-<stage>-<key>`; the trace carries that name. */
const fnKey = (name: string | undefined) => name?.split('-').pop();
const add = (o: Record<string, number>, k: string, n = 1) => (o[k] = (o[k] ?? 0) + n);

export function attribute(w: Window, o: AttributeOptions): EventCounts {
  const n = Math.max(1, w.events);
  const excluded = (fn: string | undefined) => fn !== undefined && o.excludeFunctions.has(fnKey(fn)!);
  const invocations = w.invocations.filter((i) => inWindow(w, i.t) && !o.excludeFunctions.has(i.fn));
  const gbSeconds = invocations.reduce((s, i) => s + ((o.memoryMb[i.fn] ?? o.defaultMemoryMb) / 1024) * (Math.ceil(i.ms) / 1000), 0);
  const trace = w.trace.filter((r) => inWindow(w, r.t) && !excluded(r.fn));
  const sqsByAction: Record<string, number> = {};
  const dynamoByOp: EventCounts['dynamoByOp'] = {};
  let sqs = 0;
  let ddb = 0;
  let wcu = 0;
  let rcu = 0;
  let gsi = 0;
  let failedConditional = 0;
  for (const r of trace) {
    if (r.service === 'sqs') {
      // An empty receive is idle polling (priced in the idle cost), not the event's.
      if (r.op === 'ReceiveMessage' && !r.messages) continue;
      sqs++;
      add(sqsByAction, r.op);
    } else if (r.service === 'dynamodb') {
      // Outside a function: the local archive puller's cursor reads (a container on AWS, not per event).
      if (r.fn === undefined) continue;
      ddb++;
      wcu += r.wcu ?? 0;
      rcu += r.rcu ?? 0;
      gsi += r.gsiUnits ?? 0;
      if (r.error === 'ConditionalCheckFailedException') failedConditional++;
      const e = (dynamoByOp[r.op] ??= { requests: 0, wcu: 0, rcu: 0 });
      e.requests++;
      e.wcu += r.wcu ?? 0;
      e.rcu += r.rcu ?? 0;
    }
  }
  // A failed conditional write costs at least one write unit on AWS.
  wcu += failedConditional;
  const calls = w.wecomCalls.filter((c) => inWindow(w, c.at));
  const wecomByPath: Record<string, number> = {};
  for (const c of calls) add(wecomByPath, c.path);
  const logBytes = w.logLines.filter((l) => inWindow(w, l.t)).reduce((s, l) => s + l.bytes, 0) + invocations.length * PLATFORM_LOG_BYTES_PER_INVOCATION;
  const per = (x: number) => x / n;
  const perRecord = <T extends Record<string, number>>(r: T) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, per(v)]));
  return {
    invocations: per(invocations.length),
    gbSeconds: per(gbSeconds),
    meanDurationMs: invocations.length ? invocations.reduce((s, i) => s + i.ms, 0) / invocations.length : 0,
    httpRequests: w.httpRequestsPerEvent,
    sqsRequests: per(sqs),
    sqsByAction: perRecord(sqsByAction),
    dynamoRequests: per(ddb),
    dynamoWriteUnits: per(wcu),
    dynamoReadUnits: per(rcu),
    dynamoGsiUnits: per(gsi),
    failedConditionalWrites: per(failedConditional),
    dynamoByOp: Object.fromEntries(Object.entries(dynamoByOp).map(([k, v]) => [k, { requests: per(v.requests), wcu: per(v.wcu), rcu: per(v.rcu) }])),
    wecomCalls: per(calls.length),
    wecomByPath: perRecord(wecomByPath),
    logBytes: per(logBytes),
  };
}

export interface PriceBreakdown {
  lambda: number;
  httpApi: number;
  sqs: number;
  dynamodb: number;
  logs: number;
  total: number;
}

const GB = 1024 ** 3;

/** $ per million events of these counts. */
export function usdPerMillion(c: EventCounts, p: Prices): PriceBreakdown {
  const lambda = c.invocations * p.lambda.usdPerMillionRequests + c.gbSeconds * p.lambda.usdPerGbSecond * 1e6;
  const httpApi = c.httpRequests * p.httpApi.usdPerMillionRequests;
  const sqs = c.sqsRequests * p.sqs.usdPerMillionRequests;
  const dynamodb = c.dynamoWriteUnits * p.dynamodb.usdPerMillionWriteUnits + c.dynamoReadUnits * p.dynamodb.usdPerMillionReadUnits;
  const logs = ((c.logBytes * 1e6) / GB) * p.cloudwatch.logsUsdPerGbIngested;
  return { lambda, httpApi, sqs, dynamodb, logs, total: lambda + httpApi + sqs + dynamodb + logs };
}

// ---- idle cost of a packaged template ------------------------------------------------------------------

export interface TemplateLike {
  Resources: Record<string, { Type: string; Properties?: Record<string, unknown>; Condition?: string }>;
}

/** What one run of a schedule costs when there is nothing to do (measured on the local stack, or a default). */
export interface IdleRun {
  durationMs: number;
  readUnits: number;
  writeUnits: number;
  logBytes: number;
}

export interface IdleLine {
  item: string;
  count: number;
  usdPerMonth: number;
  detail: string;
}

const MINUTES_PER_MONTH = 30 * 24 * 60;

/** Runs per month of `rate(N unit)` (cron: once a day, the only cron form the template uses; else undefined). */
export function runsPerMonth(expression: string): number | undefined {
  const m = /^rate\((\d+) (minute|hour|day)s?\)$/.exec(expression.trim());
  if (m) return MINUTES_PER_MONTH / (Number(m[1]) * { minute: 1, hour: 60, day: 1440 }[m[2] as 'minute' | 'hour' | 'day']);
  if (/^cron\(\S+ \S+ \* \* \? \*\)$/.test(expression.trim())) return 30;
  return undefined;
}

/** The logical id a CloudFormation value points at (`Fn::GetAtt: [Id, Arn]`, `Fn::GetAtt: Id.Arn`, `Ref: Id`). */
function refOf(v: unknown): string | undefined {
  if (!v || typeof v !== 'object') return undefined;
  const o = v as Record<string, unknown>;
  const att = o['Fn::GetAtt'];
  if (Array.isArray(att)) return String(att[0]);
  if (typeof att === 'string') return att.split('.')[0];
  if (typeof o.Ref === 'string') return o.Ref;
  return undefined;
}

/**
 * Monthly cost of a deployment that receives no events: schedules (runs × an idle run), Lambda's polling of
 * every SQS event source mapping, alarms, KMS keys, dashboards beyond the free ones, and the idle runs' logs
 * (ingested and kept a month). NAT is an option on top (natOptions).
 */
export function idleCost(t: TemplateLike, p: Prices, idleRun: (functionLogicalId: string) => IdleRun): { lines: IdleLine[]; total: number } {
  const res = t.Resources;
  const of = (type: string) => Object.entries(res).filter(([, r]) => r.Type === type);
  const lines: IdleLine[] = [];
  let scheduleUsd = 0;
  let scheduleRuns = 0;
  let logBytes = 0;
  for (const [, rule] of [...of('AWS::Events::Rule'), ...of('AWS::Scheduler::Schedule')]) {
    const runs = runsPerMonth(String(rule.Properties?.ScheduleExpression ?? ''));
    if (runs === undefined) continue;
    const targets = (rule.Properties?.Targets as Array<{ Arn?: unknown }> | undefined) ?? [rule.Properties?.Target as { Arn?: unknown }];
    for (const target of targets) {
      const fnId = refOf(target?.Arn);
      const fn = fnId ? res[fnId] : undefined;
      if (!fnId || fn?.Type !== 'AWS::Lambda::Function') continue;
      const memGb = Number(fn.Properties?.MemorySize ?? 1024) / 1024;
      const run = idleRun(fnId);
      scheduleRuns += runs;
      logBytes += runs * run.logBytes;
      scheduleUsd +=
        runs *
        (p.lambda.usdPerMillionRequests / 1e6 +
          memGb * (Math.ceil(run.durationMs) / 1000) * p.lambda.usdPerGbSecond +
          (run.readUnits * p.dynamodb.usdPerMillionReadUnits + run.writeUnits * p.dynamodb.usdPerMillionWriteUnits) / 1e6);
    }
  }
  lines.push({ item: 'schedules', count: scheduleRuns, usdPerMonth: scheduleUsd, detail: `${Math.round(scheduleRuns).toLocaleString('en')} runs/month` });
  const esm = of('AWS::Lambda::EventSourceMapping').filter(([, r]) => {
    const arn = JSON.stringify(r.Properties?.EventSourceArn ?? '');
    return arn.includes('Queue') || arn.includes(':sqs:');
  });
  const receives = esm.length * p.sqsIdlePolling.pollersPerEventSourceMapping * p.sqsIdlePolling.receivesPerPollerPerMinute * MINUTES_PER_MONTH;
  lines.push({
    item: 'SQS polling (event source mappings)',
    count: esm.length,
    usdPerMonth: (receives / 1e6) * p.sqs.usdPerMillionRequests,
    detail: `${receives.toLocaleString('en')} ReceiveMessage/month`,
  });
  const alarms = of('AWS::CloudWatch::Alarm').length + of('AWS::CloudWatch::CompositeAlarm').length;
  lines.push({ item: 'alarms', count: alarms, usdPerMonth: alarms * p.cloudwatch.alarmUsdPerMonth, detail: `$${p.cloudwatch.alarmUsdPerMonth} each` });
  const keys = of('AWS::KMS::Key').length;
  lines.push({ item: 'KMS keys', count: keys, usdPerMonth: keys * p.kms.keyUsdPerMonth, detail: `$${p.kms.keyUsdPerMonth} each` });
  const dashboards = of('AWS::CloudWatch::Dashboard').length;
  lines.push({
    item: 'dashboards',
    count: dashboards,
    usdPerMonth: Math.max(0, dashboards - p.cloudwatch.freeDashboards) * p.cloudwatch.dashboardUsdPerMonth,
    detail: `first ${p.cloudwatch.freeDashboards} free`,
  });
  const logGb = logBytes / GB;
  lines.push({
    item: 'logs of idle runs',
    count: Math.round(logBytes),
    usdPerMonth: logGb * (p.cloudwatch.logsUsdPerGbIngested + p.cloudwatch.logsUsdPerGbMonthStored),
    detail: `${(logBytes / 1024 ** 2).toFixed(1)} MiB/month ingested and stored`,
  });
  return { lines, total: lines.reduce((s, l) => s + l.usdPerMonth, 0) };
}

/** The egress options' monthly cost on top of the idle cost (hours only; traffic is per GB). */
export function natOptions(p: Prices): IdleLine[] {
  const hours = MINUTES_PER_MONTH / 60;
  return [
    {
      item: 'egress nat-gateway',
      count: 1,
      usdPerMonth: hours * (p.nat.gatewayUsdPerHour + p.nat.publicIpv4UsdPerHour),
      detail: `+ $${p.nat.gatewayUsdPerGb}/GB`,
    },
  ];
}

// ---- the result file -----------------------------------------------------------------------------------

export interface CostResult {
  events: Record<
    EventType,
    { usdPerMillion: number; dynamoWriteUnits: number; dynamoReadUnits: number; sqsRequests: number; invocations: number; wecomCalls: number }
  >;
  idleUsdPerMonth: number;
}

const round = (x: number, digits = 2) => Math.round(x * 10 ** digits) / 10 ** digits;

export function costResult(counts: Record<EventType, EventCounts>, p: Prices, idleUsdPerMonth: number): CostResult {
  const events = Object.fromEntries(
    EVENT_TYPES.map((e) => {
      const c = counts[e];
      return [
        e,
        {
          usdPerMillion: round(usdPerMillion(c, p).total),
          dynamoWriteUnits: round(c.dynamoWriteUnits),
          dynamoReadUnits: round(c.dynamoReadUnits),
          sqsRequests: round(c.sqsRequests),
          invocations: round(c.invocations),
          wecomCalls: round(c.wecomCalls),
        },
      ];
    }),
  ) as CostResult['events'];
  return { events, idleUsdPerMonth: round(idleUsdPerMonth) };
}

/** PASS/FAIL per target (a missed target is reported, not an exit code). */
export function targetLines(r: CostResult): Array<{ name: string; value: number; target: number; pass: boolean }> {
  return [
    ...EVENT_TYPES.map((e) => ({ name: `${e} $/M`, value: r.events[e].usdPerMillion, target: TARGETS[e], pass: r.events[e].usdPerMillion <= TARGETS[e] })),
    { name: 'idle $/month', value: r.idleUsdPerMonth, target: TARGETS.idle, pass: r.idleUsdPerMonth <= TARGETS.idle },
  ];
}
