// The schedule handlers' one shape: the job's report is returned, failures are logged as a warning, a run
// with due work as info, and the job's own follow-up sees the report; a run with failures publishes
// ScheduledJobFailed (the count, without and with the job dimension) and rejects.
import type { Context } from 'aws-lambda';
import { cloudWatchMetrics, logger } from '../observability';
import { ScheduledJobFailedError, scheduledJob } from './scheduled-job';

const context = { functionName: 'schedule', awsRequestId: 'r1' } as unknown as Context;

describe('scheduledJob', () => {
  afterEach(() => jest.restoreAllMocks());

  /** The metric calls in order: what each published EMF record held. */
  function recordMetrics(): Array<{ dims: Record<string, string>; metrics: Array<[string, number]> }> {
    const published: Array<{ dims: Record<string, string>; metrics: Array<[string, number]> }> = [];
    let current = { dims: {} as Record<string, string>, metrics: [] as Array<[string, number]> };
    jest.spyOn(cloudWatchMetrics, 'addDimension').mockImplementation((k, v) => {
      current.dims[k] = v;
      return cloudWatchMetrics;
    });
    jest.spyOn(cloudWatchMetrics, 'addMetric').mockImplementation((name, _unit, value) => {
      current.metrics.push([name, value]);
      return cloudWatchMetrics;
    });
    jest.spyOn(cloudWatchMetrics, 'publishStoredMetrics').mockImplementation(() => {
      published.push(current);
      current = { dims: {}, metrics: [] };
      return cloudWatchMetrics;
    });
    return published;
  }

  it('logs failures and counts, runs the follow-up, publishes ScheduledJobFailed and rejects naming the job and the count', async () => {
    const warn = jest.spyOn(logger, 'warn').mockImplementation(() => undefined);
    const info = jest.spyOn(logger, 'info').mockImplementation(() => undefined);
    const published = recordMetrics();
    const seen: unknown[] = [];
    const report = {
      due: 3,
      done: 1,
      failed: [
        { corpId: 'c', id: 'x', error: 'boom' },
        { corpId: 'd', id: 'tenant', error: 'wecom 60020' },
      ],
    };
    const handler = scheduledJob({ name: 'sop', ranMessage: 'sop run', run: async () => report, after: (r) => seen.push(r) });
    const rejection = handler({}, context);
    await expect(rejection).rejects.toBeInstanceOf(ScheduledJobFailedError);
    await expect(rejection).rejects.toThrow('scheduled job "sop": 2 failed');
    expect(warn).toHaveBeenCalledWith('sop failures', { failed: report.failed });
    expect(info).toHaveBeenCalledWith('sop run', { due: 3, done: 1, failed: 2 });
    expect(seen).toEqual([report]);
    expect(published).toEqual([
      { dims: {}, metrics: [['ScheduledJobFailed', 2]] },
      { dims: { job: 'sop' }, metrics: [['ScheduledJobFailed', 2]] },
    ]);
  });

  it('resolves with the report and publishes no failure metric when nothing failed', async () => {
    jest.spyOn(logger, 'info').mockImplementation(() => undefined);
    const published = recordMetrics();
    const report = { due: 2, done: 2, failed: [] };
    await expect(scheduledJob({ name: 'rollup', ranMessage: 'rollups run', run: async () => report })({}, context)).resolves.toEqual(report);
    expect(published).toEqual([]);
  });

  it('says nothing when nothing was due', async () => {
    const warn = jest.spyOn(logger, 'warn').mockImplementation(() => undefined);
    const info = jest.spyOn(logger, 'info').mockImplementation(() => undefined);
    await scheduledJob({ name: 'moments', ranMessage: 'moments run', run: async () => ({ due: 0, failed: [] }) })({}, context);
    expect(warn).not.toHaveBeenCalled();
    expect(info).not.toHaveBeenCalled();
  });
});
