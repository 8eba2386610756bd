// Broadcasts on the single table: one item per broadcast (its request, status, counts, batches and a
// capped list of blocked and failed recipients). Every write after creation is conditional on the
// version read, so a stale writer never overwrites a newer state.
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand, QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { BroadcastStatus, CustomerFilter } from '../domain/broadcast';
import type { DeliveryStatus, RecipientCounts, StaffCompletion } from '../domain/broadcast-results';
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
  /** What members and recipients did after WeCom accepted it (群发结果), polled until final. */
  delivery?: BroadcastDelivery | undefined;
  createdAt: string;
  updatedAt: string;
  version: number;
}

export interface BroadcastDelivery {
  status: DeliveryStatus;
  /** Unix seconds WeCom accepted the last batch (the one-month result window counts from the first). */
  acceptedAt: number;
  staff: StaffCompletion[];
  recipients: RecipientCounts;
  /** Unix seconds of the last poll. */
  checkedAt?: number | undefined;
  /** Unix seconds of each remind (the last 24 h kept). */
  reminders: number[];
  cancelledAt?: number | undefined;
}

export interface BroadcastStore {
  get(corpId: string, id: string): Promise<BroadcastRecord | undefined>;
  create(r: BroadcastRecord): Promise<void>;
  /** Stores `r` if the stored version is still `r.version - 1`; false when someone else wrote meanwhile. */
  update(r: BroadcastRecord): Promise<boolean>;
  /** A page of the tenant's broadcasts, newest first (ids start with their creation time), after the id `after`. */
  list(corpId: string, limit: number, after?: string): Promise<{ items: BroadcastRecord[]; last: string | null }>;
}

const PREFIX = 'BCAST#';

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

  async list(corpId: string, limit: number, after?: string): Promise<{ items: BroadcastRecord[]; last: string | null }> {
    const out = await this.doc.send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: 'pk = :p AND begins_with(sk, :s)',
        ExpressionAttributeValues: { ':p': keys.tenant(corpId).pk, ':s': PREFIX },
        ScanIndexForward: false,
        Limit: limit,
        ...(after ? { ExclusiveStartKey: keys.broadcast(corpId, after) } : {}),
      }),
    );
    const items = (out.Items ?? []).map((i) => ({ ...recordOf<BroadcastRecord>(i), corpId }));
    const lastKey = out.LastEvaluatedKey?.sk;
    return { items, last: typeof lastKey === 'string' ? lastKey.slice(PREFIX.length) : null };
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
