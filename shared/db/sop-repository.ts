// SOP plans, runs, slots and outcome counters on the single table. A run is enrolled once per (plan,
// customer) by a conditional put; it moves a step on only from the step it is at (conditional update),
// so a rerun of a slot never sends a step twice nor counts it twice.
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand, QueryCommand, UpdateCommand, type QueryCommandOutput, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { batchGetAll } from './batch';
import type { SopPlan, SopRun, StepOutcome } from '../domain/sop';
import { keys, recordOf } from './keys';
import { queryAll } from './query-all';

/** A stored run: `advance` writes `reason` null when a step leaves none; the run then has no reason (as it is typed and answered). */
function runOf(item: Record<string, unknown>): SopRun {
  const { reason, ...run } = recordOf<SopRun>(item);
  return typeof reason === 'string' ? { ...run, reason } : run;
}

/** Outcome counters of a plan: per step and outcome, per block reason, and enrolments. */
export interface SopStats {
  enrolled: number;
  steps: Record<number, Partial<Record<StepOutcome, number>>>;
  blockedByReason: Record<string, number>;
}

export interface SopStore {
  getPlan(corpId: string, id: string): Promise<SopPlan | undefined>;
  listPlans(corpId: string): Promise<SopPlan[]>;
  createPlan(p: SopPlan): Promise<void>;
  /** Stores `p` if the stored version is `p.version - 1`. */
  updatePlan(p: SopPlan): Promise<boolean>;
  setEnrolledUpTo(corpId: string, id: string, upTo: number): Promise<void>;
  /** Creates the run unless the customer was enrolled already. */
  enrol(corpId: string, run: SopRun): Promise<boolean>;
  getRuns(corpId: string, planId: string, recipients: readonly string[]): Promise<SopRun[]>;
  runsPage(corpId: string, planId: string, limit: number, after?: string): Promise<{ items: SopRun[]; last: string | null }>;
  addToSlot(corpId: string, planId: string, step: number, at: number, recipient: string): Promise<void>;
  slotMembers(corpId: string, planId: string, step: number, at: number): Promise<string[]>;
  /** Records the outcome of `fromStep` and moves the run on, if it is still active at that step. */
  advance(
    corpId: string,
    run: SopRun,
    fromStep: number,
    next: Pick<SopRun, 'step' | 'nextAt' | 'status' | 'reason'>,
    outcome: SopRun['outcomes'][number],
  ): Promise<boolean>;
  count(corpId: string, planId: string, counters: Record<string, number>): Promise<void>;
  stats(corpId: string, planId: string): Promise<SopStats>;
}

export const stepCounter = (step: number, outcome: StepOutcome) => `s${step}_${outcome}`;
export const blockedCounter = (reason: string) => `blocked_${reason}`;

export class DynamoSopStore implements SopStore {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  private planItem(p: SopPlan) {
    const { corpId, ...rest } = p;
    return JSON.parse(JSON.stringify({ ...keys.sopPlan(corpId, p.id), entity: 'sop_plan', v: 1, tenantId: corpId, ...rest })) as Record<string, unknown>;
  }

  async getPlan(corpId: string, id: string): Promise<SopPlan | undefined> {
    const out = await this.doc.send(new GetCommand({ TableName: this.tableName, Key: keys.sopPlan(corpId, id), ConsistentRead: true }));
    return out.Item ? { ...recordOf<SopPlan>(out.Item), corpId } : undefined;
  }

  async listPlans(corpId: string): Promise<SopPlan[]> {
    const items = await queryAll(this.doc, this.tableName, keys.tenant(corpId).pk, 'SOPPLAN#');
    return items.map((i) => ({ ...recordOf<SopPlan>(i), corpId })).sort((a, b) => a.createdAt.localeCompare(b.createdAt));
  }

  async createPlan(p: SopPlan): Promise<void> {
    await this.doc.send(new PutCommand({ TableName: this.tableName, Item: this.planItem(p), ConditionExpression: 'attribute_not_exists(pk)' }));
  }

  async updatePlan(p: SopPlan): Promise<boolean> {
    try {
      await this.doc.send(
        new PutCommand({
          TableName: this.tableName,
          Item: this.planItem(p),
          ConditionExpression: 'version = :prev',
          ExpressionAttributeValues: { ':prev': p.version - 1 },
        }),
      );
      return true;
    } catch (e) {
      if (e instanceof ConditionalCheckFailedException) return false;
      throw e;
    }
  }

  async setEnrolledUpTo(corpId: string, id: string, upTo: number): Promise<void> {
    await this.doc
      .send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: keys.sopPlan(corpId, id),
          UpdateExpression: 'SET enrolledUpTo = :t',
          ConditionExpression: 'attribute_exists(pk) AND enrolledUpTo < :t',
          ExpressionAttributeValues: { ':t': upTo },
        }),
      )
      .catch((e: unknown) => {
        if (!(e instanceof ConditionalCheckFailedException)) throw e;
      });
  }

  private runKey(corpId: string, planId: string, recipient: string) {
    return { pk: keys.sopRuns(corpId, planId), sk: `RUN#${recipient}` };
  }

  async enrol(corpId: string, run: SopRun): Promise<boolean> {
    try {
      await this.doc.send(
        new PutCommand({
          TableName: this.tableName,
          Item: JSON.parse(JSON.stringify({ ...this.runKey(corpId, run.planId, run.recipient), entity: 'sop_run', v: 1, tenantId: corpId, ...run })) as Record<
            string,
            unknown
          >,
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
      return true;
    } catch (e) {
      if (e instanceof ConditionalCheckFailedException) return false;
      throw e;
    }
  }

  async getRuns(corpId: string, planId: string, recipients: readonly string[]): Promise<SopRun[]> {
    const items = await batchGetAll(
      this.doc,
      this.tableName,
      recipients.map((r) => this.runKey(corpId, planId, r)),
    );
    return items.map(runOf);
  }

  async runsPage(corpId: string, planId: string, limit: number, after?: string): Promise<{ items: SopRun[]; last: string | null }> {
    const out = await this.doc.send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: 'pk = :p AND begins_with(sk, :r)',
        ExpressionAttributeValues: { ':p': keys.sopRuns(corpId, planId), ':r': 'RUN#' },
        ...(after ? { ExclusiveStartKey: this.runKey(corpId, planId, after) } : {}),
        Limit: limit,
      }),
    );
    const last = out.LastEvaluatedKey?.sk;
    return { items: (out.Items ?? []).map(runOf), last: typeof last === 'string' ? last.slice('RUN#'.length) : null };
  }

  async addToSlot(corpId: string, planId: string, step: number, at: number, recipient: string): Promise<void> {
    await this.doc.send(
      new PutCommand({
        TableName: this.tableName,
        Item: { pk: keys.sopSlot(corpId, planId, step, at), sk: recipient, entity: 'sop_slot', v: 1, tenantId: corpId },
      }),
    );
  }

  async slotMembers(corpId: string, planId: string, step: number, at: number): Promise<string[]> {
    const out: string[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const page: QueryCommandOutput = await this.doc.send(
        new QueryCommand({
          TableName: this.tableName,
          KeyConditionExpression: 'pk = :p',
          ExpressionAttributeValues: { ':p': keys.sopSlot(corpId, planId, step, at) },
          ConsistentRead: true,
          ExclusiveStartKey: start,
        }),
      );
      out.push(...(page.Items ?? []).map((i) => String(i.sk)));
      start = page.LastEvaluatedKey;
    } while (start);
    return out;
  }

  async advance(
    corpId: string,
    run: SopRun,
    fromStep: number,
    next: Pick<SopRun, 'step' | 'nextAt' | 'status' | 'reason'>,
    outcome: SopRun['outcomes'][number],
  ): Promise<boolean> {
    try {
      await this.doc.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: this.runKey(corpId, run.planId, run.recipient),
          UpdateExpression: 'SET step = :next, nextAt = :at, #s = :status, reason = :reason, outcomes = list_append(if_not_exists(outcomes, :empty), :o)',
          ConditionExpression: 'step = :from AND #s = :active',
          ExpressionAttributeNames: { '#s': 'status' },
          ExpressionAttributeValues: {
            ':next': next.step,
            ':at': next.nextAt,
            ':status': next.status,
            ':reason': next.reason ?? null,
            ':empty': [],
            ':o': [JSON.parse(JSON.stringify(outcome)) as Record<string, unknown>],
            ':from': fromStep,
            ':active': 'active',
          },
        }),
      );
      return true;
    } catch (e) {
      if (e instanceof ConditionalCheckFailedException) return false;
      throw e;
    }
  }

  async count(corpId: string, planId: string, counters: Record<string, number>): Promise<void> {
    const entries = Object.entries(counters).filter(([, n]) => n !== 0);
    if (entries.length === 0) return;
    await this.doc.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: { pk: keys.sopRuns(corpId, planId), sk: 'STATS' },
        UpdateExpression: `ADD ${entries.map((_, i) => `#c${i} :c${i}`).join(', ')}`,
        ExpressionAttributeNames: Object.fromEntries(entries.map(([k], i) => [`#c${i}`, k])),
        ExpressionAttributeValues: Object.fromEntries(entries.map(([, n], i) => [`:c${i}`, n])),
      }),
    );
  }

  async stats(corpId: string, planId: string): Promise<SopStats> {
    const out = await this.doc.send(new GetCommand({ TableName: this.tableName, Key: { pk: keys.sopRuns(corpId, planId), sk: 'STATS' } }));
    const stats: SopStats = { enrolled: 0, steps: {}, blockedByReason: {} };
    for (const [k, v] of Object.entries(out.Item ?? {})) {
      if (typeof v !== 'number') continue;
      const step = /^s(\d+)_(\w+)$/.exec(k);
      if (k === 'enrolled') stats.enrolled = v;
      else if (step) (stats.steps[Number(step[1])] ??= {})[step[2] as StepOutcome] = v;
      else if (k.startsWith('blocked_')) stats.blockedByReason[k.slice('blocked_'.length)] = v;
    }
    return stats;
  }
}
