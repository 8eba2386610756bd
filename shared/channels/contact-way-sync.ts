// Keeps a channel's WeCom contact way equal to its projection (shared/domain/contact-way.ts): staff with
// capacity today, backup staff, skip_verify by window. One writer per channel at a time (a lease), so
// that two writers never leave an older projection in WeCom; a write happens only when the projection
// differs from what was applied, so repeats and replays change nothing.
import { randomUUID } from 'node:crypto';
import { nextReviewAt, projectContactWay, sameContactWay } from '../domain/contact-way';
import { ConflictError } from '../errors';
import { shanghaiDay } from '../events/time';
import type { WecomTenantClient } from '../wecom/client';
import type { ChannelActivityStore, LeaseStore } from './channel-activity';
import type { ChannelRecord, ChannelStore } from './channel.schema';

export interface ContactWaySyncDeps {
  channels: ChannelStore;
  activity: ChannelActivityStore;
  leases: LeaseStore;
  nowMs: () => number;
  sleep: (ms: number) => Promise<void>;
}

export type SyncResult = 'updated' | 'unchanged' | 'gone';

const LEASE_MS = 30_000;
const WAIT_STEP_MS = 100;
const WAIT_MAX_MS = 10_000;

/** The contact way's full content for a channel (update_contact_way overwrites: send every field). */
export function contactWayBody(c: Pick<ChannelRecord, 'name' | 'state'>, p: { user: string[]; skipVerify: boolean }) {
  return { remark: c.name.slice(0, 30), skip_verify: p.skipVerify, state: c.state, user: p.user };
}

/** Runs `work` holding the channel's lease; waits briefly for another writer, then asks for a retry. */
export async function withChannelLease<T>(deps: ContactWaySyncDeps, corpId: string, channelId: string, work: () => Promise<T>): Promise<T> {
  const name = `channel#${channelId}`;
  const owner = randomUUID();
  for (let waited = 0; ; waited += WAIT_STEP_MS) {
    const now = deps.nowMs();
    if (await deps.leases.acquire(corpId, name, owner, now, now + LEASE_MS)) break;
    if (waited >= WAIT_MAX_MS) throw new ConflictError(`channel ${channelId} is being updated by another writer`);
    await deps.sleep(WAIT_STEP_MS);
  }
  try {
    return await work();
  } finally {
    await deps.leases.release(corpId, name, owner);
  }
}

/**
 * Brings the contact way in line with the channel's projection now. Call it holding the lease
 * (withChannelLease). `force` rewrites even when the stored projection matches (after a policy edit).
 */
export async function syncContactWayLocked(
  deps: ContactWaySyncDeps,
  api: WecomTenantClient,
  corpId: string,
  channelId: string,
  opts: { force?: boolean } = {},
): Promise<SyncResult> {
  const channel = await deps.channels.get(corpId, channelId);
  if (!channel || channel.status !== 'active') return 'gone';
  const nowSeconds = Math.floor(deps.nowMs() / 1000);
  const day = shanghaiDay(nowSeconds);
  const projection = projectContactWay(channel, {
    unixSeconds: nowSeconds,
    addsToday: channel.dailyCapPerStaff > 0 ? await deps.activity.addsOn(corpId, channelId, day) : {},
  });
  const reviewAt = nextReviewAt(channel, projection, nowSeconds);
  const unchanged = !opts.force && channel.applied !== undefined && sameContactWay(channel.applied, projection);
  if (!unchanged) await api.call('externalcontact/update_contact_way', { config_id: channel.configId, ...contactWayBody(channel, projection) });
  const applied = { ...projection, day, at: unchanged && channel.applied ? channel.applied.at : new Date(deps.nowMs()).toISOString() };
  await deps.channels.saveProjection(corpId, channelId, applied, reviewAt);
  return unchanged ? 'unchanged' : 'updated';
}

export function syncContactWay(deps: ContactWaySyncDeps, api: WecomTenantClient, corpId: string, channelId: string, opts: { force?: boolean } = {}) {
  return withChannelLease(deps, corpId, channelId, () => syncContactWayLocked(deps, api, corpId, channelId, opts));
}
