// The archive puller's composition root (the container's process; main.ts checks the SDK path and loads
// this): configuration, DynamoDB, the secret box (KMS on AWS), the archive queue, S3 for media; per tenant
// a Finance SDK session opened with the tenant's archive secret and cached until that tenant's archive
// secrets change or a pull fails; the loop itself is run-puller.ts. SIGTERM/SIGINT stop it after the batch
// in flight; every SDK session is closed on the way out.
import * as z from 'zod';
import { openArchiveSecrets } from '../../shared/archive/archive-secrets';
import { QueueArchiveFeed } from '../../shared/aws/archive-feed';
import { makeDocumentClient, makeSqsClient } from '../../shared/aws/clients';
import { SqsQueuePublisher } from '../../shared/aws/queue-publisher';
import { makeS3Client, S3BlobStore } from '../../shared/aws/s3-blob-store';
import { systemClock } from '../../shared/clock';
import { loadEnv, optionalMatching, optionalUrl } from '../../shared/config/env';
import { makeSecretBox, secretsEnv, storageEnv } from '../../shared/config/runtime';
import { DynamoArchiveCursorStore } from '../../shared/db/archive-repository';
import { DynamoArchiveSecretsStore } from '../../shared/db/archive-secret-repository';
import { CONCERNS, type Concern } from '../../shared/domain/fanout';
import { FinanceSdkChatSource } from '../../shared/archive/finance-sdk/finance-chat-source';
import { FinanceSdk } from '../../shared/archive/finance-sdk/finance-sdk';
import { logger } from '../../shared/observability';
import type { ChatDataSource } from '../../shared/archive/archive-feed';
import { runPuller } from './run-puller';
import { BlobMediaSink } from './s3-media-sink';

export const pullerEnv = storageEnv.and(secretsEnv).and(
  z.object({
    FINANCE_SDK_LIB: z.string().min(1),
    QUEUE_URL_ARCHIVE: z.url(),
    SQS_ENDPOINT: optionalUrl,
    /** The materials bucket; media go under archive-media/ (unset: media are not fetched). */
    ARCHIVE_MEDIA_BUCKET: optionalMatching(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/),
    S3_ENDPOINT: optionalUrl,
    PULL_INTERVAL_SECONDS: z.coerce.number().int().min(1).max(3600).default(15),
    FINANCE_SDK_TIMEOUT_SECONDS: z.coerce.number().int().min(1).max(60).default(10),
    /** An HTTP proxy for the SDK (the archive's trusted IP can also be reached through one). */
    FINANCE_SDK_PROXY: optionalMatching(/^\S+$/),
    FINANCE_SDK_PROXY_PASSWORD: optionalMatching(/^\S*$/),
  }),
);

const sleep = (ms: number, signal: AbortSignal) =>
  new Promise<void>((resolve) => {
    const t = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
    function done() {
      clearTimeout(t);
      signal.removeEventListener('abort', done);
      resolve();
    }
  });

export async function startPuller(): Promise<void> {
  const env = loadEnv(pullerEnv);
  const doc = makeDocumentClient({ endpoint: env.DYNAMODB_ENDPOINT });
  const secrets = makeSecretBox(env);
  const archiveSecrets = new DynamoArchiveSecretsStore(doc, env.TABLE_NAME);
  const queueUrls = Object.fromEntries(CONCERNS.map((c) => [c, c === 'archive' ? env.QUEUE_URL_ARCHIVE : ''])) as Record<Concern, string>;
  const feed = new QueueArchiveFeed(new SqsQueuePublisher(makeSqsClient({ endpoint: env.SQS_ENDPOINT }), queueUrls), systemClock);
  const blobs = env.ARCHIVE_MEDIA_BUCKET ? new S3BlobStore(makeS3Client({ endpoint: env.S3_ENDPOINT }), env.ARCHIVE_MEDIA_BUCKET) : undefined;

  // One SDK session per tenant, reopened when the tenant's archive secrets change (updatedAt) or after a failure.
  const sessions = new Map<string, { stamp: string; sdk: FinanceSdk; source: ChatDataSource }>();
  const forget = (corpId: string) => {
    sessions.get(corpId)?.sdk.close();
    sessions.delete(corpId);
  };
  const sourceOf = async (corpId: string): Promise<ChatDataSource | undefined> => {
    const record = await archiveSecrets.get(corpId);
    if (!record?.secretEnc) {
      forget(corpId);
      return undefined;
    }
    const cached = sessions.get(corpId);
    if (cached?.stamp === record.updatedAt) return cached.source;
    forget(corpId);
    const opened = await openArchiveSecrets({ archiveSecrets, secrets }, corpId);
    if (!opened) return undefined;
    const sdk = FinanceSdk.open(env.FINANCE_SDK_LIB, corpId, opened.secret);
    const source = new FinanceSdkChatSource({
      sdk,
      corpId,
      keys: { get: (version) => opened.keys.get(version) },
      ...(blobs ? { media: new BlobMediaSink(blobs, corpId) } : {}),
      timeoutSeconds: env.FINANCE_SDK_TIMEOUT_SECONDS,
      ...(env.FINANCE_SDK_PROXY ? { proxy: env.FINANCE_SDK_PROXY, proxyPassword: env.FINANCE_SDK_PROXY_PASSWORD ?? '' } : {}),
    });
    sessions.set(corpId, { stamp: record.updatedAt, sdk, source });
    return source;
  };

  const stop = new AbortController();
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.once(signal, () => {
      logger.info('archive puller stopping after the batch in flight', { signal });
      stop.abort();
    });
  }
  logger.info('archive puller started', { intervalSeconds: env.PULL_INTERVAL_SECONDS, media: Boolean(blobs) });
  try {
    await runPuller(
      {
        clock: systemClock,
        sleep,
        corpIds: () => archiveSecrets.corpIds(),
        sourceOf,
        forget,
        feed,
        cursors: new DynamoArchiveCursorStore(doc, env.TABLE_NAME),
        // One line per failure; infra/archive-puller.yml turns it into the metric ArchivePullFailed (dimension code).
        failed: (corpId, code, error) => logger.error('ArchivePullFailed', { corpId, code, error: (error as Error)?.message ?? String(error) }),
        log: { info: (message, extra) => logger.info(message, extra ?? {}) },
      },
      stop.signal,
      { intervalMs: env.PULL_INTERVAL_SECONDS * 1000 },
    );
  } finally {
    for (const corpId of [...sessions.keys()]) forget(corpId);
  }
}
