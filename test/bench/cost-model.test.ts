// The cost benchmark's pure parts (bench/cost-model.ts) and the trace's capacity reading (shared/aws/cost-trace.ts),
// with fixed inputs: attribution to a window, pricing, the idle cost of a small template.
import {
  attribute,
  costResult,
  EVENT_TYPES,
  idleCost,
  parseInvocationLine,
  PLATFORM_LOG_BYTES_PER_INVOCATION,
  runsPerMonth,
  targetLines,
  usdPerMillion,
} from '../../bench/cost-model';
import type { EventCounts, Prices, TemplateLike, Window } from '../../bench/cost-model';
import prices from '../../bench/prices-us-east-1.json';
import { consumedUnits } from '../../shared/aws/cost-trace';

const p = prices as Prices;

describe('consumedUnits', () => {
  it('reads write units of a write and read units of a read when only CapacityUnits is given', () => {
    expect(consumedUnits('PutItem', { CapacityUnits: 2 })).toEqual({ wcu: 2, rcu: 0, gsiUnits: 0 });
    expect(consumedUnits('Query', { CapacityUnits: 0.5 })).toEqual({ wcu: 0, rcu: 0.5, gsiUnits: 0 });
  });
  it('sums a list (transactions, batches) and keeps the index share apart', () => {
    const out = consumedUnits('TransactWriteItems', [
      { CapacityUnits: 4, WriteCapacityUnits: 4, GlobalSecondaryIndexes: { GSI1: { CapacityUnits: 2 } } },
      { CapacityUnits: 2, WriteCapacityUnits: 2 },
    ]);
    expect(out).toEqual({ wcu: 6, rcu: 0, gsiUnits: 2 });
  });
  it('is zero when nothing was reported', () => {
    expect(consumedUnits('GetItem', undefined)).toEqual({ wcu: 0, rcu: 0, gsiUnits: 0 });
  });
});

describe('parseInvocationLine', () => {
  it("reads serverless-offline's duration line and nothing else", () => {
    expect(parseInvocationLine('(λ: relationship) RequestId: 3f1a-22  Duration: 41.27 ms  Billed Duration: 42 ms')).toEqual({ fn: 'relationship', ms: 41.27 });
    expect(parseInvocationLine('POST /wecom/{corpId}/callback (λ: wecomCallback)')).toBeUndefined();
  });
});

const window = (over: Partial<Window> = {}): Window => ({
  from: 1000,
  to: 2000,
  events: 2,
  httpRequestsPerEvent: 1,
  trace: [
    { t: 1100, pid: 1, fn: 'siyu-local-relationship', service: 'dynamodb', op: 'PutItem', wcu: 2, rcu: 0, gsiUnits: 1 },
    { t: 1200, pid: 1, fn: 'siyu-local-relationship', service: 'dynamodb', op: 'UpdateItem', wcu: 0, rcu: 0, error: 'ConditionalCheckFailedException' },
    { t: 1300, pid: 1, fn: 'siyu-local-greeting', service: 'dynamodb', op: 'GetItem', wcu: 0, rcu: 0.5 },
    { t: 1400, pid: 2, service: 'sqs', op: 'ReceiveMessage', messages: 2 },
    { t: 1450, pid: 2, service: 'sqs', op: 'ReceiveMessage', messages: 0 },
    { t: 1500, pid: 2, service: 'sqs', op: 'DeleteMessageBatch' },
    { t: 1600, pid: 1, fn: 'siyu-local-wecomCallback', service: 'sqs', op: 'SendMessageBatch' },
    // a schedule's read, a read outside any function (the puller), and one outside the window
    { t: 1700, pid: 1, fn: 'siyu-local-scheduleSop', service: 'dynamodb', op: 'Query', rcu: 10 },
    { t: 1750, pid: 2, service: 'dynamodb', op: 'GetItem', rcu: 3 },
    { t: 2500, pid: 1, fn: 'siyu-local-relationship', service: 'dynamodb', op: 'PutItem', wcu: 100 },
  ],
  invocations: [
    { t: 1050, fn: 'wecomCallback', ms: 9.2 },
    { t: 1350, fn: 'relationship', ms: 99.5 },
    { t: 1360, fn: 'scheduleSop', ms: 500 },
    { t: 2600, fn: 'relationship', ms: 10 },
  ],
  logLines: [
    { t: 1100, bytes: 400 },
    { t: 3000, bytes: 999 },
  ],
  wecomCalls: [
    { at: 1200, path: '/cgi-bin/externalcontact/get' },
    { at: 1300, path: '/cgi-bin/externalcontact/get' },
    { at: 900, path: '/cgi-bin/gettoken' },
  ],
  ...over,
});

const options = { memoryMb: { wecomCallback: 1024 }, defaultMemoryMb: 512, excludeFunctions: new Set(['scheduleSop']) };

describe('attribute', () => {
  const c = attribute(window(), options);
  it('counts per event what happened in the window, without schedules, idle polls or work outside functions', () => {
    expect(c.invocations).toBe(1); // 2 of 4 in the window (the schedule excluded) / 2 events
    expect(c.sqsRequests).toBe(1.5); // receive with messages, delete, send; not the empty poll
    expect(c.sqsByAction).toEqual({ ReceiveMessage: 0.5, DeleteMessageBatch: 0.5, SendMessageBatch: 0.5 });
    expect(c.dynamoRequests).toBe(1.5);
    expect(c.dynamoReadUnits).toBe(0.25);
    expect(c.dynamoGsiUnits).toBe(0.5);
    expect(c.wecomCalls).toBe(1);
    expect(c.wecomByPath).toEqual({ '/cgi-bin/externalcontact/get': 1 });
  });
  it('charges a failed conditional write one write unit', () => {
    expect(c.failedConditionalWrites).toBe(0.5);
    expect(c.dynamoWriteUnits).toBe(1.5); // (2 + 1) / 2
  });
  it('bills durations rounded up to the ms at each function’s memory', () => {
    // callback 1 GB × 0.010 s + relationship 0.5 GB × 0.100 s, over 2 events
    expect(c.gbSeconds).toBeCloseTo((1 * 0.01 + 0.5 * 0.1) / 2, 10);
  });
  it('adds the platform lines of each invocation to the function output', () => {
    expect(c.logBytes).toBe((400 + 2 * PLATFORM_LOG_BYTES_PER_INVOCATION) / 2);
  });
});

const counts = (over: Partial<EventCounts> = {}): EventCounts => ({
  invocations: 4,
  gbSeconds: 0.2,
  meanDurationMs: 50,
  httpRequests: 1,
  sqsRequests: 9,
  sqsByAction: {},
  dynamoRequests: 20,
  dynamoWriteUnits: 32,
  dynamoReadUnits: 6,
  dynamoGsiUnits: 0,
  failedConditionalWrites: 0,
  dynamoByOp: {},
  wecomCalls: 4,
  wecomByPath: {},
  logBytes: 4096,
  ...over,
});

describe('usdPerMillion', () => {
  it('prices each service at the list prices of the table', () => {
    const b = usdPerMillion(counts(), p);
    expect(b.lambda).toBeCloseTo(4 * 0.2 + 0.2 * 0.0000133334 * 1e6, 6);
    expect(b.httpApi).toBe(1);
    expect(b.sqs).toBeCloseTo(9 * 0.4, 10);
    expect(b.dynamodb).toBeCloseTo(32 * 0.625 + 6 * 0.125, 10);
    expect(b.logs).toBeCloseTo(((4096 * 1e6) / 1024 ** 3) * 0.5, 10);
    expect(b.total).toBeCloseTo(b.lambda + b.httpApi + b.sqs + b.dynamodb + b.logs, 10);
  });
});

describe('costResult and targets', () => {
  it('writes every event type in the shape of bench/results/cost.json and says PASS or FAIL per target', () => {
    const all = Object.fromEntries(
      EVENT_TYPES.map((e) => [
        e,
        counts(e === 'unhandled' ? { invocations: 1, sqsRequests: 0, dynamoWriteUnits: 2, dynamoReadUnits: 0, gbSeconds: 0.001 } : {}),
      ]),
    );
    const r = costResult(all as Record<(typeof EVENT_TYPES)[number], EventCounts>, p, 4.2);
    expect(Object.keys(r.events)).toEqual([...EVENT_TYPES]);
    expect(Object.keys(r.events.add).sort()).toEqual(['dynamoReadUnits', 'dynamoWriteUnits', 'invocations', 'sqsRequests', 'usdPerMillion', 'wecomCalls']);
    expect(r.idleUsdPerMonth).toBe(4.2);
    const lines = Object.fromEntries(targetLines(r).map((t) => [t.name, t.pass]));
    expect(lines['add $/M']).toBe(false); // 32 write units alone are $20/M
    expect(lines['idle $/month']).toBe(true);
  });
});

describe('idle cost', () => {
  it('runs per month of rate() and daily cron expressions', () => {
    expect(runsPerMonth('rate(1 minute)')).toBe(43_200);
    expect(runsPerMonth('rate(5 minutes)')).toBe(8_640);
    expect(runsPerMonth('rate(1 day)')).toBe(30);
    expect(runsPerMonth('cron(30 16 * * ? *)')).toBe(30);
    expect(runsPerMonth('cron(0/5 * ? * MON-FRI *)')).toBeUndefined();
  });

  const template: TemplateLike = {
    Resources: {
      SopLambdaFunction: { Type: 'AWS::Lambda::Function', Properties: { MemorySize: 512 } },
      SopRule: {
        Type: 'AWS::Events::Rule',
        Properties: { ScheduleExpression: 'rate(1 minute)', Targets: [{ Arn: { 'Fn::GetAtt': ['SopLambdaFunction', 'Arn'] } }] },
      },
      RelMapping: { Type: 'AWS::Lambda::EventSourceMapping', Properties: { EventSourceArn: { 'Fn::GetAtt': ['RelationshipQueue', 'Arn'] } } },
      A1: { Type: 'AWS::CloudWatch::Alarm' },
      A2: { Type: 'AWS::CloudWatch::Alarm' },
      Key: { Type: 'AWS::KMS::Key' },
      D: { Type: 'AWS::CloudWatch::Dashboard' },
    },
  };

  it('adds schedules, queue polling, alarms, keys and logs from the template', () => {
    const idle = idleCost(template, p, () => ({ durationMs: 99.2, readUnits: 1, writeUnits: 0, logBytes: 1024 }));
    const by = Object.fromEntries(idle.lines.map((l) => [l.item, l.usdPerMonth]));
    // 43,200 runs × ($0.2/M + 0.5 GB × 0.1 s × GB-s price + 1 read unit)
    expect(by.schedules).toBeCloseTo(43_200 * (0.2e-6 + 0.5 * 0.1 * 0.0000133334 + 0.125e-6), 6);
    // 5 pollers × 3 receives a minute × 43,200 minutes
    expect(by['SQS polling (event source mappings)']).toBeCloseTo(648_000 * 0.4e-6, 8);
    expect(by.alarms).toBeCloseTo(0.2, 10);
    expect(by['KMS keys']).toBe(1);
    expect(by.dashboards).toBe(0); // within the free three
    expect(by['logs of idle runs']).toBeCloseTo(((43_200 * 1024) / 1024 ** 3) * (0.5 + 0.03), 8);
    expect(idle.total).toBeCloseTo(
      idle.lines.reduce((s, l) => s + l.usdPerMonth, 0),
      10,
    );
  });
});
