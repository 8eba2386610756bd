// Tag edits in the admin API (docs/manual.md#客户标签): put corp tags on / take them off a customer
// (PATCH …/customers/{externalUserId}/tags → WeCom mark_tag), rename/reorder and delete tags and tag groups
// (PATCH/DELETE …/tags/{id}, …/tag-groups/{id} → edit_corp_tag / del_corp_tag).
//
// Tags in WeCom live on a follow (员工 ↔ 客户), not on the customer (wecom-frontier.md §5: mark_tag takes
// {userid, external_userid}). Without `userId` the edit applies to every active follow of the customer — what an
// operator means by "tag this customer" — with `userId` to that member's follow only.
//
// No double counting: mark_tag makes WeCom send edit_external_contact, whose consumer re-reads the follow and
// diffs against what is stored (functions/relationship/refresh-customer.ts). Here the projection and the timeline
// are written against the follow as stored after mark_tag, so whichever side comes second finds the tags already
// there and adds no second timeline entry, and publishes no second customer.tags_changed webhook: the path that
// stores the change publishes it (shared/webhooks/publish-events.ts publishTagsChanged). Tag and group edits resync the mirror (syncTags writes what WeCom
// lists, idempotently), so the change_external_tag callback that follows changes nothing more.
import * as z from 'zod';
import type { Clock } from '../../shared/clock';
import { syncTags, type TagMirror } from '../../shared/customers/tag-sync';
import type { DynamoCustomerStore } from '../../shared/db/customer-repository';
import type { DynamoFollowStore } from '../../shared/db/follow-repository';
import { tagDiff } from '../../shared/domain/customers';
import { ConflictError, NotFoundError, ValidationError } from '../../shared/errors';
import { msg } from '../../shared/i18n/messages';
import { displayName } from '../../shared/input/text.schema';
import { requireTenantApi, type TenantApiDeps } from '../../shared/tenants/tenant-api';
import { publishTagsChanged } from '../../shared/webhooks/publish-events';
import type { WebhookPublisher } from '../../shared/webhooks/webhook';
import { refusalForPerson } from '../../shared/wecom/refusal';
import { WecomApiError } from '../../shared/wecom/wecom-error';

export interface TagEditDeps extends TenantApiDeps {
  tagMirror: TagMirror;
  follows: Pick<DynamoFollowStore, 'followsOfCustomer' | 'setFollowProfile'>;
  customerRecords: Pick<DynamoCustomerStore, 'appendTimeline'>;
  clock: Clock;
  /** Outbound webhooks: customer.tags_changed when an edit changed a follow's tags (absent: none published). */
  webhookEvents?: WebhookPublisher;
}

const tagIds = z.array(z.string().min(1).max(64)).max(100);
export const customerTagsBody = z
  .strictObject({
    add: tagIds.optional(),
    remove: tagIds.optional(),
    userId: z
      .string()
      .min(1)
      .max(64)
      .optional()
      .describe('只改此成员的跟进关系；缺省为所有在跟进的成员 / only this member’s follow; default: every active follow'),
  })
  .refine((b) => (b.add?.length ?? 0) + (b.remove?.length ?? 0) > 0, { message: 'add and remove are both empty' })
  .refine((b) => !(b.add ?? []).some((t) => (b.remove ?? []).includes(t)), { message: 'a tag is both added and removed' });

/** The customer's tags per follow after the edit. */
export const customerTagsView = z.strictObject({
  items: z.array(z.strictObject({ userId: z.string(), tags: z.array(z.string()) })),
});

export const tagEditBody = z
  .strictObject({ name: displayName(30).optional(), order: z.number().int().min(0).max(4_294_967_295).optional() })
  .refine((b) => b.name !== undefined || b.order !== undefined, { message: 'name or order is required' });
export const tagGroupParams = z.object({ groupId: z.string().min(1).max(64) });

/** Adds and removes corp tags on the customer's follows: mark_tag per follow, then the projection and the timeline. */
export async function editCustomerTags(
  deps: TagEditDeps,
  corpId: string,
  externalUserId: string,
  body: z.output<typeof customerTagsBody>,
): Promise<z.output<typeof customerTagsView>> {
  const add = [...new Set(body.add ?? [])];
  const remove = [...new Set(body.remove ?? [])];
  const follows = (await deps.follows.followsOfCustomer(corpId, externalUserId)).filter((f) => f.status === 'active');
  const targets = body.userId === undefined ? follows : follows.filter((f) => f.userId === body.userId);
  if (targets.length === 0) throw new NotFoundError(msg(body.userId === undefined ? 'unknown_customer' : 'follow_not_found'));
  const live = new Set((await deps.tagMirror.list(corpId)).filter((t) => !t.deleted).map((t) => t.id));
  const unknown = add.filter((t) => !live.has(t));
  if (unknown.length > 0) {
    throw new ValidationError(msg('sidebar_unknown_tags', { ids: unknown.join(', ') }), {
      details: unknown.map((t) => ({ path: 'add', message: `unknown tag ${t}` })),
    });
  }
  const api = await requireTenantApi(deps, corpId);
  const items: z.output<typeof customerTagsView>['items'] = [];
  for (const f of targets) {
    await api
      .call('externalcontact/mark_tag', {
        userid: f.userId,
        external_userid: externalUserId,
        ...(add.length ? { add_tag: add } : {}),
        ...(remove.length ? { remove_tag: remove } : {}),
      })
      .catch((e: unknown) => {
        throw refusalForPerson(e);
      });
    // Against the follow as stored now: the edit_external_contact callback may already have applied it.
    const current = (await deps.follows.followsOfCustomer(corpId, externalUserId)).find((x) => x.userId === f.userId) ?? f;
    const tags = [...new Set([...current.tags.filter((t) => !remove.includes(t)), ...add])].sort();
    const diff = tagDiff(current.tags, tags);
    if (diff.added.length + diff.removed.length > 0) {
      await deps.follows.setFollowProfile(corpId, externalUserId, f.userId, { tags, remark: null }, true);
      const nowMs = deps.clock.now();
      await deps.customerRecords.appendTimeline({
        corpId,
        externalUserId,
        at: Math.floor(nowMs / 1000),
        eventKey: `admin#${f.userId}#${nowMs}`,
        kind: 'tags_changed',
        userId: f.userId,
        detail: { added: diff.added, removed: diff.removed, source: 'admin' },
      });
      if (deps.webhookEvents) {
        await publishTagsChanged(
          deps.webhookEvents,
          corpId,
          { externalUserId, userId: f.userId, added: diff.added, removed: diff.removed, tags },
          { occurredAt: nowMs, sourceKey: `admin#${f.userId}#${nowMs}` },
        );
      }
    }
    items.push({ userId: f.userId, tags });
  }
  return { items };
}

async function wecomTagCall(run: () => Promise<unknown>): Promise<void> {
  try {
    await run();
  } catch (e) {
    if (e instanceof WecomApiError && e.errcode === 40068) throw new NotFoundError(msg('tag_not_found'));
    if (e instanceof WecomApiError && e.errcode === 40071) throw new ConflictError(msg('tag_name_taken'));
    throw refusalForPerson(e);
  }
}

/** Renames/reorders a tag or a tag group (WeCom's edit_corp_tag takes either id), then resyncs the mirror. */
export async function editTag(deps: TagEditDeps, corpId: string, id: string, body: z.output<typeof tagEditBody>): Promise<{ id: string }> {
  const api = await requireTenantApi(deps, corpId);
  await wecomTagCall(() =>
    api.call('externalcontact/edit_corp_tag', {
      id,
      ...(body.name === undefined ? {} : { name: body.name }),
      ...(body.order === undefined ? {} : { order: body.order }),
    }),
  );
  await syncTags({ tags: deps.tagMirror, clock: deps.clock }, api, corpId);
  return { id };
}

/** Deletes a tag or a whole tag group in WeCom (followers lose it), then resyncs the mirror (it stays listed as deleted). */
export async function deleteTag(deps: TagEditDeps, corpId: string, which: { tagId?: string; groupId?: string }): Promise<void> {
  const api = await requireTenantApi(deps, corpId);
  await wecomTagCall(() =>
    api.call('externalcontact/del_corp_tag', { ...(which.tagId ? { tag_id: [which.tagId] } : {}), ...(which.groupId ? { group_id: [which.groupId] } : {}) }),
  );
  await syncTags({ tags: deps.tagMirror, clock: deps.clock }, api, corpId);
}
