// The cost trace of `npm run bench -- cost` (bench/cost.bench.ts): when SIYU_COST_TRACE=<file> is set, every AWS SDK
// request of a client is appended to that file as one JSON line (service, operation, consumed DynamoDB capacity,
// SQS messages received), and DynamoDB requests ask for ReturnConsumedCapacity=INDEXES. Unset (production, tests),
// costTraced() returns the client untouched: nothing is registered and nothing is written.
import { appendFileSync } from 'node:fs';

/** One line of the trace file. */
export interface CostTraceRecord {
  /** Epoch ms when the request finished. */
  t: number;
  pid: number;
  /** The Lambda function running when the request was made (serverless-offline in-process: best effort). */
  fn?: string;
  service: string;
  op: string;
  /** DynamoDB: capacity units consumed (table and indexes), as reported by the service. */
  wcu?: number;
  rcu?: number;
  /** DynamoDB: of those, the units of global secondary indexes (INDEXES mode). */
  gsiUnits?: number;
  /** SQS ReceiveMessage: messages returned (0 = an empty poll). */
  messages?: number;
  /** The error's name when the request failed (a failed conditional write still consumes write units on AWS). */
  error?: string;
}

/** DynamoDB operations that accept ReturnConsumedCapacity (client and DocumentClient command names). */
const CAPACITY_OPS = new Set(
  ['GetItem', 'PutItem', 'UpdateItem', 'DeleteItem', 'Query', 'Scan', 'BatchGetItem', 'BatchWriteItem', 'TransactGetItems', 'TransactWriteItems'].concat([
    'Get',
    'Put',
    'Update',
    'Delete',
    'BatchGet',
    'BatchWrite',
    'TransactGet',
    'TransactWrite',
  ]),
);
const WRITE_OPS = new Set([
  'PutItem',
  'UpdateItem',
  'DeleteItem',
  'BatchWriteItem',
  'TransactWriteItems',
  'Put',
  'Update',
  'Delete',
  'BatchWrite',
  'TransactWrite',
]);

interface Capacity {
  CapacityUnits?: number;
  ReadCapacityUnits?: number;
  WriteCapacityUnits?: number;
  GlobalSecondaryIndexes?: Record<string, { CapacityUnits?: number }>;
}

/** Read and write units of a DynamoDB response's ConsumedCapacity (one object or a list, per table). */
export function consumedUnits(op: string, consumed: Capacity | Capacity[] | undefined): { wcu: number; rcu: number; gsiUnits: number } {
  let wcu = 0;
  let rcu = 0;
  let gsiUnits = 0;
  for (const c of consumed === undefined ? [] : Array.isArray(consumed) ? consumed : [consumed]) {
    const total = c.CapacityUnits ?? 0;
    if (c.WriteCapacityUnits !== undefined || c.ReadCapacityUnits !== undefined) {
      wcu += c.WriteCapacityUnits ?? 0;
      rcu += c.ReadCapacityUnits ?? 0;
    } else if (WRITE_OPS.has(op)) wcu += total;
    else rcu += total;
    for (const g of Object.values(c.GlobalSecondaryIndexes ?? {})) gsiUnits += g.CapacityUnits ?? 0;
  }
  return { wcu, rcu, gsiUnits };
}

const opName = (commandName: unknown) => String(commandName ?? 'unknown').replace(/Command$/, '');

interface Stackable {
  middlewareStack: { add(mw: unknown, options: { step: 'initialize'; name: string; priority?: 'low' }): void };
}

/** The client with the cost trace middleware when SIYU_COST_TRACE is set; else the same client, unchanged. */
export function costTraced<C>(client: C, service: string): C {
  const file = process.env.SIYU_COST_TRACE;
  if (!file) return client;
  const write = (r: Omit<CostTraceRecord, 't' | 'pid' | 'fn'>) => {
    const fn = process.env.AWS_LAMBDA_FUNCTION_NAME;
    appendFileSync(file, `${JSON.stringify({ t: Date.now(), pid: process.pid, ...(fn ? { fn } : {}), ...r })}\n`);
  };
  (client as unknown as Stackable).middlewareStack.add(
    (next: (a: { input: Record<string, unknown> }) => Promise<{ output: Record<string, unknown> }>, context: { commandName?: string }) =>
      async (args: { input: Record<string, unknown> }) => {
        const op = opName(context.commandName);
        if (service === 'dynamodb' && CAPACITY_OPS.has(op)) args.input.ReturnConsumedCapacity = 'INDEXES';
        try {
          const result = await next(args);
          const out = result.output;
          if (service === 'dynamodb') write({ service, op, ...consumedUnits(op, out.ConsumedCapacity as Capacity | Capacity[] | undefined) });
          else if (op === 'ReceiveMessage') write({ service, op, messages: (out.Messages as unknown[] | undefined)?.length ?? 0 });
          else write({ service, op });
          return result;
        } catch (e) {
          write({ service, op, error: (e as { name?: string }).name ?? 'Error' });
          throw e;
        }
      },
    { step: 'initialize', name: 'siyuCostTrace' },
  );
  return client;
}
