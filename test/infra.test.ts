// infra/ and serverless.yml mirror the fan-out table and the key builders (docs/architecture.md#consumers, docs/architecture.md#single-table, docs/architecture.md#declarative-infra).
import { CONCERNS, concernQueueEnv, concernResourceName, subscribedTypes, concernsFor } from '../shared/domain/fanout';
import { readResources, readYaml, sqsConsumers } from '../scripts/local/infra';

const vars = { 'self:custom.queuePrefix': 'p', 'self:custom.tableName': 't', 'self:custom.idempotencyTableName': 'i' };
const queues = readResources('queues.yml', vars);
const alarms = readResources('alarms.yml', vars);
const tables = readResources('dynamodb.yml', vars);
type Fn = { timeout?: number; events?: Array<{ sqs?: Record<string, unknown> }> };
const sls = readYaml('serverless.yml') as { provider: { environment: Record<string, unknown> }; functions: Record<string, Fn> };

describe('infra mirrors the fan-out table', () => {
  it.each(CONCERNS)('%s has a queue with a DLQ (3–5 receives), and alarms on DLQ depth and message age', (concern) => {
    const n = concernResourceName(concern);
    const q = queues[`${n}Queue`]?.Properties as { RedrivePolicy: { deadLetterTargetArn: unknown; maxReceiveCount: number } };
    expect(q.RedrivePolicy.deadLetterTargetArn).toEqual({ 'Fn::GetAtt': `${n}Dlq.Arn` });
    expect(q.RedrivePolicy.maxReceiveCount).toBeGreaterThanOrEqual(3);
    expect(q.RedrivePolicy.maxReceiveCount).toBeLessThanOrEqual(5);
    expect(queues[`${n}Dlq`]?.Type).toBe('AWS::SQS::Queue');
    expect(alarms[`${n}DlqDepthAlarm`]?.Type).toBe('AWS::CloudWatch::Alarm');
    expect(alarms[`${n}AgeAlarm`]?.Type).toBe('AWS::CloudWatch::Alarm');
    expect(sls.provider.environment[concernQueueEnv(concern)]).toBeDefined();
  });

  it('declares no queue that is not a concern', () => {
    const names = Object.keys(queues).map((k) => k.replace(/(Queue|Dlq)$/, ''));
    expect(new Set(names)).toEqual(new Set(CONCERNS.map(concernResourceName)));
  });

  it('routes every subscribed type to at least one concern', () => {
    for (const t of subscribedTypes()) expect(concernsFor(t).length).toBeGreaterThan(0);
  });
});

describe('consumer functions', () => {
  const consumers = sqsConsumers();
  it('exist for the relationship concern at least', () => {
    expect(consumers.Relationship).toBe('relationship');
  });
  it.each(Object.entries(consumers))('%s: partial batch failures, explicit batching, visibility ≥ 6× timeout + window', (res, fn) => {
    const def = sls.functions[fn]!;
    const sqs = def.events!.find((e) => e.sqs)!.sqs!;
    expect(sqs.functionResponseType).toBe('ReportBatchItemFailures');
    expect(sqs.batchSize).toEqual(expect.any(Number));
    expect(sqs.maximumBatchingWindow).toEqual(expect.any(Number));
    const visibility = (queues[`${res}Queue`]?.Properties as { VisibilityTimeout: number }).VisibilityTimeout;
    expect(visibility).toBeGreaterThanOrEqual(6 * (def.timeout ?? 10) + Number(sqs.maximumBatchingWindow ?? 0));
  });
});

describe('the table matches shared/db/keys.ts', () => {
  it('has pk/sk, GSI gsi1 on gsi1pk/gsi1sk and TTL on ttl', () => {
    const p = tables.Table!.Properties as {
      KeySchema: Array<{ AttributeName: string }>;
      GlobalSecondaryIndexes: Array<{ IndexName: string; KeySchema: Array<{ AttributeName: string }> }>;
      TimeToLiveSpecification: { AttributeName: string };
      PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: boolean };
    };
    expect(p.KeySchema.map((k) => k.AttributeName)).toEqual(['pk', 'sk']);
    expect(p.GlobalSecondaryIndexes.map((g) => [g.IndexName, ...g.KeySchema.map((k) => k.AttributeName)])).toEqual([['gsi1', 'gsi1pk', 'gsi1sk']]);
    expect(p.TimeToLiveSpecification.AttributeName).toBe('ttl');
    expect(p.PointInTimeRecoverySpecification.PointInTimeRecoveryEnabled).toBe(true);
  });
});
