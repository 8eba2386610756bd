// Moments campaigns (客户朋友圈, docs/wecom.md#moments): what a campaign may hold under the limits in force
// (quota.ts `limitsOn(day).moments`), the status machine of a campaign, WeCom's add_moment_task body,
// and what a get_moment_task_result answer means. Pure.
//
//   scheduled ──▶ submitting ──▶ submitted ──▶ published | failed      (published and failed are final)
//       │             │  ▲            (jobid stored)
//       │             │  └─ back to scheduled only when WeCom refused the add_moment_task (nothing created)
//       │             └──▶ failed   (WeCom refused for good, or the outcome of the one add_moment_task is unknown)
//       └──▶ failed   (a material it names was deleted: nothing submitted)
import type { WecomLimits } from './quota';

export type MomentStatus = 'scheduled' | 'submitting' | 'submitted' | 'published' | 'failed';

export const FINAL_MOMENT_STATUSES: ReadonlySet<MomentStatus> = new Set(['published', 'failed']);

const TRANSITIONS: Record<MomentStatus, readonly MomentStatus[]> = {
  scheduled: ['submitting', 'failed'],
  submitting: ['submitted', 'scheduled', 'failed'],
  submitted: ['published', 'failed'],
  published: [],
  failed: [],
};

export const canMoveMoment = (from: MomentStatus, to: MomentStatus): boolean => TRANSITIONS[from].includes(to);

/** Attachments in WeCom's shape (as welcome and mass-message attachments are): 9 images, or 1 video, or 1 link. */
export type MomentAttachment =
  | { msgtype: 'image'; image: { media_id: string } }
  | { msgtype: 'video'; video: { media_id: string } }
  | { msgtype: 'link'; link: { title: string; url: string; media_id?: string | undefined } }
  /** A material of the library (its kind as msgtype), turned into WeCom's shape when the moments job publishes. */
  | { msgtype: 'image' | 'video' | 'link'; materialId: string };

export interface MomentContent {
  text?: string | undefined;
  attachments: MomentAttachment[];
  /** Executors (userIds); empty: every member in the app's visible range. */
  senders: string[];
  /** Corp tag ids of the customers who may see it; empty: no tag restriction. */
  visibleTags: string[];
}

/** What WeCom reported for a finished task. */
export interface MomentResults {
  momentId?: string | undefined;
  invalidSenders: string[];
  invalidTags: string[];
  errcode?: number | undefined;
  errmsg?: string | undefined;
}

export interface MomentCampaign extends MomentContent {
  corpId: string;
  id: string;
  /** Unix seconds. */
  sendAt: number;
  status: MomentStatus;
  /** add_moment_task's jobid (valid 24 h). */
  jobId?: string | undefined;
  results?: MomentResults | undefined;
  /** Why a campaign failed when WeCom gave no result (e.g. the submission's outcome is unknown). */
  reason?: string | undefined;
  /** Unix seconds. */
  submittedAt?: number | undefined;
  finishedAt?: number | undefined;
  /** add_moment_task attempts that WeCom refused before one was accepted. */
  refusals: number;
  polls: number;
  /** After it is published: each member's publish status, likes and comments (朋友圈结果), followed for a while. */
  engagement?: MomentEngagement | undefined;
  createdAt: string;
  updatedAt: string;
  version: number;
}

export interface FieldIssue {
  field: string;
  message: string;
}

const chars = (s: string) => [...s].length;

/** Every way `c` breaks the moments limits in force; empty when it may be sent. */
export function momentIssues(c: MomentContent, limits: WecomLimits['moments']): FieldIssue[] {
  const issues: FieldIssue[] = [];
  const text = c.text ?? '';
  if (text === '' && c.attachments.length === 0) issues.push({ field: 'text', message: 'text or attachments is required' });
  if (chars(text) > limits.textChars) issues.push({ field: 'text', message: `at most ${limits.textChars} characters (got ${chars(text)})` });
  const types = new Set(c.attachments.map((a) => a.msgtype));
  if (types.size > 1) {
    issues.push({ field: 'attachments', message: `either images, or one video, or one link: not a mix (got ${[...types].join(', ')})` });
  } else {
    const max = { image: limits.images, video: limits.videos, link: limits.links };
    for (const t of types) {
      if (c.attachments.length > max[t])
        issues.push({ field: 'attachments', message: `at most ${max[t]} ${t}${max[t] === 1 ? '' : 's'} (got ${c.attachments.length})` });
    }
  }
  if (new Set(c.senders).size > limits.executors)
    issues.push({ field: 'senders', message: `at most ${limits.executors} executors (got ${new Set(c.senders).size})` });
  return issues;
}

/** The add_moment_task body of a campaign. */
export function addMomentTaskBody(c: MomentContent) {
  const senders = [...new Set(c.senders)];
  const tags = [...new Set(c.visibleTags)];
  const range = {
    ...(senders.length ? { sender_list: { user_list: senders } } : {}),
    ...(tags.length ? { external_contact_list: { tag_list: tags } } : {}),
  };
  return {
    ...(c.text ? { text: { content: c.text } } : {}),
    ...(c.attachments.length ? { attachments: c.attachments.map((a) => ({ ...a })) } : {}),
    ...(Object.keys(range).length ? { visible_range: range } : {}),
  };
}

/** get_moment_task_result as far as we read it. */
export interface MomentTaskAnswer {
  status: number;
  result?:
    | {
        errcode?: number | undefined;
        errmsg?: string | undefined;
        moment_id?: string | undefined;
        invalid_sender_list?: { user_list?: string[] | undefined } | undefined;
        invalid_external_contact_list?: { tag_list?: string[] | undefined } | undefined;
      }
    | undefined;
}

export type MomentTaskOutcome = { final: false } | { final: true; status: 'published' | 'failed'; results: MomentResults };

/** Status 1 (started) and 2 (creating) are not final; 3 (done) is published when result.errcode is 0, else failed. */
export function momentTaskOutcome(a: MomentTaskAnswer): MomentTaskOutcome {
  if (a.status !== 3) return { final: false };
  const r = a.result ?? {};
  const errcode = r.errcode ?? 0;
  const results: MomentResults = {
    momentId: r.moment_id,
    invalidSenders: r.invalid_sender_list?.user_list ?? [],
    invalidTags: r.invalid_external_contact_list?.tag_list ?? [],
    ...(errcode !== 0 ? { errcode, errmsg: r.errmsg } : {}),
  };
  return { final: true, status: errcode === 0 ? 'published' : 'failed', results };
}

/** WeCom keeps a jobid for 24 h: a task without a result by then is given up. */
export const MOMENT_JOB_TTL_SECONDS = 86_400;

/** One member's copy of a published moment (get_moment_task publish_status, get_moment_comments). */
export interface MomentMemberResult {
  userid: string;
  published: boolean;
  likes: number;
  comments: number;
}

/** 朋友圈结果: per member, and the totals; `checkedAt` in unix seconds. */
export interface MomentEngagement {
  members: MomentMemberResult[];
  total: number;
  published: number;
  likes: number;
  comments: number;
  checkedAt: number;
}

export function momentEngagement(members: readonly MomentMemberResult[], checkedAt: number): MomentEngagement {
  const sorted = [...members].sort((a, b) => a.userid.localeCompare(b.userid));
  return {
    members: sorted,
    total: sorted.length,
    published: sorted.filter((m) => m.published).length,
    likes: sorted.reduce((n, m) => n + m.likes, 0),
    comments: sorted.reduce((n, m) => n + m.comments, 0),
    checkedAt,
  };
}

/** Likes and comments keep coming after publishing: results are followed for 3 days after the task finished. */
export const MOMENT_RESULTS_FOLLOW_SECONDS = 3 * 86_400;
