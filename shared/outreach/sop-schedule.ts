// Where a SOP plan's due markers sit (job sop): `plan#<id>` for enrolment (now, then every minute) or the
// next calendar time of a group plan; `slot#<id>#<step>#<at>` for the customers whose step is due at `at`.
import { nextCalendar, type SopPlan } from '../domain/sop';
import type { DueStore } from '../schedules/due';

export const planMarkerId = (planId: string) => `plan#${planId}`;
export const slotMarkerId = (planId: string, step: number, at: number) => `slot#${planId}#${step}#${at}`;

/** Puts the plan's marker where it belongs: enrolment now, or the next calendar time; none when paused. */
export async function schedulePlan(due: Pick<DueStore, 'schedule' | 'cancel'>, plan: SopPlan, nowSec: number): Promise<void> {
  if (plan.status !== 'active') return due.cancel(plan.corpId, 'sop', planMarkerId(plan.id));
  const at = plan.trigger === 'calendar' ? nextCalendar(nowSec, plan.steps)?.at : nowSec;
  if (at === undefined) return due.cancel(plan.corpId, 'sop', planMarkerId(plan.id));
  await due.schedule({ corpId: plan.corpId, job: 'sop', id: planMarkerId(plan.id), dueAt: at });
}
