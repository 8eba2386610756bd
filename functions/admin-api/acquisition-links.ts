// 获客链接 channels in the admin API (../shared/docs/wecom-frontier.md §3). A link is a channel of kind
// `acquisition_link`: created with customer_acquisition/create_link, rewritten with update_link (WeCom
// overwrites the range: every field is sent), removed with delete_link (DELETE …/channels/{id}, channels.ts).
// Its `state` (c_<id>) is published as the link's `customer_channel`, which WeCom reports as `State` on
// add_external_contact (§3.3): adds are attributed, counted and tagged exactly like a QR code's.
// WeCom is called before anything is stored, so a refused create or update changes nothing here.
import type * as z from 'zod';
import type { acquisitionLinkCreateSchema, acquisitionLinkPatchSchema, acquisitionStatsQuery } from '../../shared/channels/acquisition-link.schema';
import { kindOf, newChannelId, publicChannel, stateOf, type ChannelRecord } from '../../shared/channels/channel';
import { withChannelLease } from '../../shared/channels/contact-way-sync';
import { statsRange } from '../../shared/domain/acquisition-link';
import { NotFoundError, ValidationError } from '../../shared/errors';
import { shanghaiDay } from '../../shared/events/time';
import { msg } from '../../shared/i18n/messages';
import { requireTenantApi } from '../../shared/tenants/tenant-api';
import type { WecomTenantClient } from '../../shared/wecom/client';
import { withRefusedFields } from '../../shared/wecom/refused-fields';
import type { ChannelDeps } from './channels';

/** WeCom errcodes refusing a link's user list: unknown or invalid userid, outside the app's visible range. */
const STAFF_REFUSALS = Object.fromEntries([40003, 40031, 60011, 60111].map((code) => [code, 'staff']));
const aboutStaff = (api: WecomTenantClient) =>
  withRefusedFields(api, {
    'externalcontact/customer_acquisition/create_link': STAFF_REFUSALS,
    'externalcontact/customer_acquisition/update_link': STAFF_REFUSALS,
  });

/** The link channel `id`, live: an unknown id, another kind of channel or a deleted link is a 404. */
async function liveLink(deps: Pick<ChannelDeps, 'channels'>, corpId: string, id: string): Promise<ChannelRecord & { link: { id: string; url: string } }> {
  const c = await deps.channels.get(corpId, id);
  if (!c || kindOf(c) !== 'acquisition_link' || !c.link) throw new NotFoundError(msg('unknown_acquisition_link'));
  if (c.status === 'deleted') throw new NotFoundError(msg('channel_deleted'));
  return c as ChannelRecord & { link: { id: string; url: string } };
}

const autoAcceptOf = (skipVerify: boolean) => ({ mode: skipVerify ? ('always' as const) : ('never' as const), windows: [] });

export async function createAcquisitionLink(deps: ChannelDeps, corpId: string, input: z.output<typeof acquisitionLinkCreateSchema>) {
  const api = await requireTenantApi(deps, corpId);
  const id = newChannelId();
  const out = await aboutStaff(api).call('externalcontact/customer_acquisition/create_link', {
    link_name: input.name,
    range: { user_list: input.staff },
    skip_verify: input.skipVerify,
  });
  const at = new Date(deps.clock.now()).toISOString();
  const record: ChannelRecord = {
    corpId,
    id,
    kind: 'acquisition_link',
    state: stateOf(id),
    name: input.name,
    staff: input.staff,
    backupStaff: [],
    skipVerify: input.skipVerify,
    autoAccept: autoAcceptOf(input.skipVerify),
    // WeCom spreads a link's adds over its members; Siyu's daily caps rewrite contact ways only.
    dailyCapPerStaff: 0,
    tags: input.tags,
    ...(input.remark === undefined ? {} : { remark: input.remark }),
    ...(input.welcome === undefined ? {} : { welcome: input.welcome }),
    configId: '',
    qrCode: '',
    link: { id: out.link.link_id, url: out.link.url },
    status: 'active',
    createdAt: at,
    updatedAt: at,
  };
  await deps.channels.put(record);
  return publicChannel(record);
}

export async function updateAcquisitionLink(deps: ChannelDeps, corpId: string, id: string, patch: z.output<typeof acquisitionLinkPatchSchema>) {
  const api = await requireTenantApi(deps, corpId);
  return withChannelLease(deps, corpId, id, async () => {
    const current = await liveLink(deps, corpId, id);
    const next: ChannelRecord = { ...current, ...patch, updatedAt: new Date(deps.clock.now()).toISOString() };
    if (patch.skipVerify !== undefined) next.autoAccept = autoAcceptOf(patch.skipVerify);
    await aboutStaff(api).call('externalcontact/customer_acquisition/update_link', {
      link_id: current.link.id,
      link_name: next.name,
      range: { user_list: next.staff },
      skip_verify: next.skipVerify,
    });
    await deps.channels.put(next);
    return publicChannel(next);
  });
}

/** The tenant's 获客助手 quota (§3.4): uses so far, left, and what is left by expiry day. */
export async function getAcquisitionQuota(deps: Pick<ChannelDeps, 'tenants' | 'secrets' | 'wecom'>, corpId: string) {
  const api = await requireTenantApi(deps, corpId);
  const q = await api.call('externalcontact/customer_acquisition_quota', {});
  return {
    used: q.total,
    balance: q.balance,
    batches: (q.quota_list ?? []).map((b) => ({ expiresOn: shanghaiDay(b.expire_date), balance: b.balance })),
  };
}

/** A link's statistics from WeCom (clicks, new customers) beside the adds Siyu attributed to the channel. */
export async function getAcquisitionStats(deps: ChannelDeps, corpId: string, id: string, query: z.output<typeof acquisitionStatsQuery>) {
  const today = shanghaiDay(Math.floor(deps.clock.now() / 1000));
  const range = statsRange({ ...query, today });
  if (!range.ok) throw new ValidationError(msg('invalid_acquisition_stats_range'), { details: [{ field: range.field, message: range.problem }] });
  const link = await liveLink(deps, corpId, id);
  const api = await requireTenantApi(deps, corpId);
  const s = await api.call('externalcontact/customer_acquisition/statistic', { link_id: link.link.id, start_time: range.startTime, end_time: range.endTime });
  const ours = await deps.activity.stats(corpId, id, { fromDay: range.fromDay, toDay: range.toDay });
  return {
    channelId: id,
    linkId: link.link.id,
    from: range.fromDay,
    to: range.toDay,
    clicks: s.click_link_customer_cnt,
    newCustomers: s.new_customer_cnt,
    adds: ours.total.adds,
  };
}
