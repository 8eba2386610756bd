// Rollup schedule (EventBridge, every 5 minutes; tenants' markers are due at 00:30 Asia/Shanghai): wiring only.
import middy from '@middy/core';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { rollupContext } from '../../../shared/aws/metrics-context';
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { logger, metrics } from '../../../shared/observability';
import { runRollup } from './run-rollup';

let counted = false;
const deps = {
  ...rollupContext(),
  count: (metric: string, n: number) => {
    counted = true;
    metrics.addMetric(metric, MetricUnit.Count, n);
  },
};

const run = async () => {
  const report = await runRollup(deps, { nowMs: Date.now() });
  if (report.failed.length > 0) logger.warn('rollup failures', { failed: report.failed });
  if (report.due > 0) logger.info('rollups run', { ...report, failed: report.failed.length });
  const broken = report.results.filter((r) => ((r as { violations?: string[] }).violations ?? []).length > 0);
  if (broken.length > 0) logger.warn('metrics invariants violated', { results: broken });
  if (counted) metrics.publishStoredMetrics();
  counted = false;
  return report;
};

export const handler = middy(run).use(injectLambdaContext(logger, { resetKeys: true }));
