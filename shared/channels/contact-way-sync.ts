// Keeps a channel's WeCom contact way equal to its projection (shared/domain/contact-way.ts): staff with
// capacity today, backup staff, skip_verify by window. One writer per channel at a time (a lease), so
// that two writers never leave an older projection in WeCom; a write happens only when the projection
// differs from what was applied, so repeats and replays change nothing.
import { nextReviewAt, projectContactWay, sameContactWay } from '../domain/contact-way';
import { shanghaiDay } from '../events/time';
import type { WecomTenantClient } from '../wecom/client';
import { withLease, type LeaseDeps } from '../leases/lease';
import type { ChannelActivityStore } from './channel-activity';
import type { ChannelRecord, ChannelStore } from './channel';

export interface ContactWaySyncDeps extends LeaseDeps {
  channels: ChannelStore;
  activity: ChannelActivityStore;
}

export type SyncResult = 'updated' | 'unchanged' | 'gone';

/** The contact way's full content for a channel (update_contact_way overwrites: send every field). */
export function contactWayBody(c: Pick<ChannelRecord, 'name' | 'state'>, p: { user: string[]; skipVerify: boolean }) {
  return { remark: c.name.slice(0, 30), skip_verify: p.skipVerify, state: c.state, user: p.user };
}

/** Runs `work` holding the channel's lease (one writer of a contact way at a time). */
export function withChannelLease<T>(deps: ContactWaySyncDeps, corpId: string, channelId: string, work: () => Promise<T>): Promise<T> {
  return withLease(deps, corpId, `channel#${channelId}`, work);
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
  // A 获客链接 has no contact way: WeCom spreads its adds over the link's members.
  if (channel.kind === 'acquisition_link') return 'unchanged';
  const nowSeconds = Math.floor(deps.clock.now() / 1000);
  const day = shanghaiDay(nowSeconds);
  const projection = projectContactWay(channel, {
    unixSeconds: nowSeconds,
    addsToday: channel.dailyCapPerStaff > 0 ? await deps.activity.addsOn(corpId, channelId, day) : {},
  });
  const reviewAt = nextReviewAt(channel, projection, nowSeconds);
  const unchanged = !opts.force && channel.applied !== undefined && sameContactWay(channel.applied, projection);
  if (!unchanged) await api.call('externalcontact/update_contact_way', { config_id: channel.configId, ...contactWayBody(channel, projection) });
  const applied = { ...projection, day, at: unchanged && channel.applied ? channel.applied.at : new Date(deps.clock.now()).toISOString() };
  await deps.channels.saveProjection(corpId, channelId, applied, reviewAt);
  return unchanged ? 'unchanged' : 'updated';
}

export function syncContactWay(deps: ContactWaySyncDeps, api: WecomTenantClient, corpId: string, channelId: string, opts: { force?: boolean } = {}) {
  return withChannelLease(deps, corpId, channelId, () => syncContactWayLocked(deps, api, corpId, channelId, opts));
}
