// The corp tag mirror follows WeCom: a full get_corp_tag_list read replaces it, tags WeCom no longer
// lists are marked deleted (never removed).
import type { Clock } from '../clock';
import type { DynamoTagStore } from '../db/tag-repository';
import { tagsOfGroups, type CorpTag } from '../domain/tags';
import type { WecomTenantClient } from '../wecom/client';

export type TagMirror = Pick<DynamoTagStore, 'list' | 'put' | 'markDeleted'>;

export async function syncTags(deps: { tags: TagMirror; clock: Clock }, api: WecomTenantClient, corpId: string): Promise<CorpTag[]> {
  const at = deps.clock.now();
  const listed = tagsOfGroups((await api.call('externalcontact/get_corp_tag_list', {})).tag_group);
  const ids = new Set(listed.map((t) => t.id));
  for (const t of listed) await deps.tags.put(corpId, t, at);
  const mirror = await deps.tags.list(corpId);
  for (const t of mirror) if (!ids.has(t.id) && !t.deleted) await deps.tags.markDeleted(corpId, t.id, at);
  return deps.tags.list(corpId);
}
