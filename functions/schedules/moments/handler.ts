// Moments schedule (EventBridge, every minute): wiring only.
import middy from '@middy/core';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { momentsContext } from '../../../shared/aws/moments-context';
import { logger } from '../../../shared/observability';
import { runMoments } from './run-moments';

const deps = momentsContext();

const run = async () => {
  const report = await runMoments(deps, { nowMs: Date.now() });
  if (report.failed.length > 0) logger.warn('moments failures', { failed: report.failed });
  if (report.due > 0) logger.info('moments run', { ...report, failed: report.failed.length });
  return report;
};

export const handler = middy(run).use(injectLambdaContext(logger, { resetKeys: true }));
