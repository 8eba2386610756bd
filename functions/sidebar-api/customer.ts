// The sidebar's customer (docs/manual.md#侧边栏): GET /sidebar/v1/customers/{externalUserId} (profile, the
// member's remark, description and tags, channel, followers, timeline, RFM and orders, stage and custom fields), the tag library
// (GET /sidebar/v1/tags), tag edits (POST …/tags → WeCom mark_tag) and remark/description edits (PATCH →
// WeCom externalcontact/remark). Only a customer the member follows (an active follow) is answered; any
// other id, known or not, is the same 403.
//
// An edit is applied in WeCom first, then to our projection (the member's follow), the timeline and the
// operation log. WeCom then sends change_external_contact/edit_external_contact, and the relationship
// consumer re-reads the follow (functions/relationship/refresh-customer.ts): it finds the tags it reads
// already stored, so it adds no second timeline entry. The timeline entry here is written against the
// follow as re-read after mark_tag, so a callback that won the race makes this side add none either.
import * as z from 'zod';
import { channelIdOfState, type ChannelStore } from '../../shared/channels/channel';
import type { Clock } from '../../shared/clock';
import { openMobiles } from '../../shared/customers/remark-mobiles';
import type { StaffRegistry } from '../../shared/customers/staff-sync';
import type { TagMirror } from '../../shared/customers/tag-sync';
import type { DynamoCustomerFieldStore } from '../../shared/db/customer-field-repository';
import type { DynamoCustomerStore } from '../../shared/db/customer-repository';
import type { DynamoFollowStore } from '../../shared/db/follow-repository';
import { tagDiff } from '../../shared/domain/customers';
import type { FollowView } from '../../shared/domain/relationship';
import { sortTags, type CorpTag } from '../../shared/domain/tags';
import { ForbiddenError, ValidationError } from '../../shared/errors';
import { msg } from '../../shared/i18n/messages';
import { safeText } from '../../shared/input/text.schema';
import type { OrderStore } from '../../shared/orders/orders';
import { orderText, timelineText } from '../../shared/sidebar/timeline-text';
import { requireTenantApi, type TenantApiDeps } from '../../shared/tenants/tenant-api';
import { publishTagsChanged } from '../../shared/webhooks/publish-events';
import type { WebhookPublisher } from '../../shared/webhooks/webhook';
import { refusalForPerson } from '../../shared/wecom/refusal';
import { sidebarAttributes } from './customer-attributes';
import type { StaffMember } from './member';
import type { sidebarCustomerView, tagGroupView } from './customer.view';
import { recordSidebarWrite, type SidebarLogDeps } from './oplog';

export interface SidebarCustomerDeps extends TenantApiDeps, SidebarLogDeps {
  follows: Pick<DynamoFollowStore, 'followsOfCustomer' | 'setFollowProfile'>;
  customerRecords: Pick<DynamoCustomerStore, 'get' | 'timeline' | 'appendTimeline'>;
  staffRegistry: Pick<StaffRegistry, 'get'>;
  tagMirror: Pick<TagMirror, 'list'>;
  channels: Pick<ChannelStore, 'get'>;
  orders: Pick<OrderStore, 'summaries'>;
  customerFields: Pick<DynamoCustomerFieldStore, 'definitions' | 'attributes' | 'stages'>;
  clock: Clock;
  /** Outbound webhooks: customer.tags_changed when the member's edit changed the tags (absent: none published). */
  webhookEvents?: WebhookPublisher;
}

const TIMELINE_LIMIT = 50;
const tagId = z.string().min(1).max(128);
export const customerParams = z.object({ externalUserId: z.string().min(1).max(128) });
export const tagEditBody = z
  .strictObject({ add: z.array(tagId).max(100).optional(), remove: z.array(tagId).max(100).optional() })
  .refine((b) => (b.add?.length ?? 0) + (b.remove?.length ?? 0) > 0, 'add or remove at least one tag')
  .refine((b) => !(b.add ?? []).some((t) => (b.remove ?? []).includes(t)), 'a tag is both added and removed');
// WeCom's limits: remark 20 characters, description 150 (externalcontact/remark).
export const remarkBody = z
  .strictObject({ remark: z.string().max(20).superRefine(safeText).optional(), description: z.string().max(150).superRefine(safeText).optional() })
  .refine((b) => b.remark !== undefined || b.description !== undefined, 'remark or description');

type TagGroup = z.output<typeof tagGroupView>;
const iso = (s: number | null | undefined) => (s === null || s === undefined ? null : new Date(s * 1000).toISOString());

/** The member's own active follow of the customer, or the 403 that says nothing about the customer. */
async function ownFollow(deps: SidebarCustomerDeps, member: StaffMember, externalUserId: string): Promise<{ mine: FollowView; all: FollowView[] }> {
  const all = await deps.follows.followsOfCustomer(member.corpId, externalUserId);
  const mine = all.find((f) => f.userId === member.userId && f.status === 'active');
  if (!mine) throw new ForbiddenError(msg('sidebar_customer_forbidden'));
  return { mine, all };
}

/** Tag ids → tag groups, in library order; ids the library does not know (or deleted tags) are left out. */
export function groupTags(library: CorpTag[], ids: readonly string[]): TagGroup[] {
  const wanted = new Set(ids);
  const groups = new Map<string, TagGroup>();
  for (const t of sortTags(library)) {
    if (t.deleted || !wanted.has(t.id)) continue;
    const g = groups.get(t.groupId) ?? { groupId: t.groupId, groupName: t.groupName, tags: [] };
    g.tags.push({ id: t.id, name: t.name });
    groups.set(t.groupId, g);
  }
  return [...groups.values()];
}

export async function tagLibrary(deps: Pick<SidebarCustomerDeps, 'tagMirror'>, member: StaffMember): Promise<{ groups: TagGroup[] }> {
  const library = await deps.tagMirror.list(member.corpId);
  return {
    groups: groupTags(
      library,
      library.map((t) => t.id),
    ),
  };
}

export async function sidebarCustomer(deps: SidebarCustomerDeps, member: StaffMember, externalUserId: string): Promise<z.output<typeof sidebarCustomerView>> {
  const { corpId } = member;
  const { mine, all } = await ownFollow(deps, member, externalUserId);
  const [profile, library, timeline, summaries, attributes] = await Promise.all([
    deps.customerRecords.get(corpId, externalUserId),
    deps.tagMirror.list(corpId),
    deps.customerRecords.timeline(corpId, externalUserId, TIMELINE_LIMIT),
    deps.orders.summaries(corpId, [externalUserId]),
    sidebarAttributes(deps, corpId, externalUserId),
  ]);
  const active = all.filter((f) => f.status === 'active');
  const staffIds = [...new Set([...active.map((f) => f.userId), ...timeline.map((t) => t.userId)])];
  const staffNames = new Map(await Promise.all(staffIds.map(async (u) => [u, (await deps.staffRegistry.get(corpId, u))?.name ?? u] as const)));
  const channelIds = [...new Set([mine.state, ...timeline.map((t) => t.state)].map(channelIdOfState).filter((c): c is string => c !== undefined))];
  const channels = new Map(await Promise.all(channelIds.map(async (c) => [c, await deps.channels.get(corpId, c)] as const)));
  const tagNames = new Map(library.map((t) => [t.id, t.name]));
  const names = {
    staff: (u: string) => staffNames.get(u) ?? u,
    tag: (t: string) => tagNames.get(t) ?? t,
    channel: (c: string) => channels.get(c)?.name,
  };
  const summary = summaries.get(externalUserId);
  const orders = (summary?.history ?? []).map((o) => ({ at: o.paidAt, kind: 'order', text: orderText(o.amount) }));
  const events = timeline.map((t) => ({ at: t.at, kind: t.kind as string, text: timelineText(t, names) }));
  const channelId = channelIdOfState(mine.state);
  const channel = channelId ? channels.get(channelId) : undefined;
  return {
    externalUserId,
    name: profile?.name ?? null,
    avatar: profile?.avatar ?? null,
    type: profile?.type ?? null,
    corpName: profile?.corpName ?? null,
    remark: mine.remark,
    description: mine.description ?? null,
    // The member's own follow only: another member's numbers are not theirs to see.
    remarkMobiles: await openMobiles(deps.secrets, corpId, mine.remarkMobilesCipher),
    tags: groupTags(library, mine.tags),
    channel: channel ? { id: channel.id, name: channel.name, addedAt: iso(mine.addedAt) } : null,
    followers: active.map((f) => ({ userId: f.userId, name: names.staff(f.userId), addedAt: iso(f.addedAt) })),
    timeline: [...events, ...orders]
      .sort((a, b) => b.at - a.at)
      .slice(0, TIMELINE_LIMIT)
      .map((e) => ({ at: iso(e.at), kind: e.kind, text: e.text })),
    rfm: summary?.rfm ? { class: summary.rfm } : null,
    orders: { count: summary?.orders ?? 0, totalFen: summary?.totalFen ?? 0 },
    ...attributes,
  };
}

const TAGS_ROUTE = 'POST /sidebar/v1/customers/{externalUserId}/tags';
const REMARK_ROUTE = 'PATCH /sidebar/v1/customers/{externalUserId}';

/** Adds and removes corp tags on the member's follow: WeCom mark_tag, then the projection, the timeline and the operation log. */
export async function editTags(
  deps: SidebarCustomerDeps,
  member: StaffMember,
  externalUserId: string,
  body: z.output<typeof tagEditBody>,
): Promise<TagGroup[]> {
  const { corpId, userId } = member;
  const { mine } = await ownFollow(deps, member, externalUserId);
  const add = [...new Set(body.add ?? [])];
  const remove = [...new Set(body.remove ?? [])];
  const library = await deps.tagMirror.list(corpId);
  const live = new Set(library.filter((t) => !t.deleted).map((t) => t.id));
  const unknown = add.filter((t) => !live.has(t));
  if (unknown.length > 0) {
    throw new ValidationError(msg('sidebar_unknown_tags', { ids: unknown.join(', ') }), {
      details: unknown.map((t) => ({ path: 'add', message: `unknown tag ${t}` })),
    });
  }
  const api = await requireTenantApi(deps, corpId);
  await api
    .call('externalcontact/mark_tag', {
      userid: userId,
      external_userid: externalUserId,
      ...(add.length ? { add_tag: add } : {}),
      ...(remove.length ? { remove_tag: remove } : {}),
    })
    .catch((e: unknown) => {
      throw refusalForPerson(e);
    });
  // Against the follow as stored now: the edit_external_contact callback may already have applied it.
  const current = (await deps.follows.followsOfCustomer(corpId, externalUserId)).find((f) => f.userId === userId) ?? mine;
  const tags = [...new Set([...current.tags.filter((t) => !remove.includes(t)), ...add])].sort();
  const diff = tagDiff(current.tags, tags);
  if (diff.added.length + diff.removed.length > 0) {
    await deps.follows.setFollowProfile(corpId, externalUserId, userId, { tags, remark: null }, true);
    const nowMs = deps.clock.now();
    await deps.customerRecords.appendTimeline({
      corpId,
      externalUserId,
      at: Math.floor(nowMs / 1000),
      eventKey: `sidebar#${userId}#${nowMs}`,
      kind: 'tags_changed',
      userId,
      detail: { added: diff.added, removed: diff.removed, source: 'sidebar' },
    });
    if (deps.webhookEvents) {
      await publishTagsChanged(
        deps.webhookEvents,
        corpId,
        { externalUserId, userId, added: diff.added, removed: diff.removed, tags },
        { occurredAt: nowMs, sourceKey: `sidebar#${userId}#${nowMs}` },
      );
    }
  }
  await recordSidebarWrite(deps, member, TAGS_ROUTE, { externalUserId }, { tags: mine.tags }, { tags });
  return groupTags(library, tags);
}

/** Sets the member's remark and/or description of the customer: WeCom externalcontact/remark, then the projection, the timeline and the operation log. */
export async function editRemark(
  deps: SidebarCustomerDeps,
  member: StaffMember,
  externalUserId: string,
  body: z.output<typeof remarkBody>,
): Promise<{ remark: string | null; description: string | null }> {
  const { corpId, userId } = member;
  const { mine } = await ownFollow(deps, member, externalUserId);
  const before = { remark: mine.remark, description: mine.description ?? null };
  const after = { remark: body.remark ?? before.remark, description: body.description ?? before.description };
  const api = await requireTenantApi(deps, corpId);
  await api
    .call('externalcontact/remark', {
      userid: userId,
      external_userid: externalUserId,
      ...(body.remark === undefined ? {} : { remark: body.remark }),
      ...(body.description === undefined ? {} : { description: body.description }),
    })
    .catch((e: unknown) => {
      throw refusalForPerson(e);
    });
  await deps.follows.setFollowProfile(corpId, externalUserId, userId, { tags: [], remark: after.remark, description: after.description }, false);
  if (after.remark !== before.remark && after.remark !== null) {
    const nowMs = deps.clock.now();
    await deps.customerRecords.appendTimeline({
      corpId,
      externalUserId,
      at: Math.floor(nowMs / 1000),
      eventKey: `sidebar#${userId}#${nowMs}`,
      kind: 'remark_changed',
      userId,
      detail: { remark: after.remark, source: 'sidebar' },
    });
  }
  await recordSidebarWrite(deps, member, REMARK_ROUTE, { externalUserId }, before, after);
  return after;
}
