// The SOP job: every due `sop` marker, each under its lease. Two kinds of markers:
// - `plan#<id>` (one per active plan; it is also the index of tenants with active plans). Customer plans:
//   read the tenant's event log since the plan's cursor and enrol the customers the trigger matches (once
//   per plan and customer), then come back next minute. Calendar (group) plans: the marker sits at the
//   next calendar time, fires the steps due then to the audience groups, and moves to the next time.
// - `slot#<id>#<step>#<at>`: the customers whose step `step` is due at `at`. Each is re-checked against
//   the audience first (follow still active, tags, stage and custom fields still match): one who left has their run stopped and
//   gets nothing more. Then `mass_message` steps go out through the mass-message path (quota ledger, one
//   add_msg_template per sender), `staff_reminder` steps as one message/send per member listing whom to
//   contact and what to say, and every run moves on to its next step's slot.
import { channelIdOfState } from '../../../shared/channels/channel';
import type { DynamoCustomerFieldStore } from '../../../shared/db/customer-field-repository';
import type { DynamoCustomerStore } from '../../../shared/db/customer-repository';
import { hasAttributeFilter } from '../../../shared/domain/customer-fields';
import type { DynamoFollowStore } from '../../../shared/db/follow-repository';
import { blockedCounter, stepCounter, type SopStore } from '../../../shared/db/sop-repository';
import {
  audienceCheck,
  enrolCandidates,
  hasAudienceTag,
  nextCalendar,
  reminderLine,
  stepDueAt,
  type SopPlan,
  type SopRun,
  type SopStep,
  type StepOutcome,
} from '../../../shared/domain/sop';
import { truncateUtf8 } from '../../../shared/domain/template';
import type { EventLog } from '../../../shared/events/ports';
import type { GroupStore } from '../../../shared/groups/group';
import { groupAudience } from '../../../shared/outreach/audience';
import { sendMassMessage, type MassMessageDeps } from '../../../shared/outreach/mass-message';
import { slotMarkerId } from '../../../shared/outreach/sop-schedule';
import { runDue, type DueMarker, type JobOptions, type JobReport, type RunDueDeps } from '../../../shared/schedules/due';
import { requireTenantApi, type TenantApiDeps } from '../../../shared/tenants/tenant-api';

export interface SopJobDeps extends RunDueDeps, MassMessageDeps, TenantApiDeps {
  sopPlans: SopStore;
  eventLog: Pick<EventLog, 'list'>;
  follows: Pick<DynamoFollowStore, 'followsOfCustomer'>;
  customerRecords: Pick<DynamoCustomerStore, 'get'>;
  groups: Pick<GroupStore, 'get' | 'list'>;
  customerFields: Pick<DynamoCustomerFieldStore, 'definitions' | 'attributes' | 'stages'>;
}

/** Enrolment looks this far behind its cursor: events are ordered by WeCom's CreateTime, and may arrive late. */
export const ENROL_LAG_SECONDS = 300;
export const ENROL_EVERY_SECONDS = 60;
/** A paused plan's due steps wait; they are looked at again after this. */
export const PAUSED_RECHECK_SECONDS = 600;
const EVENT_PAGE = 500;
const REMINDER_BYTES = 2000;

export function runSop(deps: SopJobDeps, opts: JobOptions): Promise<JobReport> {
  const nowSec = Math.floor(opts.nowMs / 1000);
  return runDue(deps, 'sop', opts, async (m) => {
    const [kind, planId, step, at] = m.id.split('#');
    const plan = planId ? await deps.sopPlans.getPlan(m.corpId, planId) : undefined;
    if (!plan) return;
    if (kind === 'plan') return plan.trigger === 'calendar' ? fireCalendar(deps, plan, m, nowSec) : enrol(deps, plan, nowSec);
    if (kind === 'slot') {
      if (plan.status !== 'active') return { next: nowSec + PAUSED_RECHECK_SECONDS };
      return { result: await runSlot(deps, plan, Number(step), Number(at), nowSec) };
    }
  });
}

// ── enrolment ──

async function enrol(deps: SopJobDeps, plan: SopPlan, nowSec: number) {
  if (plan.status !== 'active') return;
  const from = Math.max(0, plan.enrolledUpTo - ENROL_LAG_SECONDS);
  let cursor: string | undefined;
  let enrolled = 0;
  do {
    const page = await deps.eventLog.list(plan.corpId, { from, to: nowSec, limit: EVENT_PAGE, cursor });
    for (const e of page.items) {
      if (e.occurredAt < plan.enrolledUpTo - ENROL_LAG_SECONDS) continue;
      for (const c of enrolCandidates(plan, { type: e.type, occurredAt: e.occurredAt, event: e.message.event }, channelIdOfState)) {
        let userId = c.userId;
        if (plan.trigger === 'tagged') {
          const f = (await deps.follows.followsOfCustomer(plan.corpId, c.recipient)).find((x) => x.userId === userId);
          if (!f || f.status !== 'active' || !plan.audience.tags?.length || !hasAudienceTag(plan.audience, f.tags)) continue;
        }
        if (plan.trigger === 'joined_group') {
          const g = c.chatId ? await deps.groups.get(plan.corpId, c.chatId) : undefined;
          if (!g || (plan.audience.owners?.length && !plan.audience.owners.includes(g.owner))) continue;
          userId = g.owner;
        }
        if (!userId || plan.steps.length === 0) continue;
        const at = stepDueAt(c.at, plan.steps[0]!);
        // Slot first (idempotent), run second (conditional): a crash in between leaves a slot entry that
        // finds no run at that step, never a run that no slot will reach.
        await deps.sopPlans.addToSlot(plan.corpId, plan.id, 0, at, c.recipient);
        await deps.due.schedule({ corpId: plan.corpId, job: 'sop', id: slotMarkerId(plan.id, 0, at), dueAt: at });
        const run: SopRun = {
          planId: plan.id,
          recipient: c.recipient,
          userId,
          ...(c.chatId ? { chatId: c.chatId } : {}),
          enrolledAt: c.at,
          step: 0,
          nextAt: at,
          status: 'active',
          outcomes: [],
        };
        if (await deps.sopPlans.enrol(plan.corpId, run)) {
          enrolled++;
          await deps.sopPlans.count(plan.corpId, plan.id, { enrolled: 1 });
        }
      }
    }
    cursor = page.cursor;
  } while (cursor);
  await deps.sopPlans.setEnrolledUpTo(plan.corpId, plan.id, nowSec);
  return { next: nowSec + ENROL_EVERY_SECONDS, result: { corpId: plan.corpId, planId: plan.id, enrolled } };
}

// ── customer steps ──

type Outcome = { outcome: StepOutcome; reason?: string | undefined; msgid?: string | undefined };

async function runSlot(deps: SopJobDeps, plan: SopPlan, stepIdx: number, at: number, nowSec: number) {
  const members = await deps.sopPlans.slotMembers(plan.corpId, plan.id, stepIdx, at);
  const runs = (await deps.sopPlans.getRuns(plan.corpId, plan.id, members)).filter((r) => r.status === 'active' && r.step === stepIdx && r.nextAt === at);
  const step = plan.steps[stepIdx];
  const outcomes = new Map<string, Outcome>();
  const live: SopRun[] = [];
  // Stage and custom field conditions: the definitions once, each customer's attributes before their step.
  const defs = hasAttributeFilter(plan.audience) ? await deps.customerFields.definitions(plan.corpId) : undefined;
  for (const r of runs) {
    if (!step) {
      outcomes.set(r.recipient, { outcome: 'stopped', reason: 'step_removed' });
      continue;
    }
    const check =
      plan.trigger === 'joined_group'
        ? await groupCheck(deps, plan, r)
        : audienceCheck(
            plan,
            r,
            await deps.follows.followsOfCustomer(plan.corpId, r.recipient),
            defs && { defs, attrs: await deps.customerFields.attributes(plan.corpId, r.recipient) },
          );
    if (check.ok) live.push(r);
    else outcomes.set(r.recipient, { outcome: 'stopped', reason: check.reason });
  }
  if (step && live.length > 0) {
    const sent =
      step.via === 'mass_message' ? await massStep(deps, plan, step, stepIdx, at, live, nowSec) : await reminderStep(deps, plan, step, stepIdx, live);
    for (const [k, v] of sent) outcomes.set(k, v);
  }
  const counters: Record<string, number> = {};
  for (const r of runs) {
    const o = outcomes.get(r.recipient) ?? { outcome: 'failed', reason: 'no_outcome' };
    const stopped = o.outcome === 'stopped';
    const nextStep = plan.steps[stepIdx + 1];
    const nextAt = !stopped && nextStep ? stepDueAt(at, nextStep) : at;
    if (!stopped && nextStep) {
      await deps.sopPlans.addToSlot(plan.corpId, plan.id, stepIdx + 1, nextAt, r.recipient);
      await deps.due.schedule({ corpId: plan.corpId, job: 'sop', id: slotMarkerId(plan.id, stepIdx + 1, nextAt), dueAt: nextAt });
    }
    const moved = await deps.sopPlans.advance(
      plan.corpId,
      r,
      stepIdx,
      { step: stopped ? stepIdx : stepIdx + 1, nextAt, status: stopped ? 'stopped' : nextStep ? 'active' : 'done', reason: o.reason },
      { step: stepIdx, at: nowSec, ...o },
    );
    if (!moved) continue;
    counters[stepCounter(stepIdx, o.outcome)] = (counters[stepCounter(stepIdx, o.outcome)] ?? 0) + 1;
    if (o.outcome === 'blocked' && o.reason) counters[blockedCounter(o.reason)] = (counters[blockedCounter(o.reason)] ?? 0) + 1;
  }
  await deps.sopPlans.count(plan.corpId, plan.id, counters);
  const tally: Partial<Record<StepOutcome, number>> = {};
  for (const o of outcomes.values()) tally[o.outcome] = (tally[o.outcome] ?? 0) + 1;
  return { corpId: plan.corpId, planId: plan.id, step: stepIdx, at, runs: runs.length, ...tally };
}

async function groupCheck(deps: SopJobDeps, plan: SopPlan, r: SopRun): Promise<{ ok: true } | { ok: false; reason: string }> {
  const g = r.chatId ? await deps.groups.get(plan.corpId, r.chatId) : undefined;
  return g && g.status === 'active' ? { ok: true } : { ok: false, reason: 'group_dismissed' };
}

async function massStep(deps: SopJobDeps, plan: SopPlan, step: SopStep, stepIdx: number, at: number, runs: SopRun[], nowSec: number) {
  const res = await sendMassMessage(deps, () => requireTenantApi(deps, plan.corpId), {
    corpId: plan.corpId,
    sendId: `sop#${plan.id}#${stepIdx}#${at}`,
    kind: 'customers',
    // Customer plans send as the member who follows the customer; joined_group lets WeCom pick the member.
    recipients: runs.map((r) => ({ id: r.recipient, sender: plan.trigger === 'joined_group' ? undefined : r.userId })),
    content: step.send,
    nameFallback: step.send.nameFallback,
    nowSec,
  });
  const out = new Map<string, Outcome>();
  for (const b of res.blocked) out.set(b.recipient, { outcome: 'blocked', reason: b.reason });
  for (const f of res.failed) out.set(f.recipient, { outcome: 'failed', reason: f.reason });
  for (const r of runs) if (!out.has(r.recipient)) out.set(r.recipient, { outcome: 'sent', msgid: res.msgids.at(-1) });
  return out;
}

async function reminderStep(deps: SopJobDeps, plan: SopPlan, step: SopStep, stepIdx: number, runs: SopRun[]) {
  const out = new Map<string, Outcome>();
  const tenant = await deps.tenants.get(plan.corpId);
  if (!tenant?.agentId) {
    for (const r of runs) out.set(r.recipient, { outcome: 'failed', reason: 'no_agent_id' });
    return out;
  }
  const api = await requireTenantApi(deps, plan.corpId);
  const byStaff = new Map<string, SopRun[]>();
  for (const r of runs) byStaff.set(r.userId, [...(byStaff.get(r.userId) ?? []), r]);
  for (const [userId, list] of byStaff) {
    const head = `SOP「${plan.name}」第${stepIdx + 1}步：请联系以下客户`;
    const lines = await Promise.all(
      list.map(async (r) => reminderLine((await deps.customerRecords.get(plan.corpId, r.recipient))?.name ?? null, r.recipient, step.send.text)),
    );
    // One message per member, split where WeCom's 2048-byte text limit needs it.
    const messages: string[] = [];
    let current = head;
    for (const line of lines) {
      const next = `${current}\n${line}`;
      if (Buffer.byteLength(next, 'utf8') > REMINDER_BYTES && current !== head) {
        messages.push(current);
        current = `${head}\n${line}`;
      } else current = next;
    }
    messages.push(current);
    for (const content of messages) {
      await api.call('message/send', {
        touser: userId,
        msgtype: 'text',
        agentid: Number(tenant.agentId),
        text: { content: truncateUtf8(content, REMINDER_BYTES) },
        enable_duplicate_check: 1,
        duplicate_check_interval: 1800,
      });
    }
    for (const r of list) out.set(r.recipient, { outcome: 'reminded' });
  }
  return out;
}

// ── group (calendar) plans ──

async function fireCalendar(deps: SopJobDeps, plan: SopPlan, m: DueMarker, nowSec: number) {
  if (plan.status !== 'active') return;
  const fire = nextCalendar(m.dueAt - 1, plan.steps);
  const counters: Record<string, number> = {};
  const results: unknown[] = [];
  if (fire && fire.at === m.dueAt) {
    const groups = await groupAudience(deps, plan.corpId, { staff: plan.audience.owners, chatIds: plan.audience.chatIds });
    for (const stepIdx of fire.steps) {
      const step = plan.steps[stepIdx]!;
      if (step.via !== 'mass_message') continue;
      const res = await sendMassMessage(deps, () => requireTenantApi(deps, plan.corpId), {
        corpId: plan.corpId,
        sendId: `sop#${plan.id}#cal#${fire.at}#${stepIdx}`,
        kind: 'groups',
        recipients: groups,
        content: step.send,
        nameFallback: step.send.nameFallback,
        nowSec,
      });
      counters[stepCounter(stepIdx, 'sent')] = res.sent;
      counters[stepCounter(stepIdx, 'blocked')] = res.blocked.length;
      counters[stepCounter(stepIdx, 'failed')] = res.failed.length;
      for (const b of res.blocked) counters[blockedCounter(b.reason)] = (counters[blockedCounter(b.reason)] ?? 0) + 1;
      results.push({ step: stepIdx, at: fire.at, sent: res.sent, msgids: res.msgids, blocked: res.blocked, failed: res.failed });
    }
  }
  await deps.sopPlans.count(plan.corpId, plan.id, counters);
  const next = nextCalendar(Math.max(m.dueAt, nowSec), plan.steps);
  return { ...(next ? { next: next.at } : {}), result: { corpId: plan.corpId, planId: plan.id, fired: results } };
}
