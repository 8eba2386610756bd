// The consumer helper against DynamoDB Local: idempotency per (concern, eventKey), partial batch failure.
import { createHash } from 'node:crypto';
import { GetItemCommand } from '@aws-sdk/client-dynamodb';
import { integrationWorld } from '../../test/support/integration-world';
import { lambdaContext } from '../../test/support/lambda-context';
import { queueMessage as anyMessage, sqsEvent } from '../../test/support/queue-messages';
import type { QueueMessage } from '../events/queue-message.schema';
import { makeSqsConsumer, type Outcome } from './consume';

const world = integrationWorld();
const store = () => world.idempotency();
afterAll(() => world.close());

/** A message every concern used below (audit, relationship) carries: a customer deleting a staff member. */
const queueMessage = () => anyMessage({ type: 'change_external_contact.del_follow_user', event: { UserID: 'zhangsan', ExternalUserID: 'wmcustomer' } });

function counting(outcome: (m: QueueMessage) => Promise<Outcome> = async () => 'applied') {
  const seen: string[] = [];
  return { seen, handle: async (m: QueueMessage) => (seen.push(m.eventKey), outcome(m)) };
}

/** Whether Powertools stored a record for (concern, eventKey): its key is `<prefix>#md5(JSON of the key value)`. */
async function hasRecord(concern: string, eventKey: string): Promise<boolean> {
  const id = `siyu.${concern}#${createHash('md5').update(JSON.stringify(eventKey)).digest('base64')}`;
  const { Item } = await world.ddb.send(new GetItemCommand({ TableName: process.env.IDEMPOTENCY_TABLE_NAME!, Key: { id: { S: id } }, ConsistentRead: true }));
  return Item !== undefined;
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

  it('without an idempotency record (repeatsChangeNothing) every delivery reaches the handler and nothing is stored', async () => {
    // Given a consumer whose handler dedupes by its own conditional writes
    const c = counting();
    const consume = makeSqsConsumer({ concern: 'audit', handle: c.handle, repeatsChangeNothing: 'test: the handler dedupes' });
    const m = queueMessage();
    // When one event comes twice
    await consume(sqsEvent([m]), lambdaContext());
    await consume(sqsEvent([m]), lambdaContext());
    // Then the handler saw both (it is what makes the repeat change nothing) and no idempotency record was written,
    // where a consumer with a store (relationship, the control) writes one under Powertools' key
    expect(c.seen).toEqual([m.eventKey, m.eventKey]);
    await makeSqsConsumer({ concern: 'relationship', handle: counting().handle, persistenceStore: store() })(sqsEvent([m]), lambdaContext());
    expect(await hasRecord('relationship', m.eventKey)).toBe(true);
    expect(await hasRecord('audit', m.eventKey)).toBe(false);
  });

  it('keeps concerns apart: the same event is applied once by each concern', async () => {
    const a = counting();
    const b = counting();
    const m = queueMessage();
    await makeSqsConsumer({ concern: 'audit', handle: a.handle, persistenceStore: store() })(sqsEvent([m]), lambdaContext());
    await makeSqsConsumer({ concern: 'relationship', handle: b.handle, persistenceStore: store() })(sqsEvent([m]), lambdaContext());
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

  it('acknowledges a message its queue does not carry as ignored, without calling the handler', async () => {
    // Given the audit consumer and an add event (routed to relationship, auto-accept and greeting only)
    const c = counting();
    const consume = makeSqsConsumer({ concern: 'audit', handle: c.handle, persistenceStore: store() });
    const add = anyMessage({ type: 'change_external_contact.add_external_contact', event: { UserID: 'zhangsan', ExternalUserID: 'wmcustomer' } });
    // When it arrives / Then nothing fails and the handler never sees it
    expect((await consume(sqsEvent([add, queueMessage()]), lambdaContext())).batchItemFailures).toEqual([]);
    expect(c.seen).toHaveLength(1);
  });

  it('rejects a message whose event is not what its type says, like any malformed body', async () => {
    const c = counting();
    const consume = makeSqsConsumer({ concern: 'audit', handle: c.handle, persistenceStore: store() });
    const noCustomer = anyMessage({ type: 'change_external_contact.del_follow_user', event: { UserID: 'zhangsan' } });
    const unknownType = anyMessage({ type: 'change_external_contact.some_future_change' as string, event: { UserID: 'zhangsan', ExternalUserID: 'wm1' } });
    const event = sqsEvent([noCustomer, unknownType, queueMessage()]);
    const out = await consume(event, lambdaContext());
    expect(out.batchItemFailures.map((f) => f.itemIdentifier)).toEqual([event.Records[0]!.messageId, event.Records[1]!.messageId]);
    expect(c.seen).toHaveLength(1);
  });
});
