// One shape for every schedule handler (EventBridge): run the job, log its failures (warn) and, when it
// had due work, its counts (info), then let the job add its own follow-up (e.g. the rollup's metrics).
// Each schedule's handler.ts is its composition plus one call of scheduledJob.
import middy from '@middy/core';
import { lambdaObservability, logger } from '../observability';

export interface ScheduledReport {
  due: number;
  failed: unknown[];
}

export interface ScheduledJob<R extends ScheduledReport> {
  /** Names the failures log line: `${name} failures`. */
  name: string;
  /** The info line when the run had due work. */
  ranMessage: string;
  run: () => Promise<R>;
  /** After the report is logged. */
  after?: ((report: R) => void) | undefined;
}

export function scheduledJob<R extends ScheduledReport>(job: ScheduledJob<R>) {
  const run = async (): Promise<R> => {
    const report = await job.run();
    if (report.failed.length > 0) logger.warn(`${job.name} failures`, { failed: report.failed });
    if (report.due > 0) logger.info(job.ranMessage, { ...(report as Record<string, unknown>), failed: report.failed.length });
    job.after?.(report);
    return report;
  };
  return middy(run).use(lambdaObservability());
}
