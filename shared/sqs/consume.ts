// The one shape of every SQS consumer (docs/architecture.md#consumers): zod-validated body, partial batch failure,
// idempotency per (concern, eventKey) in DynamoDB (Powertools) unless the handler's own conditional writes make
// repeats change nothing (ConsumerDedupe), structured logs with corpId/event keys on every line.
// Errors are rethrown so the record is retried and, after maxReceiveCount, lands in the DLQ.
// The body is parsed here, once, into the typed message of its event type (envelope and event schema):
// a body that does not parse is rejected like any malformed one. A type the concern's queue does not
// carry (fanout.ts) is acknowledged as ignored; the handler gets only MessageFor<its concern>.
import { BatchProcessor, EventType, SqsFifoPartialProcessorAsync, processPartialResponse } from '@aws-lambda-powertools/batch';
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { IdempotencyConfig, makeIdempotent } from '@aws-lambda-powertools/idempotency';
import type { BasePersistenceLayer } from '@aws-lambda-powertools/idempotency/persistence';
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { carries, type Concern } from '../domain/fanout';
import { ValidationError, isAppError, isRetryable } from '../errors';
import type { MessageFor, TypedQueueMessage } from '../events/queue-message.schema';
import { readQueueMessage } from '../events/read-queue-message';
import { cloudWatchMetrics, logger, withLogKeys } from '../observability';

export type Outcome = 'applied' | 'stale' | 'ignored';

/**
 * How a repeated (concern, event) changes nothing. Either a Powertools idempotency record per event (two
 * writes each: in progress, then completed), needed where the handler causes a side effect outside our table
 * (a WeCom call, a webhook); or `repeatsChangeNothing`: the handler's own writes are conditional on the event
 * (order-safe snapshots, keyed rows) and a repeat makes no call, said in a sentence (docs/architecture.md#consumers).
 */
export type ConsumerDedupe =
  { persistenceStore: BasePersistenceLayer; repeatsChangeNothing?: never } | { persistenceStore?: never; repeatsChangeNothing: string };

export type ConsumerOptions<C extends Concern> = ConsumerDedupe & {
  concern: C;
  handle: (message: MessageFor<C>) => Promise<Outcome>;
  /** How long a processed (concern, event) is remembered; replays inside it change nothing. */
  rememberSeconds?: number;
  /**
   * For FIFO queues: records are applied one after another in queue order, and after a failure the rest
   * of the batch is reported failed too, so that nothing overtakes it.
   */
  ordered?: boolean;
};

function parseBody(body: string): TypedQueueMessage {
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    throw new ValidationError('queue message is not JSON');
  }
  return readQueueMessage(json);
}

/** Hands a message to a concern's handler when the concern's queue carries its type; else it is ignored. */
export async function handOver<C extends Concern>(
  concern: C,
  handle: (message: MessageFor<C>) => Promise<Outcome>,
  message: TypedQueueMessage,
): Promise<Outcome> {
  return carries(concern, message.type) ? handle(message as MessageFor<C>) : 'ignored';
}

export function makeSqsConsumer<C extends Concern>(options: ConsumerOptions<C>) {
  const { concern } = options;
  const config = new IdempotencyConfig({
    eventKeyJmesPath: 'eventKey',
    expiresAfterSeconds: options.rememberSeconds ?? 35 * 86_400,
    throwOnNoIdempotencyKey: true,
  });
  const apply = async (message: TypedQueueMessage) => ({ outcome: await handOver(concern, options.handle, message) });
  const once = options.persistenceStore ? makeIdempotent(apply, { persistenceStore: options.persistenceStore, config, keyPrefix: `siyu.${concern}` }) : apply;
  const processor = options.ordered ? new SqsFifoPartialProcessorAsync() : new BatchProcessor(EventType.SQS);

  type Tally = Record<Outcome | 'failed', number>;
  // Records of a batch run concurrently: their keys are scoped to each record's async flow (withLogKeys), so every
  // line a record's handling writes carries its own eventKey and corpId and none of another record's.
  const makeRecordHandler = (tally: Tally) => (record: SQSRecord) =>
    withLogKeys({ concern, messageId: record.messageId }, async () => {
      let message: TypedQueueMessage;
      try {
        message = parseBody(record.body);
      } catch (e) {
        logger.error('rejected queue message', { reason: (e as Error).message });
        tally.failed++;
        throw e;
      }
      return withLogKeys({ corpId: message.corpId, eventKey: message.eventKey, eventType: message.type }, async () => {
        try {
          const { outcome } = await once(message);
          logger.info('event handled', { outcome });
          tally[outcome]++;
          return outcome;
        } catch (e) {
          const log = isRetryable(e) ? logger.warn.bind(logger) : logger.error.bind(logger);
          log('event failed', { code: isAppError(e) ? e.code : (e as Error).name, error: (e as Error).message });
          tally.failed++;
          throw e;
        }
      });
    });

  return async (event: SQSEvent, context: Context): Promise<SQSBatchResponse> => {
    config.registerLambdaContext(context);
    const tally: Tally = { applied: 0, stale: 0, ignored: 0, failed: 0 };
    try {
      return await processPartialResponse(event, makeRecordHandler(tally), processor, { context });
    } finally {
      if (event.Records.length > 0) publish(tally);
    }
  };

  /**
   * One business metric (applied) and the stale/ignored/failed counts, per concern; only the counts that are not
   * zero (CloudWatch reads a missing count as none; a zero costs log bytes in every invocation's EMF blob).
   */
  function publish(tally: Tally): void {
    const counts = (
      [
        ['EventsApplied', tally.applied],
        ['EventsStale', tally.stale],
        ['EventsIgnored', tally.ignored],
        ['EventsFailed', tally.failed],
      ] as const
    ).filter(([, n]) => n > 0);
    if (counts.length === 0) return;
    cloudWatchMetrics.addDimension('concern', concern);
    for (const [name, n] of counts) cloudWatchMetrics.addMetric(name, MetricUnit.Count, n);
    cloudWatchMetrics.publishStoredMetrics();
  }
}
