// The schedule handlers' one shape: the job's report is returned, failures are logged as a warning, a run
// with due work as info, and the job's own follow-up sees the report.
import type { Context } from 'aws-lambda';
import { logger } from '../observability';
import { scheduledJob } from './scheduled-job';

const context = { functionName: 'schedule', awsRequestId: 'r1' } as unknown as Context;

describe('scheduledJob', () => {
  afterEach(() => jest.restoreAllMocks());

  it('logs failures and counts, then runs the follow-up with the report', async () => {
    const warn = jest.spyOn(logger, 'warn').mockImplementation(() => undefined);
    const info = jest.spyOn(logger, 'info').mockImplementation(() => undefined);
    const seen: unknown[] = [];
    const report = { due: 2, done: 1, failed: [{ corpId: 'c', id: 'x', error: 'boom' }] };
    const handler = scheduledJob({ name: 'sop', ranMessage: 'sop run', run: async () => report, after: (r) => seen.push(r) });
    await expect(handler({}, context)).resolves.toEqual(report);
    expect(warn).toHaveBeenCalledWith('sop failures', { failed: report.failed });
    expect(info).toHaveBeenCalledWith('sop run', { due: 2, done: 1, failed: 1 });
    expect(seen).toEqual([report]);
  });

  it('says nothing when nothing was due', async () => {
    const warn = jest.spyOn(logger, 'warn').mockImplementation(() => undefined);
    const info = jest.spyOn(logger, 'info').mockImplementation(() => undefined);
    await scheduledJob({ name: 'moments', ranMessage: 'moments run', run: async () => ({ due: 0, failed: [] }) })({}, context);
    expect(warn).not.toHaveBeenCalled();
    expect(info).not.toHaveBeenCalled();
  });
});
