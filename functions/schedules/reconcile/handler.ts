// Reconcile schedule (EventBridge, every 5 minutes; tenants' markers are due at 01:10 Asia/Shanghai): wiring only.
import middy from '@middy/core';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { reconcileContext } from '../../../shared/aws/reconcile-context';
import { logger } from '../../../shared/observability';
import { runReconcile } from './run-reconcile';

const deps = reconcileContext();

const run = async () => {
  const report = await runReconcile(deps, { nowMs: Date.now() });
  if (report.failed.length > 0) logger.warn('reconcile failures', { failed: report.failed });
  if (report.due > 0) logger.info('reconciles run', { ...report, failed: report.failed.length });
  return report;
};

export const handler = middy(run).use(injectLambdaContext(logger, { resetKeys: true }));
