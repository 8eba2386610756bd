// Materials of a tenant's library (素材库): one item each in the tenant's MATERIALS partition (keys.material), in id
// order; the original's bytes are not here (S3, shared/aws/s3-blob-store.ts).
import { DeleteCommand, GetCommand, PutCommand, QueryCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { MediaPatch, Material, MaterialKind, MaterialPage, MaterialStore } from '../materials/material';
import { decodeCursor, encodeCursor } from './cursor';
import { keys, recordOf } from './keys';

export class DynamoMaterialStore implements MaterialStore {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async put(m: Material): Promise<void> {
    await this.doc.send(
      new PutCommand({ TableName: this.tableName, Item: { ...keys.material(m.corpId, m.id), entity: 'material', v: 1, tenantId: m.corpId, ...m } }),
    );
  }

  async get(corpId: string, id: string): Promise<Material | undefined> {
    const out = await this.doc.send(new GetCommand({ TableName: this.tableName, Key: keys.material(corpId, id), ConsistentRead: true }));
    return out.Item ? recordOf<Material>(out.Item) : undefined;
  }

  /** A page of `limit` materials (of `kind`), after the cursor's id; reads on until the page is full or the partition ends. */
  async list(corpId: string, o: { kind?: MaterialKind | undefined; limit: number; cursor?: string | undefined }): Promise<MaterialPage> {
    const pk = keys.materials(corpId);
    let after = o.cursor === undefined ? undefined : decodeCursor('materials', o.cursor).a;
    const items: Material[] = [];
    for (;;) {
      const out = await this.doc.send(
        new QueryCommand({
          TableName: this.tableName,
          KeyConditionExpression: 'pk = :pk AND begins_with(sk, :p)',
          ExpressionAttributeValues: { ':pk': pk, ':p': 'MAT#' },
          ...(after === undefined ? {} : { ExclusiveStartKey: keys.material(corpId, after) }),
          Limit: o.limit + 1,
        }),
      );
      for (const i of out.Items ?? []) {
        const m = recordOf<Material>(i);
        after = m.id;
        if (o.kind === undefined || m.kind === o.kind) items.push(m);
        if (items.length > o.limit) break;
      }
      if (items.length > o.limit || !out.LastEvaluatedKey) break;
    }
    const more = items.length > o.limit;
    const page = items.slice(0, o.limit);
    return { items: page, nextCursor: more ? encodeCursor('materials', { a: page[page.length - 1]!.id }) : null };
  }

  async delete(corpId: string, id: string): Promise<boolean> {
    const out = await this.doc.send(new DeleteCommand({ TableName: this.tableName, Key: keys.material(corpId, id), ReturnValues: 'ALL_OLD' }));
    return out.Attributes !== undefined;
  }

  async saveMedia(corpId: string, id: string, patch: MediaPatch): Promise<void> {
    const sets: string[] = [];
    const values: Record<string, unknown> = {};
    if (patch.media) {
      sets.push('media = :m');
      values[':m'] = patch.media;
    }
    if (patch.imageUrl) {
      sets.push('imageUrl = :u');
      values[':u'] = patch.imageUrl;
    }
    if (patch.momentMedia) {
      sets.push('momentMedia = :mm');
      values[':mm'] = patch.momentMedia;
    }
    if (sets.length === 0) return;
    try {
      await this.doc.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: keys.material(corpId, id),
          UpdateExpression: `SET ${sets.join(', ')}`,
          ConditionExpression: 'attribute_exists(pk)',
          ExpressionAttributeValues: values,
        }),
      );
    } catch (e) {
      // Deleted meanwhile: nothing to cache on.
      if ((e as { name?: string }).name !== 'ConditionalCheckFailedException') throw e;
    }
  }
}
