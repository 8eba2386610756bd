// One shape for every schedule handler (EventBridge): run the job, log its failures (warn) and, when it
// had due work, its counts (info), then let the job add its own follow-up (e.g. the rollup's metrics).
// A run with failures (per tenant or item: their due markers stay due, so any retry is safe) is not a
// success: it publishes `ScheduledJobFailed` (namespace Siyu; once per job with dimension `job`, once
// without, for the one alarm in infra/alarms.yml) and then rejects with an error naming the job and the
// count, so the invocation counts as failed (Lambda Errors) and the local stack prints it.
// Each schedule's handler.ts is its composition plus one call of scheduledJob.
import middy from '@middy/core';
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { cloudWatchMetrics, lambdaObservability, logger } from '../observability';

export interface ScheduledReport {
  due: number;
  failed: unknown[];
}

export interface ScheduledJob<R extends ScheduledReport> {
  /** Names the failures log line (`${name} failures`), the metric's `job` dimension and the error. */
  name: string;
  /** The info line when the run had due work. */
  ranMessage: string;
  run: () => Promise<R>;
  /** After the report is logged (also when it has failures, before the run rejects). */
  after?: ((report: R) => void) | undefined;
}

/** The error a run with failures rejects with (after logging them and publishing the metric). */
export class ScheduledJobFailedError extends Error {
  constructor(
    readonly job: string,
    readonly failedCount: number,
  ) {
    super(`scheduled job "${job}": ${failedCount} failed (tenants/items; see the "${job} failures" log line; they stay due and are retried)`);
    this.name = 'ScheduledJobFailedError';
  }
}

/** ScheduledJobFailed = count, once without and once with the job dimension (two EMF records). */
function publishFailed(job: string, count: number): void {
  cloudWatchMetrics.addMetric('ScheduledJobFailed', MetricUnit.Count, count);
  cloudWatchMetrics.publishStoredMetrics();
  cloudWatchMetrics.addDimension('job', job);
  cloudWatchMetrics.addMetric('ScheduledJobFailed', MetricUnit.Count, count);
  cloudWatchMetrics.publishStoredMetrics();
}

export function scheduledJob<R extends ScheduledReport>(job: ScheduledJob<R>) {
  const run = async (): Promise<R> => {
    const report = await job.run();
    if (report.failed.length > 0) logger.warn(`${job.name} failures`, { failed: report.failed });
    if (report.due > 0) logger.info(job.ranMessage, { ...(report as Record<string, unknown>), failed: report.failed.length });
    job.after?.(report);
    if (report.failed.length > 0) {
      publishFailed(job.name, report.failed.length);
      throw new ScheduledJobFailedError(job.name, report.failed.length);
    }
    return report;
  };
  return middy(run).use(lambdaObservability());
}
