// Rollup schedule (EventBridge, every 5 minutes; tenants' markers are due at 00:30 Asia/Shanghai): wiring only.
import middy from '@middy/core';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { rollupContext } from '../../../shared/aws/metrics-context';
import { logger } from '../../../shared/observability';
import { runRollup } from './run-rollup';

const deps = rollupContext();

const run = async () => {
  const report = await runRollup(deps, { nowMs: Date.now() });
  if (report.failed.length > 0) logger.warn('rollup failures', { failed: report.failed });
  if (report.due > 0) logger.info('rollups run', { ...report, failed: report.failed.length });
  return report;
};

export const handler = middy(run).use(injectLambdaContext(logger, { resetKeys: true }));
