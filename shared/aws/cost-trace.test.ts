// The cost trace middleware (cost-trace.ts): off unless SIYU_COST_TRACE is set; when set, DynamoDB requests ask for
// their consumed capacity and every request becomes one JSON line of the trace file.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DynamoDBClient, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { costTraced } from './cost-trace';

const local = { region: 'ap-east-1', endpoint: 'http://127.0.0.1:9', credentials: { accessKeyId: 'x', secretAccessKey: 'x' } };

/** Answers every request before it is serialised, as DynamoDB would with ConsumedCapacity, and keeps its input. */
function answering(client: DynamoDBClient, output: Record<string, unknown>, seen: Array<Record<string, unknown>>) {
  client.middlewareStack.add(
    () => async (args: { input: object }) => {
      seen.push({ ...(args.input as Record<string, unknown>) });
      return { output: { $metadata: {}, ...output }, response: {} };
    },
    { step: 'serialize', priority: 'high', name: 'testAnswer' },
  );
}

describe('costTraced', () => {
  const saved = process.env.SIYU_COST_TRACE;
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'cost-trace-'))));
  afterEach(() => {
    if (saved === undefined) delete process.env.SIYU_COST_TRACE;
    else process.env.SIYU_COST_TRACE = saved;
    rmSync(dir, { recursive: true, force: true });
  });

  it('registers nothing and leaves requests alone when SIYU_COST_TRACE is unset', async () => {
    delete process.env.SIYU_COST_TRACE;
    const client = costTraced(new DynamoDBClient(local), 'dynamodb');
    expect(client.middlewareStack.identify().some((m) => m.includes('siyuCostTrace'))).toBe(false);
    const seen: Array<Record<string, unknown>> = [];
    answering(client, {}, seen);
    await client.send(new PutItemCommand({ TableName: 't', Item: { pk: { S: 'a' } } }));
    expect(seen[0]!.ReturnConsumedCapacity).toBeUndefined();
  });

  it('asks for INDEXES capacity and writes one line per request with its units', async () => {
    const file = join(dir, 'trace.jsonl');
    process.env.SIYU_COST_TRACE = file;
    const client = costTraced(new DynamoDBClient(local), 'dynamodb');
    const seen: Array<Record<string, unknown>> = [];
    answering(client, { ConsumedCapacity: { TableName: 't', CapacityUnits: 2, GlobalSecondaryIndexes: { GSI1: { CapacityUnits: 1 } } } }, seen);
    await client.send(new PutItemCommand({ TableName: 't', Item: { pk: { S: 'a' } } }));
    expect(seen[0]!.ReturnConsumedCapacity).toBe('INDEXES');
    const lines = readFileSync(file, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines).toEqual([expect.objectContaining({ service: 'dynamodb', op: 'PutItem', wcu: 2, rcu: 0, gsiUnits: 1, pid: process.pid })]);
  });
});
