// `POST …/jobs/{job}/run {date?, now?}`: runs a scheduled job now, for this tenant, with the same code as
// its schedule. `now` runs it as of another time (due work up to then); `date` re-runs the rollup of a
// Shanghai day. Runs take the same leases as the schedule, so a run by hand and a scheduled run never do
// the same work twice.
import { z } from 'zod';
import { NotFoundError, ValidationError } from '../../shared/errors';
import { isCalendarDay, shanghaiDay } from '../../shared/events/time';
import { JOB_NAMES, type JobName, type JobOptions, type JobReport } from '../../shared/schedules/due';
import { parseInput } from '../../shared/validation';

export type JobRunner = (opts: JobOptions) => Promise<JobReport>;

export interface JobsDeps {
  jobs: Record<JobName, JobRunner>;
  nowMs: () => number;
}


const runBody = z.strictObject({
  date: z.string().refine(isCalendarDay, 'a date is YYYY-MM-DD').optional(),
  now: z.union([z.iso.datetime({ offset: true }), z.number().int().positive()]).optional(),
});

const isJob = (j: string): j is JobName => (JOB_NAMES as readonly string[]).includes(j);

export async function runJob(deps: JobsDeps, corpId: string, job: string, body: unknown) {
  if (!isJob(job)) throw new NotFoundError(`no job ${job}; jobs are ${JOB_NAMES.join(', ')}`);
  const input = parseInput(runBody, body, 'invalid job run');
  if (input.date !== undefined && job !== 'rollup') {
    throw new ValidationError('date applies to the rollup only; run other jobs as of a time with now', { details: [{ field: 'date', message: 'rollup only' }] });
  }
  const nowMs = input.now === undefined ? deps.nowMs() : typeof input.now === 'number' ? input.now * 1000 : Date.parse(input.now);
  // The rollup works on a finished day: yesterday (Asia/Shanghai) of `now` unless a date is given.
  const date = job === 'rollup' ? (input.date ?? shanghaiDay(Math.floor(nowMs / 1000) - 86_400)) : undefined;
  if (date !== undefined && date >= shanghaiDay(Math.floor(nowMs / 1000))) {
    throw new ValidationError('the rollup runs on finished days', { details: [{ field: 'date', message: `${date} has not ended yet` }] });
  }
  const report = await deps.jobs[job]({ corpId, nowMs, date });
  return { ...report, ranAt: new Date(nowMs).toISOString(), ...(date ? { date } : {}) };
}
