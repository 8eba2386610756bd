// `POST …/jobs/{job}/run {date?, now?}`: runs a scheduled job now, for this tenant, with the same code as
// its schedule. `now` runs it as of another time (due work up to then); `date` re-runs the rollup of a
// Shanghai day. Runs take the same leases as the schedule, so a run by hand and a scheduled run never do
// the same work twice. The rollup's day must be finished (by the clock and by `now`) and not before the
// day the tenant was created: earlier days hold no data of it, and a rollup would write metrics for them.
import * as z from 'zod';
import { NotFoundError, ValidationError } from '../../shared/errors';
import { shanghaiDay } from '../../shared/events/time';
import { daySchema, instantSchema } from '../../shared/input/day.schema';
import { JOB_NAMES, type JobName, type JobOptions, type JobReport } from '../../shared/schedules/due';
import type { TenantStore } from '../../shared/tenants/tenant';
import type { Clock } from '../../shared/clock';
import { msg } from '../../shared/i18n/messages';

export type JobRunner = (opts: JobOptions) => Promise<JobReport>;

export interface JobsDeps {
  jobs: Record<JobName, JobRunner>;
  tenants: Pick<TenantStore, 'get'>;
  clock: Clock;
}

export const runBody = z.strictObject({
  date: daySchema.optional(),
  now: instantSchema.optional(),
});

const isJob = (j: string): j is JobName => (JOB_NAMES as readonly string[]).includes(j);
const dayOfMs = (ms: number) => shanghaiDay(Math.floor(ms / 1000));

export async function runJob(deps: JobsDeps, corpId: string, job: string, input: z.output<typeof runBody>) {
  if (!isJob(job)) throw new NotFoundError(msg('unknown_job', { job, jobs: JOB_NAMES.join(', ') }));
  if (input.date !== undefined && job !== 'rollup') {
    throw new ValidationError(msg('job_date_rollup_only'), {
      details: [{ field: 'date', message: 'rollup only' }],
    });
  }
  const nowMs = input.now === undefined ? deps.clock.now() : input.now * 1000;
  // The rollup works on a finished day: yesterday (Asia/Shanghai) of `now` unless a date is given.
  const date = job === 'rollup' ? (input.date ?? shanghaiDay(Math.floor(nowMs / 1000) - 86_400)) : undefined;
  if (date !== undefined) await checkRollupDay(deps, corpId, date, nowMs);
  const report = await deps.jobs[job]({ corpId, nowMs, date });
  return { ...report, ranAt: new Date(nowMs).toISOString(), ...(date ? { date } : {}) };
}

async function checkRollupDay(deps: JobsDeps, corpId: string, date: string, nowMs: number): Promise<void> {
  const refuse = (message: string) => {
    throw new ValidationError(msg('rollup_day_refused', { date }), { details: [{ field: 'date', message }] });
  };
  const today = [dayOfMs(deps.clock.now()), dayOfMs(nowMs)].sort()[0]!;
  if (date >= today) refuse(`${date} 尚未结束 (has not ended yet)`);
  const tenant = await deps.tenants.get(corpId);
  if (!tenant) throw new NotFoundError(msg('unknown_tenant'));
  const created = dayOfMs(Date.parse(tenant.createdAt));
  if (date < created) refuse(`早于租户创建日 ${created} (before the tenant was created, on ${created})`);
}
