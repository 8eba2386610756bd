// The event log on DynamoDB: one item per event, addressed by its content key, so a conditional put
// is the dedupe. GSI1 groups a tenant's events per Asia/Shanghai day in time order (replay, rollups).
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand, QueryCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { CONCERNS, type Concern } from '../domain/fanout';
import type { EventLog, EventPage, EventQuery, EventRecord, StoredEvent } from '../events/ports';
import { queueMessageSchema } from '../events/queue-message.schema';
import { shanghaiDay, shanghaiDaysBetween } from '../events/time';
import { encodeCursor, eventsStart } from './cursor';
import { keys } from './keys';

interface EventItem {
  pk: string;
  sk: string;
  gsi1pk: string;
  gsi1sk: string;
  entity: 'event';
  v: 1;
  tenantId: string;
  eventKey: string;
  type: string;
  occurredAt: number;
  receivedAt: number;
  day: string;
  concerns: string[];
  enqueued?: Set<string>;
  message: string;
}

const isConcern = (c: string): c is Concern => (CONCERNS as readonly string[]).includes(c);

function toStored(item: EventItem): StoredEvent {
  return {
    corpId: item.tenantId,
    eventKey: item.eventKey,
    type: item.type,
    occurredAt: item.occurredAt,
    receivedAt: item.receivedAt,
    concerns: item.concerns.filter(isConcern),
    enqueued: new Set([...(item.enqueued ?? [])].filter(isConcern)),
    message: queueMessageSchema.parse(JSON.parse(item.message)),
  };
}

export class DynamoEventLog implements EventLog {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async record(entry: EventRecord, enqueued: readonly Concern[] = []): Promise<{ created: boolean; stored: StoredEvent }> {
    const key = keys.event(entry.corpId, entry.eventKey);
    const day = shanghaiDay(entry.occurredAt);
    const item: EventItem = {
      ...key,
      gsi1pk: keys.eventsByDay(entry.corpId, day),
      gsi1sk: keys.eventsByDaySort(entry.occurredAt, entry.eventKey),
      entity: 'event',
      v: 1,
      tenantId: entry.corpId,
      eventKey: entry.eventKey,
      type: entry.type,
      occurredAt: entry.occurredAt,
      receivedAt: entry.receivedAt,
      day,
      concerns: [...entry.concerns],
      message: JSON.stringify(entry.message),
      // A string set cannot be empty in DynamoDB: no attribute until a queue has the event.
      ...(enqueued.length > 0 ? { enqueued: new Set(enqueued) } : {}),
    };
    try {
      await this.doc.send(
        new PutCommand({
          TableName: this.tableName,
          Item: item,
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
      return { created: true, stored: toStored(item) };
    } catch (e) {
      if (!(e instanceof ConditionalCheckFailedException)) throw e;
      // A repeated delivery: read what the first one stored (including which queues it reached).
      const existing = await this.get(entry.corpId, entry.eventKey);
      if (!existing) throw new Error('event vanished after a conditional-check failure', { cause: e });
      return { created: false, stored: existing };
    }
  }

  async get(corpId: string, eventKey: string): Promise<StoredEvent | undefined> {
    const out = await this.doc.send(new GetCommand({ TableName: this.tableName, Key: keys.event(corpId, eventKey), ConsistentRead: true }));
    return out.Item ? toStored(out.Item as EventItem) : undefined;
  }

  async markEnqueued(corpId: string, eventKey: string, concerns: readonly Concern[]): Promise<void> {
    if (concerns.length === 0) return;
    await this.doc.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: keys.event(corpId, eventKey),
        UpdateExpression: 'ADD enqueued :c',
        ConditionExpression: 'attribute_exists(pk)',
        ExpressionAttributeValues: { ':c': new Set(concerns) },
      }),
    );
  }

  async list(corpId: string, query: EventQuery): Promise<EventPage> {
    const days = shanghaiDaysBetween(query.from, query.to);
    // The cursor: the last GSI sort key read and its day (shared/db/cursor.ts).
    const cursor = eventsStart(query.cursor, query.from, query.to);
    const items: StoredEvent[] = [];
    const lower = keys.eventsByDaySort(query.from, '');
    const upper = keys.eventsByDaySort(query.to, '~');
    for (const day of days) {
      if (cursor && day < cursor.day) continue;
      let exclusiveStart: Record<string, unknown> | undefined =
        cursor && day === cursor.day ? { gsi1pk: keys.eventsByDay(corpId, day), gsi1sk: cursor.sk, ...this.baseKeyFromSort(corpId, cursor.sk) } : undefined;
      do {
        const out = await this.doc.send(
          new QueryCommand({
            TableName: this.tableName,
            IndexName: 'gsi1',
            KeyConditionExpression: 'gsi1pk = :p AND gsi1sk BETWEEN :lo AND :hi',
            ...(query.type ? { FilterExpression: '#t = :t' } : {}),
            ExpressionAttributeNames: query.type ? { '#t': 'type' } : undefined,
            ExpressionAttributeValues: {
              ':p': keys.eventsByDay(corpId, day),
              ':lo': lower,
              ':hi': upper,
              ...(query.type ? { ':t': query.type } : {}),
            },
            ExclusiveStartKey: exclusiveStart,
            Limit: query.limit - items.length,
          }),
        );
        for (const it of out.Items ?? []) items.push(toStored(it as EventItem));
        exclusiveStart = out.LastEvaluatedKey;
        if (items.length >= query.limit) {
          const last = items[items.length - 1];
          if (!last) break;
          const lastSk = keys.eventsByDaySort(last.occurredAt, last.eventKey);
          const more = exclusiveStart !== undefined || day !== days[days.length - 1];
          return { items, ...(more ? { cursor: encodeCursor('events', { day: shanghaiDay(last.occurredAt), sk: lastSk }) } : {}) };
        }
      } while (exclusiveStart);
    }
    return { items };
  }

  /** GSI pagination needs the base-table key of the last item too; it is derivable from the sort key. */
  private baseKeyFromSort(corpId: string, sk: string): { pk: string; sk: string } {
    const eventKey = sk.slice(sk.indexOf('#') + 1);
    return keys.event(corpId, eventKey);
  }
}
