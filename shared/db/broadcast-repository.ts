// Broadcasts on the single table: one item per broadcast (its request, status, counts, batches and a
// capped list of blocked and failed recipients). Every write after creation is conditional on the
// version read, so a stale writer never overwrites a newer state.
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { BroadcastStatus, CustomerFilter } from '../domain/broadcast';
import type { BatchResult, BlockReason, MassContent } from '../domain/quota';
import { keys, recordOf } from './keys';

export interface BroadcastRecord {
  corpId: string;
  id: string;
  target: 'customers' | 'groups';
  filter: CustomerFilter & { chatIds?: string[] | undefined };
  content: MassContent & { nameFallback?: string | undefined };
  /** Unix seconds. */
  sendAt: number;
  status: BroadcastStatus;
  /** Customers added after this (the first run) are not in the audience. */
  audienceAsOf?: number | undefined;
  audience: number;
  sent: number;
  blockedCount: number;
  blockedByReason: Partial<Record<BlockReason, number>>;
  /** The first BLOCKED_LIST recipients blocked, with their reason. */
  blocked: Array<{ recipient: string; reason: BlockReason }>;
  failedCount: number;
  failed: Array<{ recipient: string; reason: string }>;
  remaining: number;
  msgids: string[];
  batches: BatchResult[];
  runs: number;
  error?: { errcode: number; errmsg: string } | undefined;
  createdAt: string;
  updatedAt: string;
  version: number;
}

export interface BroadcastStore {
  get(corpId: string, id: string): Promise<BroadcastRecord | undefined>;
  create(r: BroadcastRecord): Promise<void>;
  /** Stores `r` if the stored version is still `r.version - 1`; false when someone else wrote meanwhile. */
  update(r: BroadcastRecord): Promise<boolean>;
}

export class DynamoBroadcastStore implements BroadcastStore {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async get(corpId: string, id: string): Promise<BroadcastRecord | undefined> {
    const out = await this.doc.send(new GetCommand({ TableName: this.tableName, Key: keys.broadcast(corpId, id), ConsistentRead: true }));
    return out.Item ? { ...recordOf<BroadcastRecord>(out.Item), corpId } : undefined;
  }

  private item(r: BroadcastRecord) {
    return JSON.parse(JSON.stringify({ ...keys.broadcast(r.corpId, r.id), entity: 'broadcast', v: 1, tenantId: r.corpId, ...r, corpId: undefined })) as Record<
      string,
      unknown
    >;
  }

  async create(r: BroadcastRecord): Promise<void> {
    await this.doc.send(new PutCommand({ TableName: this.tableName, Item: this.item(r), ConditionExpression: 'attribute_not_exists(pk)' }));
  }

  async update(r: BroadcastRecord): Promise<boolean> {
    try {
      await this.doc.send(
        new PutCommand({
          TableName: this.tableName,
          Item: this.item(r),
          ConditionExpression: 'version = :prev',
          ExpressionAttributeValues: { ':prev': r.version - 1 },
        }),
      );
      return true;
    } catch (e) {
      if (e instanceof ConditionalCheckFailedException) return false;
      throw e;
    }
  }
}
