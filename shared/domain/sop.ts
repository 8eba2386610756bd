// SOP playbooks: when each step of a run is due, who an event enrols, and whether an enrolled customer is
// still in the audience when a step comes. Pure.
//
// Customer plans (triggers added | tagged | joined_group): a customer is enrolled once per plan (a run);
// step 1 is due relative to the enrolling event's time, every later step relative to the previous
// step's due time: `after` (ISO-8601 duration, e.g. P1D, PT2H) is added, then `at` ("HH:mm", Asia/
// Shanghai) moves it to the next such time at or after it. Due times are rounded up to the minute, so the
// customers enrolled in the same minute share one slot (one add_msg_template per sender).
// Group plans (trigger calendar): each step fires at `at` on `days` (ISO weekdays 1 = Monday … 7, default
// every day) to the audience groups.
import {
  hasAttributeFilter,
  matchesAttributes,
  type AttributeFilter,
  type CustomerAttributes,
  type FieldCondition,
  type FieldDefinition,
} from './customer-fields';
import type { MassContent } from './quota';
import type { FollowView } from './relationship';
import { renderTemplate } from './template';

export type SopTrigger = 'added' | 'tagged' | 'joined_group' | 'calendar';
export type SopVia = 'mass_message' | 'staff_reminder';

export interface SopStep {
  after?: string | undefined;
  at?: string | undefined;
  days?: number[] | undefined;
  send: MassContent & { nameFallback?: string | undefined };
  via: SopVia;
}

/** Who a plan is for. Stage and custom field conditions (customer plans): re-checked before every step, like tags. */
export interface SopAudience extends AttributeFilter {
  stages?: string[] | undefined;
  fields?: FieldCondition[] | undefined;
  /** Channel ids (added): the add came through one of them. */
  channels?: string[] | undefined;
  /** Corp tag ids: the follow carries ANY of them (enrolment for tagged; re-checked before every step). */
  tags?: string[] | undefined;
  /** Group chats (joined_group, calendar). */
  chatIds?: string[] | undefined;
  /** Group owners (joined_group, calendar): their groups. */
  owners?: string[] | undefined;
}

export interface SopPlan {
  corpId: string;
  id: string;
  name: string;
  trigger: SopTrigger;
  audience: SopAudience;
  steps: SopStep[];
  status: 'active' | 'paused';
  /** Unix seconds: events up to here were read for enrolment. */
  enrolledUpTo: number;
  createdAt: string;
  updatedAt: string;
  version: number;
}

export type RunStatus = 'active' | 'done' | 'stopped';
export type StepOutcome = 'sent' | 'blocked' | 'failed' | 'reminded' | 'stopped';

export interface SopRun {
  planId: string;
  /** The customer's external user id. */
  recipient: string;
  /** The member: who followed them (added, tagged) or the group's owner (joined_group). */
  userId: string;
  chatId?: string | undefined;
  enrolledAt: number;
  /** Index of the next step. */
  step: number;
  /** Unix seconds the next step is due (its slot). */
  nextAt: number;
  status: RunStatus;
  reason?: string | undefined;
  outcomes: Array<{ step: number; at: number; outcome: StepOutcome; reason?: string | undefined; msgid?: string | undefined }>;
}

const DURATION = /^P(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?$/;

/** Seconds of an ISO-8601 duration of weeks, days, hours, minutes, seconds (no months: they vary). */
export function durationSeconds(d: string): number | undefined {
  const m = DURATION.exec(d);
  if (!m || d === 'P' || d.endsWith('T')) return undefined;
  const [w, day, h, min, s] = m.slice(1).map((x) => Number(x ?? 0)) as [number, number, number, number, number];
  return (((w * 7 + day) * 24 + h) * 60 + min) * 60 + s;
}

export const isHhmm = (s: string) => /^([01]\d|2[0-3]):[0-5]\d$/.test(s);

const OFFSET = 8 * 3600;

/** The first `HH:mm` Asia/Shanghai at or after `t`. */
export function atOrAfter(t: number, hhmm: string): number {
  const [h, m] = hhmm.split(':').map(Number) as [number, number];
  const dayStart = Math.floor((t + OFFSET) / 86_400) * 86_400 - OFFSET;
  const at = dayStart + h * 3600 + m * 60;
  return at >= t ? at : at + 86_400;
}

const ceilMinute = (t: number) => Math.ceil(t / 60) * 60;

/** When a customer-plan step is due, from the previous step's due time (or the enrolling event's). */
export function stepDueAt(from: number, step: Pick<SopStep, 'after' | 'at'>): number {
  let t = from + (step.after ? (durationSeconds(step.after) ?? 0) : 0);
  if (step.at) t = atOrAfter(t, step.at);
  return ceilMinute(t);
}

/** ISO weekday (1 = Monday … 7 = Sunday) of a unix time in Asia/Shanghai. */
export const shanghaiWeekday = (t: number) => ((Math.floor((t + OFFSET) / 86_400) + 3) % 7) + 1;

/** The next calendar occurrence strictly after `after`, and the steps that fire then. */
export function nextCalendar(after: number, steps: readonly SopStep[]): { at: number; steps: number[] } | undefined {
  let best: { at: number; steps: number[] } | undefined;
  steps.forEach((s, i) => {
    if (!s.at) return;
    let t = atOrAfter(after + 1, s.at);
    for (let k = 0; k < 8 && s.days?.length && !s.days.includes(shanghaiWeekday(t)); k++) t += 86_400;
    if (s.days?.length && !s.days.includes(shanghaiWeekday(t))) return;
    if (!best || t < best.at) best = { at: t, steps: [i] };
    else if (t === best.at) best.steps.push(i);
  });
  return best;
}

/** External user ids look like wm…/wo…; staff user ids do not. */
export const isExternalUserId = (id: string) => /^w[mo][A-Za-z0-9_-]{6,}$/.test(id);

export interface EnrolCandidate {
  recipient: string;
  /** The member (added, tagged); for joined_group the caller fills in the owner. */
  userId?: string | undefined;
  chatId?: string | undefined;
  at: number;
}

/**
 * Who an event may enrol in a plan. `added` is decided here (event type, channel of the state);
 * `tagged` and `joined_group` need the follow's tags or the group's owner, which the caller checks.
 */
export function enrolCandidates(
  plan: Pick<SopPlan, 'trigger' | 'audience'>,
  e: { type: string; occurredAt: number; event: Record<string, unknown> },
  channelIdOfState: (state: unknown) => string | undefined,
): EnrolCandidate[] {
  const str = (k: string) => (typeof e.event[k] === 'string' ? (e.event[k] as string) : undefined);
  if (plan.trigger === 'added') {
    if (e.type !== 'change_external_contact.add_external_contact' && e.type !== 'change_external_contact.add_half_external_contact') return [];
    const ext = str('ExternalUserID');
    const user = str('UserID');
    if (!ext || !user) return [];
    if (plan.audience.channels?.length && !plan.audience.channels.includes(channelIdOfState(e.event.State) ?? '')) return [];
    return [{ recipient: ext, userId: user, at: e.occurredAt }];
  }
  if (plan.trigger === 'tagged') {
    if (e.type !== 'change_external_contact.edit_external_contact' && e.type !== 'change_external_contact.add_external_contact') return [];
    const ext = str('ExternalUserID');
    const user = str('UserID');
    return ext && user ? [{ recipient: ext, userId: user, at: e.occurredAt }] : [];
  }
  if (plan.trigger === 'joined_group') {
    if (e.type !== 'change_external_chat.update' || str('UpdateDetail') !== 'add_member') return [];
    const chatId = str('ChatId');
    if (!chatId || (plan.audience.chatIds?.length && !plan.audience.chatIds.includes(chatId))) return [];
    const list = e.event.MemChangeList as { Item?: unknown } | undefined;
    const items = Array.isArray(list?.Item) ? list.Item.filter((x): x is string => typeof x === 'string') : [];
    return items.filter(isExternalUserId).map((recipient) => ({ recipient, chatId, at: e.occurredAt }));
  }
  return [];
}

/** Whether the follow carries one of the audience's tags (no tags in the audience: yes). */
export const hasAudienceTag = (audience: SopAudience, tags: readonly string[]) => !audience.tags?.length || tags.some((t) => audience.tags!.includes(t));

/** Whether an enrolled customer is still in the plan's audience; the reason their run stops if not. */
export function audienceCheck(
  plan: Pick<SopPlan, 'trigger' | 'audience'>,
  run: Pick<SopRun, 'userId'>,
  follows: readonly FollowView[],
  attributes?: { defs: readonly FieldDefinition[]; attrs: CustomerAttributes | undefined },
): { ok: true } | { ok: false; reason: string } {
  if (plan.trigger === 'joined_group') return { ok: true };
  const f = follows.find((x) => x.userId === run.userId);
  if (!f) return { ok: false, reason: 'not_a_contact' };
  if (f.status !== 'active') return { ok: false, reason: f.status };
  if (!hasAudienceTag(plan.audience, f.tags)) return { ok: false, reason: 'untagged' };
  if (hasAttributeFilter(plan.audience) && !(attributes && matchesAttributes(attributes.defs, attributes.attrs, plan.audience)))
    return { ok: false, reason: 'stage_or_field' };
  return { ok: true };
}

/** The staff reminder for one customer: whom to contact and what to say (their own name filled in). */
export function reminderLine(customerName: string | null, recipient: string, text: string | undefined): string {
  const who = customerName ? `${customerName}（${recipient}）` : recipient;
  return `· ${who}${text ? `：${renderTemplate(text, { name: customerName ?? '' })}` : ''}`;
}
