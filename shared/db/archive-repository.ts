// Archived messages (one item per msgid, in its Shanghai day's partition, with a GSI1 entry under the
// customer) and customers' consent to archiving (order-safe by the consent time). A message's keyword
// actions live on its item (`actions`, written with the message in one conditional put) with the set of
// those done (`actionsDone`, added one at a time under a condition): never shown by search.
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand, QueryCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { ArchiveCursorStore } from '../archive/archive-feed';
import type { ArchiveAction, ArchiveActions, ArchivedMessage, ArchiveQuery, ArchiveStore, Consent, ConsentStore } from '../archive/archive-ports';
import { shanghaiDay } from '../events/time';
import { cursorOutsideQuery, decodeCursor, encodeCursor, type PagePosition } from './cursor';
import { keys, recordOf } from './keys';

export class DynamoArchiveStore implements ArchiveStore {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  private keyOf(corpId: string, msgtime: number, msgid: string) {
    return { pk: keys.archiveDay(corpId, shanghaiDay(Math.floor(msgtime / 1000))), sk: keys.archiveSort(msgtime, msgid) };
  }

  async put(m: ArchivedMessage, actions?: ArchiveActions): Promise<'stored' | 'exists'> {
    const key = this.keyOf(m.corpId, m.msgtime, m.msgid);
    try {
      await this.doc.send(
        new PutCommand({
          TableName: this.tableName,
          Item: {
            ...key,
            gsi1pk: keys.archiveOfCustomer(m.corpId, m.customer),
            gsi1sk: key.sk,
            entity: 'archivedMessage',
            v: 1,
            tenantId: m.corpId,
            ...m,
            // Lower-cased copy for case-insensitive search.
            searchText: m.text.toLowerCase(),
            ...(actions ? { actions } : {}),
          },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
      return 'stored';
    } catch (e) {
      if (e instanceof ConditionalCheckFailedException) return 'exists';
      throw e;
    }
  }

  async actionsOf(corpId: string, msgtime: number, msgid: string) {
    const out = await this.doc.send(
      new GetCommand({
        TableName: this.tableName,
        Key: this.keyOf(corpId, msgtime, msgid),
        ProjectionExpression: 'actions, actionsDone',
        ConsistentRead: true,
      }),
    );
    const planned = out.Item?.actions as ArchiveActions | undefined;
    if (!planned) return undefined;
    const done = out.Item?.actionsDone as Set<string> | undefined;
    return { planned, done: [...(done ?? [])] as ArchiveAction[] };
  }

  async markActionDone(corpId: string, msgtime: number, msgid: string, action: ArchiveAction): Promise<'marked' | 'exists'> {
    try {
      await this.doc.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: this.keyOf(corpId, msgtime, msgid),
          UpdateExpression: 'ADD actionsDone :one',
          ConditionExpression: 'attribute_exists(pk) AND (attribute_not_exists(actionsDone) OR NOT contains(actionsDone, :action))',
          ExpressionAttributeValues: { ':one': new Set([action]), ':action': action },
        }),
      );
      return 'marked';
    } catch (e) {
      if (e instanceof ConditionalCheckFailedException) return 'exists';
      throw e;
    }
  }

  /**
   * Time-ordered search. With a customer: one GSI1 query over the range. Otherwise day partitions in
   * order. Staff and text narrow with filters; the cursor carries the day and the last key.
   */
  async search(corpId: string, q: ArchiveQuery): Promise<{ items: ArchivedMessage[]; cursor?: string | undefined }> {
    const bounds = { ':a': keys.archiveSort(q.fromMs, ''), ':b': keys.archiveSort(q.toMs, '~') };
    const filters: string[] = [];
    const values: Record<string, unknown> = {};
    if (q.staff) {
      filters.push('staff = :staff');
      values[':staff'] = q.staff;
    }
    if (q.q) {
      filters.push('contains(searchText, :q)');
      values[':q'] = q.q.toLowerCase();
    }
    const allDays = daysBetween(q.fromMs, q.toMs);
    const position = q.cursor ? startOf(decodeCursor('archive', q.cursor), q.customer === undefined ? allDays : undefined, bounds) : undefined;
    const items: ArchivedMessage[] = [];
    const days = q.customer ? [undefined] : allDays.filter((d) => !position?.day || d >= position.day);
    for (const day of days) {
      // The start key is rebuilt for this tenant from the sort key: the day partition's, plus GSI1's for a customer.
      let start: Record<string, unknown> | undefined =
        position?.sk === undefined || (!q.customer && position.day !== day)
          ? undefined
          : q.customer
            ? { ...messageKey(corpId, position.sk), gsi1pk: keys.archiveOfCustomer(corpId, q.customer), gsi1sk: position.sk }
            : messageKey(corpId, position.sk);
      do {
        const out = await this.doc.send(
          new QueryCommand({
            TableName: this.tableName,
            ...(day === undefined
              ? { IndexName: 'gsi1', KeyConditionExpression: 'gsi1pk = :p AND gsi1sk BETWEEN :a AND :b' }
              : { KeyConditionExpression: 'pk = :p AND sk BETWEEN :a AND :b' }),
            ...(filters.length ? { FilterExpression: filters.join(' AND ') } : {}),
            ExpressionAttributeValues: {
              ':p': day === undefined ? keys.archiveOfCustomer(corpId, q.customer!) : keys.archiveDay(corpId, day),
              ...bounds,
              ...values,
            },
            ExclusiveStartKey: start,
            Limit: q.limit,
          }),
        );
        items.push(
          ...(out.Items ?? [])
            .map((i) => recordOf<ArchivedMessage & { searchText?: string; actions?: unknown; actionsDone?: unknown }>(i))
            .map(({ searchText: _s, actions: _a, actionsDone: _d, ...m }) => m),
        );
        start = out.LastEvaluatedKey;
        if (items.length >= q.limit) {
          const sk = start === undefined ? undefined : String(day === undefined ? start.gsi1sk : start.sk);
          return {
            items: items.slice(0, q.limit),
            cursor: sk !== undefined ? encodeCursor('archive', day === undefined ? { sk } : { day, sk }) : nextDayCursor(days, day),
          };
        }
      } while (start);
    }
    return { items };
  }
}

type Position = { day?: string | undefined; sk?: string | undefined };

/** A cursor's position, if it fits the query: its day among `days` (none for a customer's), its key in the bounds and on that day. */
function startOf(p: PagePosition<'archive'>, days: string[] | undefined, bounds: { ':a': string; ':b': string }): Position {
  const day = 'day' in p ? p.day : undefined;
  const fits =
    (days === undefined ? day === undefined : day !== undefined && days.includes(day)) &&
    (p.sk === undefined || (p.sk >= bounds[':a'] && p.sk <= bounds[':b'] && (day === undefined || dayOfSort(p.sk) === day)));
  if (!fits) throw cursorOutsideQuery();
  return { day, sk: p.sk };
}

const dayOfSort = (sk: string) => shanghaiDay(Math.floor(Number(sk.slice(0, 13)) / 1000));
/** A message's table key, from its sort key (the partition is the day of its time). */
const messageKey = (corpId: string, sk: string) => ({ pk: keys.archiveDay(corpId, dayOfSort(sk)), sk });

function daysBetween(fromMs: number, toMs: number): string[] {
  const out: string[] = [];
  for (let t = fromMs; shanghaiDay(Math.floor(t / 1000)) <= shanghaiDay(Math.floor(toMs / 1000)); t += 86_400_000) out.push(shanghaiDay(Math.floor(t / 1000)));
  return [...new Set(out)];
}

function nextDayCursor(days: Array<string | undefined>, day: string | undefined): string | undefined {
  const i = days.indexOf(day);
  const next = i >= 0 ? days[i + 1] : undefined;
  return next ? encodeCursor('archive', { day: next }) : undefined;
}

export class DynamoConsentStore implements ConsentStore {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async get(corpId: string, externalUserId: string) {
    const out = await this.doc.send(new GetCommand({ TableName: this.tableName, Key: keys.consent(corpId, externalUserId), ConsistentRead: true }));
    return out.Item ? { status: out.Item.status as Consent, at: Number(out.Item.at) } : undefined;
  }

  async apply(corpId: string, externalUserId: string, status: Consent, atMs: number): Promise<'applied' | 'stale'> {
    try {
      await this.doc.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: keys.consent(corpId, externalUserId),
          UpdateExpression: 'SET #status = :s, #at = :t, entity = :e, tenantId = :c, externalUserId = :x',
          ConditionExpression: 'attribute_not_exists(#at) OR #at < :t',
          ExpressionAttributeNames: { '#status': 'status', '#at': 'at' },
          ExpressionAttributeValues: { ':s': status, ':t': atMs, ':e': 'consent', ':c': corpId, ':x': externalUserId },
        }),
      );
      return 'applied';
    } catch (e) {
      if (e instanceof ConditionalCheckFailedException) return 'stale';
      throw e;
    }
  }
}

/** The puller's position in a tenant's archive (the Finance SDK seq). */
export class DynamoArchiveCursorStore implements ArchiveCursorStore {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async get(corpId: string): Promise<number> {
    const out = await this.doc.send(new GetCommand({ TableName: this.tableName, Key: keys.archiveCursor(corpId), ConsistentRead: true }));
    return Number(out.Item?.seq ?? 0);
  }

  async save(corpId: string, seq: number): Promise<void> {
    await this.doc
      .send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: keys.archiveCursor(corpId),
          UpdateExpression: 'SET seq = :s, entity = :e, tenantId = :t',
          // The cursor only moves forward, whoever writes last.
          ConditionExpression: 'attribute_not_exists(seq) OR seq <= :s',
          ExpressionAttributeValues: { ':s': seq, ':e': 'archiveCursor', ':t': corpId },
        }),
      )
      .catch((e: unknown) => {
        if (!(e instanceof ConditionalCheckFailedException)) throw e;
      });
  }
}
