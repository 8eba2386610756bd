// The one shape of every SQS consumer (style rule 9): zod-validated body, partial batch failure,
// idempotency per (concern, eventKey) in DynamoDB (Powertools), structured logs with tenant/event keys.
// Errors are rethrown so the record is retried and, after maxReceiveCount, lands in the DLQ.
import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import { IdempotencyConfig, makeIdempotent } from '@aws-lambda-powertools/idempotency';
import type { BasePersistenceLayer } from '@aws-lambda-powertools/idempotency/persistence';
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import type { Concern } from '../domain/fanout';
import { ValidationError, isAppError, isRetryable } from '../errors';
import { queueMessageSchema, type QueueMessage } from '../events/queue-message.schema';
import { logger } from '../observability';

export type Outcome = 'applied' | 'stale' | 'ignored';

export interface ConsumerOptions {
  concern: Concern;
  handle: (message: QueueMessage) => Promise<Outcome>;
  persistenceStore: BasePersistenceLayer;
  /** How long a processed (concern, event) is remembered; replays inside it change nothing. */
  rememberSeconds?: number;
}

function parseBody(body: string): QueueMessage {
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    throw new ValidationError('queue message is not JSON');
  }
  const parsed = queueMessageSchema.safeParse(json);
  if (!parsed.success) throw new ValidationError('queue message does not match its schema', { details: parsed.error.issues });
  return parsed.data;
}

export function makeSqsConsumer(options: ConsumerOptions) {
  const { concern } = options;
  const config = new IdempotencyConfig({
    eventKeyJmesPath: 'eventKey',
    expiresAfterSeconds: options.rememberSeconds ?? 35 * 86_400,
    throwOnNoIdempotencyKey: true,
  });
  const once = makeIdempotent(async (message: QueueMessage) => ({ outcome: await options.handle(message) }), {
    persistenceStore: options.persistenceStore,
    config,
    keyPrefix: `siyu.${concern}`,
  });
  const processor = new BatchProcessor(EventType.SQS);

  const recordHandler = async (record: SQSRecord) => {
    const base = { concern, messageId: record.messageId };
    let message: QueueMessage;
    try {
      message = parseBody(record.body);
    } catch (e) {
      logger.error('rejected queue message', { ...base, reason: (e as Error).message });
      throw e;
    }
    const keys = { ...base, tenantId: message.corpId, eventKey: message.eventKey, eventType: message.type };
    try {
      const { outcome } = await once(message);
      logger.info('event handled', { ...keys, outcome });
      return outcome;
    } catch (e) {
      const log = isRetryable(e) ? logger.warn.bind(logger) : logger.error.bind(logger);
      log('event failed', { ...keys, code: isAppError(e) ? e.code : (e as Error).name, error: (e as Error).message });
      throw e;
    }
  };

  return async (event: SQSEvent, context: Context): Promise<SQSBatchResponse> => {
    config.registerLambdaContext(context);
    return processPartialResponse(event, recordHandler, processor, { context });
  };
}
