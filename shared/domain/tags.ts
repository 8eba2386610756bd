// The corp tag mirror (get_corp_tag_list), flattened to one row per tag. Pure: no I/O.

export interface CorpTag {
  id: string;
  name: string;
  groupId: string;
  groupName: string;
  order: number;
  deleted: boolean;
}

interface TagGroupIn {
  group_id: string;
  group_name: string;
  order?: number | undefined;
  deleted?: boolean | undefined;
  tag: Array<{ id: string; name: string; order?: number | undefined; deleted?: boolean | undefined }>;
}

export function tagsOfGroups(groups: TagGroupIn[]): CorpTag[] {
  return groups.flatMap((g) =>
    g.tag.map((t) => ({
      id: t.id,
      name: t.name,
      groupId: g.group_id,
      groupName: g.group_name,
      order: t.order ?? 0,
      deleted: Boolean(t.deleted || g.deleted),
    })),
  );
}

/** Groups first by name, then tags by WeCom's order (larger first) and name. */
export function sortTags(tags: CorpTag[]): CorpTag[] {
  return [...tags].sort((a, b) => a.groupName.localeCompare(b.groupName) || b.order - a.order || a.name.localeCompare(b.name));
}
