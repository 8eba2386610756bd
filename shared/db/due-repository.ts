// Due markers on the single table (shared/schedules/due.ts): one item per (tenant, job, id) with its due
// time, indexed in GSI1 by job and Shanghai day of the due time. Completing or moving a marker is
// conditional on its due time, so a marker rescheduled meanwhile (an edit, a re-run) is never lost.
import { type Clock, systemClock, epochSeconds } from '../clock';
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { DeleteCommand, GetCommand, PutCommand, QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { shanghaiDaysBetween } from '../events/time';
import { JOB_NAMES, type DueMarker, type DueStore, type JobName } from '../schedules/due';
import { keys } from './keys';

/** How far back a run looks for markers it has not handled yet (one GSI query per day). */
export const DUE_LOOKBACK_DAYS = 7;

const isJob = (j: unknown): j is JobName => (JOB_NAMES as readonly unknown[]).includes(j);

export class DynamoDueStore implements DueStore {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly tableName: string,
    /** A marker already overdue when scheduled goes into today's bucket. */
    private readonly clock: Clock = systemClock,
  ) {}

  private item(m: DueMarker) {
    const bucketAt = Math.max(m.dueAt, epochSeconds(this.clock.now()) - 3600);
    const [day] = shanghaiDaysBetween(bucketAt, bucketAt);
    return {
      ...keys.dueMarker(m.corpId, m.job, m.id),
      gsi1pk: keys.jobsDue(m.job, day!),
      gsi1sk: keys.jobsDueSort(m.dueAt, m.corpId, m.id),
      entity: 'due',
      v: 1,
      tenantId: m.corpId,
      job: m.job,
      id: m.id,
      dueAt: m.dueAt,
    };
  }

  async schedule(m: DueMarker): Promise<void> {
    await this.doc.send(new PutCommand({ TableName: this.tableName, Item: this.item(m) }));
  }

  async scheduleIfAbsent(m: DueMarker): Promise<boolean> {
    try {
      await this.doc.send(new PutCommand({ TableName: this.tableName, Item: this.item(m), ConditionExpression: 'attribute_not_exists(pk)' }));
      return true;
    } catch (e) {
      if (e instanceof ConditionalCheckFailedException) return false;
      throw e;
    }
  }

  async get(corpId: string, job: JobName, id: string): Promise<DueMarker | undefined> {
    const out = await this.doc.send(new GetCommand({ TableName: this.tableName, Key: keys.dueMarker(corpId, job, id), ConsistentRead: true }));
    return out.Item ? toMarker(out.Item) : undefined;
  }

  async due(job: JobName, nowSec: number, limit: number, corpId?: string): Promise<DueMarker[]> {
    const found: DueMarker[] = [];
    for (const day of shanghaiDaysBetween(nowSec - DUE_LOOKBACK_DAYS * 86_400, nowSec)) {
      let start: Record<string, unknown> | undefined;
      do {
        const out = await this.doc.send(
          new QueryCommand({
            TableName: this.tableName,
            IndexName: 'gsi1',
            KeyConditionExpression: 'gsi1pk = :p AND gsi1sk <= :to',
            ...(corpId ? { FilterExpression: 'tenantId = :c' } : {}),
            ExpressionAttributeValues: { ':p': keys.jobsDue(job, day), ':to': `${String(nowSec).padStart(10, '0')}#~`, ...(corpId ? { ':c': corpId } : {}) },
            Limit: limit,
            ExclusiveStartKey: start,
          }),
        );
        for (const i of out.Items ?? []) if (found.length < limit) found.push(toMarker(i));
        start = out.LastEvaluatedKey;
      } while (start && found.length < limit);
      if (found.length >= limit) break;
    }
    return found;
  }

  async complete(m: DueMarker): Promise<boolean> {
    try {
      await this.doc.send(
        new DeleteCommand({
          TableName: this.tableName,
          Key: keys.dueMarker(m.corpId, m.job, m.id),
          ConditionExpression: 'dueAt = :d',
          ExpressionAttributeValues: { ':d': m.dueAt },
        }),
      );
      return true;
    } catch (e) {
      if (e instanceof ConditionalCheckFailedException) return false;
      throw e;
    }
  }

  async reschedule(m: DueMarker, nextDueAt: number): Promise<boolean> {
    try {
      await this.doc.send(
        new PutCommand({
          TableName: this.tableName,
          Item: this.item({ ...m, dueAt: nextDueAt }),
          ConditionExpression: 'dueAt = :d',
          ExpressionAttributeValues: { ':d': m.dueAt },
        }),
      );
      return true;
    } catch (e) {
      if (e instanceof ConditionalCheckFailedException) return false;
      throw e;
    }
  }

  async cancel(corpId: string, job: JobName, id: string): Promise<void> {
    await this.doc.send(new DeleteCommand({ TableName: this.tableName, Key: keys.dueMarker(corpId, job, id) }));
  }
}

function toMarker(i: Record<string, unknown>): DueMarker {
  if (!isJob(i.job)) throw new Error(`due marker with unknown job ${String(i.job)}`);
  return { corpId: String(i.tenantId), job: i.job, id: String(i.id), dueAt: Number(i.dueAt) };
}
