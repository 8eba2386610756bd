// Channel-review schedule (EventBridge, every minute): wiring only.
import middy from '@middy/core';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { wecomContext } from '../../../shared/aws/wecom-context';
import { DynamoChannelActivityStore } from '../../../shared/db/channel-activity-repository';
import { DynamoChannelStore } from '../../../shared/db/channel-repository';
import { DynamoLeaseStore } from '../../../shared/db/lease-repository';
import { logger } from '../../../shared/observability';
import { reviewChannels } from './review-channels';

const ctx = wecomContext();
const deps = {
  ...ctx,
  channels: new DynamoChannelStore(ctx.doc, ctx.tableName),
  activity: new DynamoChannelActivityStore(ctx.doc, ctx.tableName),
  leases: new DynamoLeaseStore(ctx.doc, ctx.tableName),
  nowMs: Date.now,
  sleep: (ms: number) => new Promise<void>((r) => setTimeout(r, ms)),
};

const review = async () => {
  const report = await reviewChannels(deps);
  if (report.failed.length > 0) logger.warn('channel review failures', { failed: report.failed });
  if (report.due > 0) logger.info('channels reviewed', { ...report, failed: report.failed.length });
  return report;
};

export const handler = middy(review).use(injectLambdaContext(logger, { resetKeys: true }));
