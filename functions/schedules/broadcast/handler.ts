// Broadcast schedule (EventBridge, every minute): wiring only.
import middy from '@middy/core';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { outreachContext } from '../../../shared/aws/outreach-context';
import { logger } from '../../../shared/observability';
import { runBroadcasts } from './run-broadcasts';

const deps = outreachContext();

const run = async () => {
  const report = await runBroadcasts(deps, { nowMs: Date.now() });
  if (report.failed.length > 0) logger.warn('broadcast failures', { failed: report.failed });
  if (report.due > 0) logger.info('broadcasts run', { ...report, failed: report.failed.length });
  return report;
};

export const handler = middy(run).use(injectLambdaContext(logger, { resetKeys: true }));
