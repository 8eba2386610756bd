// The consumer helper against DynamoDB Local: idempotency per (concern, eventKey), partial batch failure.
import { DynamoDBPersistenceLayer } from '@aws-lambda-powertools/idempotency/dynamodb';
import { makeDynamoClient } from '../aws/clients';
import { lambdaContext } from '../../test/support/lambda-context';
import { queueMessage, sqsEvent } from '../../test/support/queue-messages';
import type { QueueMessage } from '../events/queue-message.schema';
import { makeSqsConsumer, type Outcome } from './consume';

const ddb = makeDynamoClient({ endpoint: process.env.DYNAMODB_ENDPOINT });
const store = () => new DynamoDBPersistenceLayer({ tableName: process.env.IDEMPOTENCY_TABLE_NAME!, awsSdkV3Client: ddb });
afterAll(() => ddb.destroy());

function counting(outcome: (m: QueueMessage) => Promise<Outcome> = async () => 'applied') {
  const seen: string[] = [];
  return { seen, handle: async (m: QueueMessage) => (seen.push(m.eventKey), outcome(m)) };
}

describe('makeSqsConsumer', () => {
  it('applies an event once per concern, across batches and within one batch', async () => {
    // Given a consumer and one event delivered three times (twice in the same batch)
    const c = counting();
    const consume = makeSqsConsumer({ concern: 'audit', handle: c.handle, persistenceStore: store() });
    const m = queueMessage();
    // When
    const first = await consume(sqsEvent([m]), lambdaContext());
    const second = await consume(sqsEvent([m]), lambdaContext());
    // Then the handler ran once and nothing failed
    expect(c.seen).toEqual([m.eventKey]);
    expect(first.batchItemFailures).toEqual([]);
    expect(second.batchItemFailures).toEqual([]);
    // And twice in one batch: the second copy is either answered from the record or retried later
    const n = queueMessage();
    const batch = sqsEvent([n, n]);
    const out = await consume(batch, lambdaContext());
    expect(c.seen.filter((k) => k === n.eventKey)).toHaveLength(1);
    expect(out.batchItemFailures.length).toBeLessThanOrEqual(1);
    await consume(sqsEvent([n]), lambdaContext());
    expect(c.seen.filter((k) => k === n.eventKey)).toHaveLength(1);
  });

  it('keeps concerns apart: the same event is applied once by each concern', async () => {
    const a = counting();
    const b = counting();
    const m = queueMessage();
    await makeSqsConsumer({ concern: 'audit', handle: a.handle, persistenceStore: store() })(sqsEvent([m]), lambdaContext());
    await makeSqsConsumer({ concern: 'greeting', handle: b.handle, persistenceStore: store() })(sqsEvent([m]), lambdaContext());
    expect(a.seen).toEqual([m.eventKey]);
    expect(b.seen).toEqual([m.eventKey]);
  });

  it('reports only the failing record, and a failed record can be retried', async () => {
    // Given a handler that fails once for one event
    const bad = queueMessage();
    const good = queueMessage();
    let failures = 1;
    const c = counting(async (m) => {
      if (m.eventKey === bad.eventKey && failures-- > 0) throw new Error('transient');
      return 'applied';
    });
    const consume = makeSqsConsumer({ concern: 'relationship', handle: c.handle, persistenceStore: store() });
    // When a batch with both arrives
    const event = sqsEvent([good, bad]);
    const out = await consume(event, lambdaContext());
    // Then only the bad one is a batch item failure
    expect(out.batchItemFailures).toEqual([{ itemIdentifier: event.Records[1]!.messageId }]);
    // And its redelivery is applied (the failed attempt left no idempotency record behind)
    const retry = await consume(sqsEvent([bad]), lambdaContext());
    expect(retry.batchItemFailures).toEqual([]);
    expect(c.seen.filter((k) => k === bad.eventKey)).toHaveLength(2);
    expect(c.seen.filter((k) => k === good.eventKey)).toHaveLength(1);
  });

  it('rejects a body that is not a queue message, without calling the handler', async () => {
    const c = counting();
    const consume = makeSqsConsumer({ concern: 'audit', handle: c.handle, persistenceStore: store() });
    const event = sqsEvent(['not json', JSON.stringify({ v: 2 }), queueMessage()]);
    const out = await consume(event, lambdaContext());
    expect(out.batchItemFailures.map((f) => f.itemIdentifier)).toEqual([event.Records[0]!.messageId, event.Records[1]!.messageId]);
    expect(c.seen).toHaveLength(1);
  });
});
