// SOP schedule (EventBridge, every minute): enrolment from the event log and due steps. Wiring only.
import middy from '@middy/core';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { outreachContext } from '../../../shared/aws/outreach-context';
import { logger } from '../../../shared/observability';
import { runSop } from './run-sop';

const deps = outreachContext();

const run = async () => {
  const report = await runSop(deps, { nowMs: Date.now() });
  if (report.failed.length > 0) logger.warn('sop failures', { failed: report.failed });
  if (report.due > 0) logger.info('sop run', { ...report, failed: report.failed.length });
  return report;
};

export const handler = middy(run).use(injectLambdaContext(logger, { resetKeys: true }));
