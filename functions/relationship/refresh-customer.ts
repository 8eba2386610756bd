// A customer's profile and one follow's tags/remark, read from WeCom (externalcontact/get).
// An edit: refreshCustomer() reads and stores. An add: the consumer reads first (tryReadCustomer) and
// writes the result with the add's own writes (profilesOfRead), one write per item.
// On an add the reported tags are added (a concurrent greeting's mark_tag + addTags must not be lost);
// on an edit they replace the stored ones and the change goes on the timeline.
// A customer whose personal data was erased (functions/admin-api/personal-data.ts) stays erased: the profile
// and the member's remark/description/phone numbers WeCom still reports are not stored again; tags are.
// The member's remark phone numbers (remark_mobiles) are stored sealed with the tenant secret box
// (shared/customers/remark-mobiles.ts), never in plain text.
import { type Clock } from '../../shared/clock';
import { sealMobiles } from '../../shared/customers/remark-mobiles';
import type { DynamoCustomerStore, SeenProfile } from '../../shared/db/customer-repository';
import type { DynamoFollowStore, FollowProfile } from '../../shared/db/follow-repository';
import { tagDiff } from '../../shared/domain/customers';
import type { SecretBox } from '../../shared/secrets/secret-box';
import type { WecomTenantClient } from '../../shared/wecom/client';
import type { ResponseOf } from '../../shared/wecom/endpoints';
import { WecomApiError } from '../../shared/wecom/wecom-error';
import { publishTagsChanged } from '../../shared/webhooks/publish-events';
import type { WebhookPublisher } from '../../shared/webhooks/webhook';

export interface RefreshDeps {
  follows: Pick<DynamoFollowStore, 'followsOfCustomer' | 'setFollowProfile'>;
  customerRecords: Pick<DynamoCustomerStore, 'get' | 'setProfile' | 'appendTimeline'>;
  clock: Clock;
  /** Seals the remark phone numbers (the tenant secret box). */
  secrets: SecretBox;
  /** Outbound webhooks: customer.tags_changed on an edit that changed the tags. */
  webhookEvents?: WebhookPublisher;
}

type FollowUser = ResponseOf<'externalcontact/get'>['follow_user'][number];

/** All pages of externalcontact/get (follow_user is paged by 500), or undefined for an unknown customer. */
async function readCustomer(api: WecomTenantClient, externalUserId: string) {
  let cursor: string | undefined;
  const followUsers: FollowUser[] = [];
  for (;;) {
    const page = await api.call('externalcontact/get', { external_userid: externalUserId, ...(cursor ? { cursor } : {}) });
    followUsers.push(...page.follow_user);
    cursor = page.next_cursor || undefined;
    if (!cursor) return { contact: page.external_contact, followUsers };
  }
}

export type ContactRead = Awaited<ReturnType<typeof readCustomer>>;

/** An add's WeCom read, or the error it ended in (settled by settleReadError after the add's own writes). */
export async function tryReadCustomer(api: WecomTenantClient, externalUserId: string): Promise<{ read: ContactRead } | { error: unknown }> {
  try {
    return { read: await readCustomer(api, externalUserId) };
  } catch (error) {
    return { error };
  }
}

/**
 * What an add stores from the read, written with the add's own writes (one profile write, one follow
 * write): the person's profile unless their data was erased, and the member's follow profile (tags added)
 * when WeCom lists the member.
 */
export async function profilesOfRead(
  deps: Pick<RefreshDeps, 'secrets'>,
  corpId: string,
  userId: string,
  read: ContactRead,
  erased: boolean,
): Promise<{ customer?: SeenProfile; follow?: FollowProfile }> {
  const c = read.contact;
  const customer = erased
    ? undefined
    : { externalUserId: c.external_userid, name: c.name, avatar: c.avatar || undefined, type: c.type, corpName: c.corp_name || undefined };
  const fu = read.followUsers.find((f) => f.userid === userId);
  if (!fu) return customer ? { customer } : {};
  const follow: FollowProfile = {
    tags: (fu.tags ?? []).flatMap((t) => (t.tag_id && (t.type ?? 1) !== 2 ? [t.tag_id] : [])),
    remark: erased ? null : (fu.remark ?? null),
    description: erased ? null : (fu.description ?? null),
    remarkMobilesCipher: erased ? null : await sealMobiles(deps.secrets, corpId, fu.remark_mobiles),
  };
  return customer ? { customer, follow } : { follow };
}

/**
 * A failed add read, after the add's writes: 40096 (WeCom no longer knows the customer) ends it; 84061
 * while the follow is active is WeCom's transient answer right after an add: rethrown, so SQS retries;
 * anything else is rethrown.
 */
export async function settleReadError(deps: Pick<RefreshDeps, 'follows'>, corpId: string, externalUserId: string, userId: string, e: unknown): Promise<void> {
  if (!(e instanceof WecomApiError)) throw e;
  if (e.errcode === 40096) return;
  if (e.errcode === 84061) {
    const follow = (await deps.follows.followsOfCustomer(corpId, externalUserId)).find((f) => f.userId === userId);
    if (follow?.status === 'active') throw e;
    return;
  }
  throw e;
}

export interface RefreshInput {
  corpId: string;
  externalUserId: string;
  userId: string;
  mode: 'add' | 'edit';
  at: number;
  eventKey: string;
}

/**
 * 'applied', or 'ignored' when WeCom no longer knows the customer or the follow. 84061 while our
 * follow is still active is WeCom's transient answer right after an add: it is rethrown so SQS retries.
 */
export async function refreshCustomer(deps: RefreshDeps, api: WecomTenantClient, input: RefreshInput): Promise<'applied' | 'ignored'> {
  const { corpId, externalUserId, userId } = input;
  const fetchedAt = deps.clock.now();
  let read: Awaited<ReturnType<typeof readCustomer>>;
  try {
    read = await readCustomer(api, externalUserId);
  } catch (e) {
    if (!(e instanceof WecomApiError)) throw e;
    if (e.errcode === 40096) return 'ignored';
    if (e.errcode === 84061) {
      const follow = (await deps.follows.followsOfCustomer(corpId, externalUserId)).find((f) => f.userId === userId);
      if (follow?.status === 'active') throw e;
      return 'ignored';
    }
    throw e;
  }
  const c = read.contact;
  const erased = Boolean((await deps.customerRecords.get(corpId, externalUserId))?.erasedAt);
  if (!erased) {
    await deps.customerRecords.setProfile(
      corpId,
      { externalUserId, name: c.name, avatar: c.avatar || undefined, type: c.type, corpName: c.corp_name || undefined },
      fetchedAt,
    );
  }
  const fu = read.followUsers.find((f) => f.userid === userId);
  if (!fu) return input.mode === 'add' ? 'ignored' : 'applied';
  const tags = (fu.tags ?? []).flatMap((t) => (t.tag_id && (t.type ?? 1) !== 2 ? [t.tag_id] : []));
  const remark = erased ? null : (fu.remark ?? null);
  const before = (await deps.follows.followsOfCustomer(corpId, externalUserId)).find((f) => f.userId === userId);
  await deps.follows.setFollowProfile(
    corpId,
    externalUserId,
    userId,
    {
      tags,
      remark,
      description: erased ? null : (fu.description ?? null),
      remarkMobilesCipher: erased ? null : await sealMobiles(deps.secrets, corpId, fu.remark_mobiles),
    },
    input.mode === 'edit',
  );
  if (input.mode === 'edit') {
    const diff = tagDiff(before?.tags ?? [], tags);
    const remarkChanged = (before?.remark ?? null) !== remark && remark !== null;
    if (diff.added.length + diff.removed.length > 0 || remarkChanged) {
      await deps.customerRecords.appendTimeline({
        corpId,
        externalUserId,
        at: input.at,
        eventKey: input.eventKey,
        kind: diff.added.length + diff.removed.length > 0 ? 'tags_changed' : 'remark_changed',
        userId,
        detail: {
          ...(diff.added.length + diff.removed.length > 0 ? { added: diff.added, removed: diff.removed } : {}),
          ...(remarkChanged ? { remark } : {}),
        },
      });
    }
    if (diff.added.length + diff.removed.length > 0 && deps.webhookEvents) {
      await publishTagsChanged(
        deps.webhookEvents,
        corpId,
        { externalUserId, userId, added: diff.added, removed: diff.removed, tags },
        { occurredAt: input.at * 1000, sourceKey: input.eventKey },
      );
    }
  }
  return 'applied';
}
