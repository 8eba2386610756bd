// The consumer's operational metrics (EMF): one blob per invocation with only the counts that are not zero,
// since every zero is log bytes in every invocation (issue #19).
import { integrationWorld } from '../../test/support/integration-world';
import { lambdaContext } from '../../test/support/lambda-context';
import { queueMessage, sqsEvent } from '../../test/support/queue-messages';
import { cloudWatchMetrics } from '../observability';
import { makeSqsConsumer } from './consume';

const world = integrationWorld();
afterAll(() => world.close());
afterEach(() => jest.restoreAllMocks());

/** The metrics each published blob held, blob by blob. */
function recordBlobs(): Array<Record<string, number>> {
  const blobs: Array<Record<string, number>> = [];
  let current: Record<string, number> = {};
  jest.spyOn(cloudWatchMetrics, 'addDimension').mockImplementation(() => cloudWatchMetrics);
  jest.spyOn(cloudWatchMetrics, 'addMetric').mockImplementation((name, _unit, value) => {
    current[name] = value;
    return cloudWatchMetrics;
  });
  jest.spyOn(cloudWatchMetrics, 'publishStoredMetrics').mockImplementation(() => {
    blobs.push(current);
    current = {};
    return cloudWatchMetrics;
  });
  return blobs;
}

const message = () => queueMessage({ type: 'change_external_contact.del_follow_user', event: { UserID: 'zhangsan', ExternalUserID: 'wmcustomer' } });

it('publishes only the counts that are not zero, once per invocation', async () => {
  const blobs = recordBlobs();
  const consume = makeSqsConsumer({ concern: 'audit', handle: async () => 'applied', persistenceStore: world.idempotency() });
  await consume(sqsEvent([message(), message()]), lambdaContext());
  expect(blobs).toEqual([{ EventsApplied: 2 }]);
});

it('counts a failed record beside the applied ones, and nothing for an empty batch', async () => {
  const blobs = recordBlobs();
  const bad = message();
  const consume = makeSqsConsumer({
    concern: 'audit',
    handle: async (m) => {
      if (m.eventKey === bad.eventKey) throw new Error('transient');
      return 'applied';
    },
    persistenceStore: world.idempotency(),
  });
  await consume(sqsEvent([bad, message()]), lambdaContext());
  await consume({ Records: [] }, lambdaContext());
  expect(blobs).toEqual([{ EventsApplied: 1, EventsFailed: 1 }]);
});
