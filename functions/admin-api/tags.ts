// Corp tags in the admin API (docs/manual.md#admin-api): GET …/tags reads the local mirror of get_corp_tag_list (synced
// first when empty; deleted tags only with ?includeDeleted=true), POST …/tags creates a corp tag in WeCom
// (add_corp_tag; a group of that name is reused or created) and mirrors it.
import type { Clock } from '../../shared/clock';
import * as z from 'zod';
import { syncTags, type TagMirror } from '../../shared/customers/tag-sync';
import { sortTags, type CorpTag } from '../../shared/domain/tags';
import { ConflictError } from '../../shared/errors';
import { displayName } from '../../shared/input/text.schema';
import { requireTenantApi, type TenantApiDeps } from '../../shared/tenants/tenant-api';
import { WecomApiError } from '../../shared/wecom/wecom-error';
import { msg } from '../../shared/i18n/messages';

export interface TagDeps extends TenantApiDeps {
  tagMirror: TagMirror;
  clock: Clock;
}

const name = displayName(30);
export const tagBody = z.strictObject({ groupName: name, name, order: z.number().int().min(0).max(4_294_967_295).optional() });
export const tagsQuery = z.object({ includeDeleted: z.enum(['true', 'false']).optional() });

/** A corp tag (企业标签) as the API shows it. */
export const tagView = z.strictObject({
  id: z.string().describe('企业微信标签 id / WeCom tag id'),
  name: z.string(),
  groupId: z.string(),
  groupName: z.string(),
  order: z.number().int().min(0).describe('排序值，越大越靠前（企业微信）/ WeCom order: larger first'),
  deleted: z.boolean(),
});
export const tagListView = z.strictObject({ items: z.array(tagView) });

const tagOut = (t: CorpTag): z.output<typeof tagView> => ({
  id: t.id,
  name: t.name,
  groupId: t.groupId,
  groupName: t.groupName,
  order: t.order,
  deleted: t.deleted,
});

export async function listTags(deps: TagDeps, corpId: string, q: z.output<typeof tagsQuery>): Promise<z.output<typeof tagListView>> {
  let tags = await deps.tagMirror.list(corpId);
  if (tags.length === 0) tags = await syncTags({ tags: deps.tagMirror, clock: deps.clock }, await requireTenantApi(deps, corpId), corpId);
  return { items: sortTags(tags.filter((t) => q.includeDeleted === 'true' || !t.deleted)).map(tagOut) };
}

export async function createTag(deps: TagDeps, corpId: string, input: z.output<typeof tagBody>) {
  const api = await requireTenantApi(deps, corpId);
  let created;
  try {
    created = await api.call('externalcontact/add_corp_tag', {
      group_name: input.groupName,
      tag: [{ name: input.name, ...(input.order === undefined ? {} : { order: input.order }) }],
    });
  } catch (e) {
    if (e instanceof WecomApiError && e.errcode === 40071) throw new ConflictError(msg('tag_name_taken'));
    throw e;
  }
  const g = created.tag_group;
  const t = g.tag.find((x) => x.name === input.name) ?? g.tag[0];
  if (!t) throw new ConflictError(msg('tag_not_created'));
  const tag: CorpTag = { id: t.id, name: t.name, groupId: g.group_id, groupName: g.group_name, order: t.order ?? 0, deleted: false };
  // API-created tags raise no callback: resync the whole mirror (it may have been empty until now).
  const mirrored = await syncTags({ tags: deps.tagMirror, clock: deps.clock }, api, corpId);
  return tagOut(mirrored.find((x) => x.id === tag.id) ?? tag);
}
