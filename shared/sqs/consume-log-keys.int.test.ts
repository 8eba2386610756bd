// Log correlation in the consumer (docs/architecture.md#observability): every line a record's handling writes
// carries that record's eventKey and corpId, records of one batch run concurrently and none leaks its keys into
// another's lines or past the batch. Reads the Powertools JSON lines the handler writes to stdout.
import middy from '@middy/core';
import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { integrationWorld } from '../../test/support/integration-world';
import { lambdaContext } from '../../test/support/lambda-context';
import { queueMessage, sqsEvent } from '../../test/support/queue-messages';
import { lambdaObservability, logger } from '../observability';
import { makeSqsConsumer } from './consume';

const world = integrationWorld();
afterAll(() => world.close());

let lines: Record<string, unknown>[] = [];
let write: jest.SpiedFunction<typeof process.stdout.write>;
beforeEach(() => {
  lines = [];
  logger.setLogLevel('INFO');
  write = jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    for (const l of String(chunk).split('\n')) if (l.trim().startsWith('{')) lines.push(JSON.parse(l) as Record<string, unknown>);
    return true;
  });
});
afterEach(() => {
  write.mockRestore();
  logger.setLogLevel((process.env.LOG_LEVEL ?? 'SILENT') as 'SILENT');
});

/** Resolves once `n` callers arrived: the records of a batch are all inside their handler at the same time. */
function barrier(n: number) {
  let arrived = 0;
  let open!: () => void;
  const all = new Promise<void>((r) => (open = r));
  return async () => {
    if (++arrived === n) open();
    await all;
  };
}

describe('consumer log keys', () => {
  it('gives each record of a batch its own eventKey and corpId on every line, and leaks none after the batch', async () => {
    // Given two records of two tenants whose handling interleaves
    const a = queueMessage({
      corpId: 'wwcorpalpha00001',
      type: 'change_external_contact.del_follow_user',
      event: { UserID: 'zhangsan', ExternalUserID: 'wma' },
    });
    const b = queueMessage({ corpId: 'wwcorpbeta000002', type: 'change_external_contact.del_follow_user', event: { UserID: 'lisi', ExternalUserID: 'wmb' } });
    const together = barrier(2);
    const consume = makeSqsConsumer({
      concern: 'audit',
      persistenceStore: world.idempotency(),
      handle: async (m) => {
        logger.info('handling started', { own: m.eventKey });
        await together();
        logger.info('handling done', { own: m.eventKey });
        return 'applied';
      },
    });
    const handler = middy<SQSEvent, SQSBatchResponse>(consume).use(lambdaObservability());
    // When the batch is handled, then something logs outside any record
    const context = lambdaContext('siyu-test-audit');
    const out = await handler(sqsEvent([a, b]), context);
    logger.info('after the batch');
    // Then both were applied, and every line a record wrote names that record and its tenant
    expect(out.batchItemFailures).toEqual([]);
    const recordLines = lines.filter((l) => typeof l.own === 'string' || l.message === 'event handled');
    expect(recordLines).toHaveLength(6);
    for (const l of recordLines.filter((x) => typeof x.own === 'string')) expect(l.eventKey).toBe(l.own);
    const byKey = new Map([a, b].map((m) => [m.eventKey, m.corpId]));
    for (const l of recordLines) {
      expect(byKey.get(l.eventKey as string)).toBe(l.corpId);
      expect(l).toMatchObject({ concern: 'audit', function_request_id: context.awsRequestId });
    }
    expect(new Set(recordLines.map((l) => l.eventKey))).toEqual(new Set([a.eventKey, b.eventKey]));
    // And nothing of either record is left on a later line
    const after = lines.find((l) => l.message === 'after the batch');
    expect(after).toBeDefined();
    expect(after).not.toHaveProperty('eventKey');
    expect(after).not.toHaveProperty('corpId');
  });
});
