// Channel-review schedule (EventBridge, every minute): wiring only.
import middy from '@middy/core';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { channelContext } from '../../../shared/aws/channel-context';
import { wecomContext } from '../../../shared/aws/wecom-context';
import { logger } from '../../../shared/observability';
import { reviewChannels } from './review-channels';

const ctx = wecomContext();
const deps = { ...ctx, ...channelContext(ctx.doc, ctx.tableName) };

const review = async () => {
  const report = await reviewChannels(deps);
  if (report.failed.length > 0) logger.warn('channel review failures', { failed: report.failed });
  if (report.due > 0) logger.info('channels reviewed', { ...report, failed: report.failed.length });
  return report;
};

export const handler = middy(review).use(injectLambdaContext(logger, { resetKeys: true }));
