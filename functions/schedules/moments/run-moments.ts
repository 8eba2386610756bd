// The moments job: every due moments marker, under its lease. A scheduled campaign moves to `submitting`
// by a conditional write (one writer wins), then makes its one add_moment_task call and stores the jobid
// (`submitted`); its marker comes back every POLL_SECONDS to read get_moment_task_result until WeCom is
// done (status 3) → `published` or `failed`. add_moment_task is never made twice for a campaign: when WeCom
// refuses it (an errcode: nothing was created) the campaign goes back to `scheduled` and the marker stays
// due; when the outcome is unknown (network, timeout, a crash before the jobid was stored) it stays
// `submitting`, and the next run marks it `failed` instead of resubmitting. Attachments `{materialId}` are uploaded
// with media/upload_attachment (Moments media ids, cached on the material 3 days) just before add_moment_task; a
// material deleted since is a `failed` campaign, nothing submitted.
// Once published, the marker keeps coming back every `resultsPollSeconds` for MOMENT_RESULTS_FOLLOW_SECONDS
// to read each member's publish status (get_moment_task) and likes/comments (get_moment_comments): 朋友圈结果.
import type { MomentStore } from '../../../shared/db/moment-repository';
import {
  FINAL_MOMENT_STATUSES,
  MOMENT_JOB_TTL_SECONDS,
  MOMENT_RESULTS_FOLLOW_SECONDS,
  addMomentTaskBody,
  momentEngagement,
  momentTaskOutcome,
  type MomentCampaign,
  type MomentStatus,
} from '../../../shared/domain/moments';
import { AppError } from '../../../shared/errors';
import { MaterialUnusableError, momentAttachmentOf, type MaterialResolverDeps } from '../../../shared/materials/resolve';
import type { WecomTenantClient } from '../../../shared/wecom/client';
import { runDue, type DueMarker, type JobOptions, type JobReport, type RunDueDeps } from '../../../shared/schedules/due';
import { requireTenantApi, type TenantApiDeps } from '../../../shared/tenants/tenant-api';
import { WecomApiError } from '../../../shared/wecom/wecom-error';

export interface MomentsJobDeps extends RunDueDeps, TenantApiDeps, MaterialResolverDeps {
  moments: MomentStore;
  /** Seconds between get_moment_task_result polls (default 60). */
  pollSeconds?: number | undefined;
  /** Seconds between reads of a published moment's results (default 3600). */
  resultsPollSeconds?: number | undefined;
}

export const DEFAULT_POLL_SECONDS = 60;
export const DEFAULT_RESULTS_POLL_SECONDS = 3600;

export function runMoments(deps: MomentsJobDeps, opts: JobOptions): Promise<JobReport> {
  return runDue(deps, 'moments', opts, (m) => runMoment(deps, m, Math.floor(opts.nowMs / 1000)));
}

async function save(deps: MomentsJobDeps, c: MomentCampaign, from: MomentStatus, change: Partial<MomentCampaign>, nowSec: number): Promise<MomentCampaign> {
  const next = { ...c, ...change, version: c.version + 1, updatedAt: new Date(nowSec * 1000).toISOString() };
  if (!(await deps.moments.update(next, from))) throw new Error(`moment ${c.id} changed during its run`);
  return next;
}

/** WeCom answered with an errcode (no task was created): `retryable` as errcodes.ts says. */
function refusalOf(e: unknown): { errcode: number; errmsg: string; retryable: boolean } | undefined {
  if (e instanceof WecomApiError) return { errcode: e.errcode, errmsg: e.errmsg, retryable: e.retryable };
  // The client gave up backing off (e.g. -1 busy, 45009 frequency): still an answer, still nothing created.
  const details = e instanceof AppError ? (e.details as { errcode?: unknown } | undefined) : undefined;
  if (typeof details?.errcode === 'number') return { errcode: details.errcode, errmsg: (e as Error).message, retryable: true };
  return undefined;
}

/** The campaign's attachments in WeCom's shape: every `{materialId}` uploaded (or its cached Moments media id reused). */
async function momentAttachments(deps: MomentsJobDeps, api: WecomTenantClient, c: MomentCampaign): Promise<MomentCampaign['attachments']> {
  const out: MomentCampaign['attachments'] = [];
  for (const a of c.attachments)
    out.push('materialId' in a ? ((await momentAttachmentOf(deps, api, c.corpId, a.materialId)) as MomentCampaign['attachments'][number]) : a);
  return out;
}

const view = (c: MomentCampaign) => ({ corpId: c.corpId, id: c.id, status: c.status, jobId: c.jobId, results: c.results, reason: c.reason });

async function runMoment(deps: MomentsJobDeps, m: DueMarker, nowSec: number) {
  const poll = deps.pollSeconds ?? DEFAULT_POLL_SECONDS;
  let c = await deps.moments.get(m.corpId, m.id);
  if (!c) return;
  if (c.status === 'published') return followResults(deps, c, nowSec);
  if (FINAL_MOMENT_STATUSES.has(c.status)) return;

  if (c.status === 'submitting') {
    // A run moved it to submitting and never stored a jobid: add_moment_task may or may not have been made.
    c = await save(
      deps,
      c,
      'submitting',
      {
        status: 'failed',
        finishedAt: nowSec,
        reason: c.reason ?? 'add_moment_task outcome unknown (run interrupted before its jobid was stored); not resubmitted to avoid a duplicate moment',
      },
      nowSec,
    );
    return { result: view(c) };
  }

  if (c.status === 'scheduled') {
    if (c.sendAt > nowSec) return { next: c.sendAt };
    const api = await requireTenantApi(deps, c.corpId);
    // Materials become Moments media ids now (an upload WeCom refuses throws: the campaign stays scheduled, retried).
    let attachments: MomentCampaign['attachments'];
    try {
      attachments = await momentAttachments(deps, api, c);
    } catch (e) {
      if (!(e instanceof MaterialUnusableError)) throw e;
      c = await save(
        deps,
        c,
        'scheduled',
        { status: 'failed', finishedAt: nowSec, reason: `material ${e.materialId} unusable (${e.reason}); nothing submitted` },
        nowSec,
      );
      return { result: view(c) };
    }
    c = await save(deps, c, 'scheduled', { status: 'submitting' }, nowSec);
    let jobid: string;
    try {
      jobid = (await api.call('externalcontact/add_moment_task', addMomentTaskBody({ ...c, attachments }))).jobid;
    } catch (e) {
      const refusal = refusalOf(e);
      if (refusal && !refusal.retryable) {
        c = await save(
          deps,
          c,
          'submitting',
          {
            status: 'failed',
            finishedAt: nowSec,
            results: { invalidSenders: [], invalidTags: [], errcode: refusal.errcode, errmsg: refusal.errmsg },
            reason: 'add_moment_task refused',
          },
          nowSec,
        );
        return { result: view(c) };
      }
      if (refusal) await save(deps, c, 'submitting', { status: 'scheduled', refusals: c.refusals + 1 }, nowSec);
      else
        await save(
          deps,
          c,
          'submitting',
          { reason: `add_moment_task outcome unknown (${(e as Error).message}); not resubmitted to avoid a duplicate moment` },
          nowSec,
        );
      throw e;
    }
    c = await save(deps, c, 'submitting', { status: 'submitted', jobId: jobid, submittedAt: nowSec, reason: undefined }, nowSec);
    return { result: view(c), next: nowSec + poll };
  }

  // submitted: follow the task until WeCom is done with it.
  const api = await requireTenantApi(deps, c.corpId);
  const answer = await api.call('externalcontact/get_moment_task_result', { jobid: c.jobId! });
  const outcome = momentTaskOutcome(answer);
  if (!outcome.final) {
    if (nowSec - (c.submittedAt ?? nowSec) >= MOMENT_JOB_TTL_SECONDS) {
      c = await save(deps, c, 'submitted', { status: 'failed', finishedAt: nowSec, reason: 'no result within 24 h (the jobid expired)' }, nowSec);
      return { result: view(c) };
    }
    c = await save(deps, c, 'submitted', { polls: c.polls + 1 }, nowSec);
    return { result: { ...view(c), taskStatus: answer.status }, next: nowSec + poll };
  }
  c = await save(deps, c, 'submitted', { status: outcome.status, results: outcome.results, finishedAt: nowSec, polls: c.polls + 1 }, nowSec);
  return c.status === 'published' && c.results?.momentId ? { result: view(c), next: nowSec + resultsPoll(deps) } : { result: view(c) };
}

const resultsPoll = (deps: MomentsJobDeps) => deps.resultsPollSeconds ?? DEFAULT_RESULTS_POLL_SECONDS;

/** One read of a published moment's results; the marker comes back until the follow-up window ends. */
async function followResults(deps: MomentsJobDeps, c: MomentCampaign, nowSec: number) {
  const momentId = c.results?.momentId;
  if (!momentId || nowSec - (c.finishedAt ?? nowSec) > MOMENT_RESULTS_FOLLOW_SECONDS) return;
  const api = await requireTenantApi(deps, c.corpId);
  const tasks: Array<{ userid: string; publish_status: number }> = [];
  let cursor: string | undefined;
  do {
    const page = await api.call('externalcontact/get_moment_task', { moment_id: momentId, limit: 1000, ...(cursor ? { cursor } : {}) });
    tasks.push(...page.task_list);
    cursor = page.next_cursor || undefined;
  } while (cursor);
  const members = [];
  for (const t of tasks) {
    const published = t.publish_status === 1;
    // Only a published copy can be liked or commented on.
    const r = published ? await api.call('externalcontact/get_moment_comments', { moment_id: momentId, userid: t.userid }) : undefined;
    members.push({ userid: t.userid, published, likes: r?.like_list?.length ?? 0, comments: r?.comment_list?.length ?? 0 });
  }
  c = await save(deps, c, 'published', { engagement: momentEngagement(members, nowSec) }, nowSec);
  const more = nowSec + resultsPoll(deps) - (c.finishedAt ?? nowSec) <= MOMENT_RESULTS_FOLLOW_SECONDS;
  const result = { ...view(c), published: c.engagement!.published, likes: c.engagement!.likes, comments: c.engagement!.comments };
  return more ? { result, next: nowSec + resultsPoll(deps) } : { result };
}
