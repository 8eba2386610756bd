// The operation log on the single table: one partition per tenant (keys.operationLog) holding the entries
// (sk `E#<atMs>#<seq>`) and the chain head (sk `HEAD`: seq, hash, atMs of the last entry). An append reads
// the head, seals the next entry on it (shared/oplog/entry.ts) and writes entry and head in one transaction,
// the head conditioned on the seq it was read at: of two concurrent appends of a tenant one wins and the
// other re-reads the head and tries again (jittered backoff), so the chain never forks or skips.
import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { GetCommand, TransactWriteCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { sealEntry, type ChainHead, type OperationDraft, type OperationEntry } from '../oplog/entry';
import { entrySortKey, entrySortRange, type OperationLogQuery, type OperationLogStore } from '../oplog/store';
import { cursorOutsideQuery, decodeCursor, encodeCursor } from './cursor';
import { keys, recordOf } from './keys';
import { queryPage, queryPages } from './query-all';

/** Attempts of one append before it gives up (each conflict means another entry of the tenant was written). */
export const APPEND_ATTEMPTS = 20;
const HEAD_SK = 'HEAD';

/**
 * The diff is stored as its JSON text: whatever a request body held (deep nesting, numbers beyond
 * DynamoDB's or JavaScript's safe range, empty keys) is stored as it was hashed, and an item is read back
 * exactly as it was sealed.
 */
const toItem = (e: OperationEntry) => ({ ...e, diff: JSON.stringify(e.diff) });
const fromItem = (i: Record<string, unknown>): OperationEntry => {
  const r = recordOf<Omit<OperationEntry, 'diff'> & { diff: unknown }>(i);
  return { ...r, diff: typeof r.diff === 'string' ? (JSON.parse(r.diff) as OperationEntry['diff']) : (r.diff as OperationEntry['diff']) };
};

const conflicted = (e: unknown) =>
  e instanceof TransactionCanceledException &&
  (e.CancellationReasons ?? []).some((r) => r.Code === 'ConditionalCheckFailed' || r.Code === 'TransactionConflict');

export class DynamoOperationLog implements OperationLogStore {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly sleep: (ms: number) => Promise<void> = (ms) => new Promise((r) => setTimeout(r, ms)),
  ) {}

  async head(corpId: string): Promise<ChainHead | undefined> {
    const out = await this.doc.send(new GetCommand({ TableName: this.tableName, Key: { pk: keys.operationLog(corpId), sk: HEAD_SK }, ConsistentRead: true }));
    if (!out.Item) return undefined;
    return { seq: Number(out.Item.seq), hash: String(out.Item.hash), atMs: Number(out.Item.atMs) };
  }

  async append(draft: OperationDraft, nowMs: number): Promise<OperationEntry> {
    const pk = keys.operationLog(draft.corpId);
    for (let attempt = 1; ; attempt++) {
      const head = await this.head(draft.corpId);
      const { entry, head: next } = sealEntry(draft, head, nowMs);
      try {
        await this.doc.send(
          new TransactWriteCommand({
            TransactItems: [
              {
                Put: {
                  TableName: this.tableName,
                  Item: { pk, sk: entrySortKey(next.atMs, entry.seq), entity: 'operationLog', v: 1, tenantId: draft.corpId, ...toItem(entry) },
                  ConditionExpression: 'attribute_not_exists(pk)',
                },
              },
              {
                Put: {
                  TableName: this.tableName,
                  Item: { pk, sk: HEAD_SK, entity: 'operationLogHead', v: 1, tenantId: draft.corpId, ...next },
                  ...(head
                    ? {
                        ConditionExpression: 'seq = :seq AND #hash = :hash',
                        ExpressionAttributeNames: { '#hash': 'hash' },
                        ExpressionAttributeValues: { ':seq': head.seq, ':hash': head.hash },
                      }
                    : { ConditionExpression: 'attribute_not_exists(pk)' }),
                },
              },
            ],
          }),
        );
        return entry;
      } catch (e) {
        if (!conflicted(e) || attempt >= APPEND_ATTEMPTS) throw e;
        await this.sleep(Math.random() * Math.min(200, 5 * 2 ** attempt));
      }
    }
  }

  async list(corpId: string, q: OperationLogQuery): Promise<{ items: OperationEntry[]; cursor?: string | undefined }> {
    const pk = keys.operationLog(corpId);
    const { lo, hi } = entrySortRange(q.from, q.to);
    // A cursor is the sort key last read, inside this range (newest first: the next page is below it).
    const after = q.cursor ? decodeCursor('operationLog', q.cursor).sk : undefined;
    if (after !== undefined && (after < lo || after > hi)) throw cursorOutsideQuery();
    const filters: string[] = [];
    const names: Record<string, string> = {};
    const values: Record<string, unknown> = { ':p': pk, ':lo': lo, ':hi': hi };
    if (q.actor) {
      filters.push('(actor.keyId = :actor OR actor.userId = :actor)');
      values[':actor'] = q.actor;
    }
    if (q.route) {
      filters.push('contains(#route, :route)');
      names['#route'] = 'route';
      values[':route'] = q.route;
    }
    const start: Record<string, unknown> | undefined = after === undefined ? undefined : { pk, sk: after };
    const page = await queryPage(
      this.doc,
      {
        TableName: this.tableName,
        KeyConditionExpression: 'pk = :p AND sk BETWEEN :lo AND :hi',
        ...(filters.length > 0 ? { FilterExpression: filters.join(' AND ') } : {}),
        ...(Object.keys(names).length > 0 ? { ExpressionAttributeNames: names } : {}),
        ExpressionAttributeValues: values,
        ScanIndexForward: false,
      },
      q.limit,
      start,
    );
    const items = page.items.map(fromItem);
    return { items, ...(page.last ? { cursor: encodeCursor('operationLog', { sk: String(page.last.sk) }) } : {}) };
  }

  async *chain(corpId: string): AsyncIterable<OperationEntry> {
    const pages = queryPages(this.doc, {
      TableName: this.tableName,
      KeyConditionExpression: 'pk = :p AND begins_with(sk, :e)',
      ExpressionAttributeValues: { ':p': keys.operationLog(corpId), ':e': 'E#' },
      ConsistentRead: true,
    });
    for await (const out of pages) for (const i of out.Items ?? []) yield fromItem(i);
  }
}
