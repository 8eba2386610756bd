// Rollup schedule (EventBridge, every 5 minutes; tenants' markers are due at 00:30 Asia/Shanghai): wiring only.
// Metrics are published only when the run counted something (no empty-metrics warning every 5 minutes).
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { wecomDeps } from '../../../shared/aws/wecom-deps';
import { cloudWatchMetrics, logger } from '../../../shared/observability';
import { scheduledJob } from '../../../shared/schedules/scheduled-job';
import { runRollup } from './run-rollup';
import { onFirstCall } from '../../../shared/config/on-first-call';

export const handler = onFirstCall(() => {
  let counted = false;
  const { stores, ...ctx } = wecomDeps();
  const deps = {
    ...ctx,
    ...stores,
    count: (metric: string, n: number) => {
      counted = true;
      cloudWatchMetrics.addMetric(metric, MetricUnit.Count, n);
    },
  };

  return scheduledJob({
    name: 'rollup',
    ranMessage: 'rollups run',
    run: () => runRollup(deps, { nowMs: deps.clock.now() }),
    after: (report) => {
      const broken = report.results.filter((r) => ((r as { violations?: string[] }).violations ?? []).length > 0);
      if (broken.length > 0) logger.warn('metrics invariants violated', { results: broken });
      if (counted) cloudWatchMetrics.publishStoredMetrics();
      counted = false;
    },
  });
});
