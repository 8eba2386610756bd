// Channels (渠道活码) in the admin API. Each channel is a WeCom 「联系我」 contact way kept as a projection
// of the channel's policy (shared/domain/contact-way.ts): created with add_contact_way, rewritten in full
// with update_contact_way (WeCom overwrites user lists) under the channel's lease, removed with
// del_contact_way (a 获客链接 channel, acquisition-links.ts: delete_link). A deleted channel stays readable (status 'deleted'): history is never destroyed.
// WeCom refusing the user list (an unknown or resigned userid …) is about the channel's `staff`
// (shared/wecom/refused-fields.ts); a refused create stores nothing and a refused PATCH changes nothing.
import * as z from 'zod';
import type { ChannelActivityStore } from '../../shared/channels/channel-activity';
import type { channelCreateSchema, channelPatchSchema } from '../../shared/channels/channel.schema';
import { kindOf, newChannelId, publicChannel, stateOf, type ChannelRecord, type ChannelStore } from '../../shared/channels/channel';
import { contactWayBody, syncContactWayLocked, withChannelLease, type ContactWaySyncDeps } from '../../shared/channels/contact-way-sync';
import { nextReviewAt, projectContactWay } from '../../shared/domain/contact-way';
import { ConflictError, NotFoundError, ValidationError } from '../../shared/errors';
import { shanghaiDay } from '../../shared/events/time';
import type { Clock } from '../../shared/clock';
import { dayParam } from '../../shared/input/params';
import { requireTenantApi, type TenantApiDeps } from '../../shared/tenants/tenant-api';
import type { WecomTenantClient } from '../../shared/wecom/client';
import { withRefusedFields } from '../../shared/wecom/refused-fields';
import { WecomApiError } from '../../shared/wecom/wecom-error';
import { msg } from '../../shared/i18n/messages';

export interface ChannelDeps extends Omit<ContactWaySyncDeps, 'nowMs'>, TenantApiDeps {
  channels: ChannelStore;
  activity: ChannelActivityStore;
  clock: Clock;
}

/** `?from=&to=` of a channel's stats: days. */
export const channelStatsQuery = z.object({ from: dayParam.optional(), to: dayParam.optional() });

/** WeCom errcodes that refuse a contact way's user list: unknown, invalid, outside the visible range, unverified, too many. */
const USER_LIST_REFUSALS = [40003, 40031, 60011, 60111, 40098, 41041, 81013] as const;

/** The channel field a contact way's user list came from: its backup staff only when no staff member is listed. */
const userListField = (staff: readonly string[], user: readonly string[]) => (user.some((u) => staff.includes(u)) ? 'staff' : 'backupStaff');

function refusalsAbout(api: WecomTenantClient, field: string): WecomTenantClient {
  const byCode = Object.fromEntries(USER_LIST_REFUSALS.map((code) => [code, field]));
  return withRefusedFields(api, { 'externalcontact/add_contact_way': byCode, 'externalcontact/update_contact_way': byCode });
}

async function existing(deps: Pick<ChannelDeps, 'channels'>, corpId: string, id: string): Promise<ChannelRecord> {
  const c = await deps.channels.get(corpId, id);
  if (!c) throw new NotFoundError(msg('unknown_channel'));
  return c;
}

export async function createChannel(deps: ChannelDeps, corpId: string, input: z.output<typeof channelCreateSchema>) {
  const api = await requireTenantApi(deps, corpId);
  const nowMs = deps.clock.now();
  const nowSeconds = Math.floor(nowMs / 1000);
  const id = newChannelId();
  const draft = {
    ...input,
    autoAccept: input.autoAccept ?? { mode: input.skipVerify ? ('always' as const) : ('never' as const), windows: [] },
    corpId,
    id,
    state: stateOf(id),
  };
  const projection = projectContactWay(draft, { unixSeconds: nowSeconds, addsToday: {} });
  // Always a multi-member way (type 2): it can hold one member and later more, or the backup staff.
  const way = await refusalsAbout(api, userListField(draft.staff, projection.user)).call('externalcontact/add_contact_way', {
    type: 2,
    scene: 2,
    ...contactWayBody(draft, projection),
  });
  const at = new Date(nowMs).toISOString();
  const record: ChannelRecord = {
    ...draft,
    configId: way.config_id,
    qrCode: way.qr_code ?? '',
    status: 'active',
    createdAt: at,
    updatedAt: at,
    applied: { ...projection, day: shanghaiDay(nowSeconds), at },
    reviewAt: nextReviewAt(draft, projection, nowSeconds),
  };
  await deps.channels.put(record);
  return publicChannel(record);
}

export async function updateChannel(deps: ChannelDeps, corpId: string, id: string, patch: z.output<typeof channelPatchSchema>) {
  const api = await requireTenantApi(deps, corpId);
  await withChannelLease(deps, corpId, id, async () => {
    const current = await existing(deps, corpId, id);
    if (current.status === 'deleted') throw new NotFoundError(msg('channel_deleted'));
    if (kindOf(current) === 'acquisition_link') throw new ConflictError(msg('channel_is_acquisition_link'));
    await deps.channels.put({ ...current, ...patch, updatedAt: new Date(deps.clock.now()).toISOString() });
    try {
      await syncContactWayLocked(deps, refusalsAbout(api, patch.backupStaff && !patch.staff ? 'backupStaff' : 'staff'), corpId, id, { force: true });
    } catch (e) {
      // WeCom refused the new contact way, so it still has the old one: the channel stays as it was.
      if (e instanceof WecomApiError) await deps.channels.put(current);
      throw e;
    }
  });
  return publicChannel(await existing(deps, corpId, id));
}

export async function deleteChannel(deps: ChannelDeps, corpId: string, id: string) {
  const api = await requireTenantApi(deps, corpId);
  return withChannelLease(deps, corpId, id, async () => {
    const current = await existing(deps, corpId, id);
    if (current.status === 'deleted') return publicChannel(current);
    // A 获客链接 channel (acquisition-links.ts) stops working once its WeCom link is deleted.
    if (current.link) await api.call('externalcontact/customer_acquisition/delete_link', { link_id: current.link.id });
    else await api.call('externalcontact/del_contact_way', { config_id: current.configId });
    const next: ChannelRecord = { ...current, status: 'deleted', reviewAt: undefined, updatedAt: new Date(deps.clock.now()).toISOString() };
    await deps.channels.put(next);
    return publicChannel(next);
  });
}

/** One channel with its stats: totals and one row per day of the range (default: the last 30 days). */
export async function getChannel(
  deps: Pick<ChannelDeps, 'channels' | 'activity' | 'clock'>,
  corpId: string,
  id: string,
  query: z.output<typeof channelStatsQuery> = {},
) {
  const channel = await existing(deps, corpId, id);
  const nowSeconds = Math.floor(deps.clock.now() / 1000);
  const toDay = query.to ?? shanghaiDay(nowSeconds);
  const fromDay = query.from ?? shanghaiDay(nowSeconds - 29 * 86_400);
  if (fromDay > toDay) throw new ValidationError(msg('invalid_stats_range'), { details: [{ field: 'from', message: 'after to' }] });
  return { ...publicChannel(channel), stats: await deps.activity.stats(corpId, id, { fromDay, toDay }) };
}

/** Every channel of the tenant with its running totals. */
export async function listChannels(deps: Pick<ChannelDeps, 'channels' | 'activity'>, corpId: string) {
  const channels = await deps.channels.list(corpId);
  const items = await Promise.all(
    channels.map(async (c) => {
      return { ...publicChannel(c), stats: { total: await deps.activity.total(corpId, c.id) } };
    }),
  );
  return { items };
}
