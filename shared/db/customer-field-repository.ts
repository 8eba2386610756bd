// Custom fields and stages in the single table (shared/db/keys.ts, "customer fields & stages"):
// - definitions: pk tenant, sk CFIELD#<id> (entity customerField; deleted ones stay, status 'deleted');
// - the pipeline: pk tenant, sk CSTAGES ({ stages: string[] }; absent = DEFAULT_STAGES);
// - a customer's values and stage: pk T#<corp>#CUST#<ext>, sk ATTRS ({ fields: {<fieldId>: value}, stage, rev });
//   GSI1 = the customers in its stage;
// - the stage history: pk T#<corp>#CUST#<ext>, sk STAGEH#<atMs>#<nonce> (a StageMove); GSI1 = the moves of a day.
// Readers of a customer's data (exports, erasure) find all of it in the customer's partition (ATTRS, STAGEH#).
import { ConditionalCheckFailedException, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand, QueryCommand, TransactWriteCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { shanghaiDay } from '../events/time';
import type { CustomerAttributes, FieldDefinition, FieldValue, StageMove } from '../domain/customer-fields';
import { keys, recordOf, tenantPrefix } from './keys';
import { queryAll, queryPages } from './query-all';

/** A customer's attributes with the revision their write is conditioned on. */
export interface StoredAttributes extends CustomerAttributes {
  rev: number;
  /** When the last stage move was recorded (epoch ms; 0 when none): the next move's key sorts after it. */
  stageAtMs: number;
}

export class DynamoCustomerFieldStore {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async definitions(corpId: string): Promise<FieldDefinition[]> {
    const items = await queryAll(this.doc, this.tableName, tenantPrefix(corpId), 'CFIELD#', { consistent: true });
    return items.map((i) => recordOf<FieldDefinition>(i)).sort((a, b) => a.createdAt - b.createdAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  }

  async definition(corpId: string, id: string): Promise<FieldDefinition | undefined> {
    const out = await this.doc.send(new GetCommand({ TableName: this.tableName, Key: keys.customerField(corpId, id), ConsistentRead: true }));
    return out.Item ? recordOf<FieldDefinition>(out.Item) : undefined;
  }

  async putDefinition(d: FieldDefinition): Promise<void> {
    await this.doc.send(
      new PutCommand({ TableName: this.tableName, Item: { ...keys.customerField(d.corpId, d.id), entity: 'customerField', v: 1, tenantId: d.corpId, ...d } }),
    );
  }

  /** The tenant's pipeline, or undefined when it never set one. */
  async stages(corpId: string): Promise<string[] | undefined> {
    const out = await this.doc.send(new GetCommand({ TableName: this.tableName, Key: keys.customerStages(corpId), ConsistentRead: true }));
    return Array.isArray(out.Item?.stages) ? (out.Item.stages as string[]) : undefined;
  }

  async putStages(corpId: string, stages: readonly string[], at: number): Promise<void> {
    await this.doc.send(
      new PutCommand({
        TableName: this.tableName,
        Item: { ...keys.customerStages(corpId), entity: 'customerStages', v: 1, tenantId: corpId, stages, updatedAt: at },
      }),
    );
  }

  async attributes(corpId: string, externalUserId: string): Promise<StoredAttributes | undefined> {
    const out = await this.doc.send(new GetCommand({ TableName: this.tableName, Key: keys.customerAttributes(corpId, externalUserId), ConsistentRead: true }));
    if (!out.Item) return undefined;
    return {
      stage: typeof out.Item.stage === 'string' ? out.Item.stage : null,
      fields: (out.Item.fields ?? {}) as Record<string, FieldValue>,
      rev: Number(out.Item.rev ?? 0),
      stageAtMs: Number(out.Item.stageAtMs ?? 0),
    };
  }

  /** Stores a customer's values if nobody wrote them since revision `rev` was read; false otherwise. */
  async putFields(corpId: string, externalUserId: string, fields: Record<string, FieldValue>, rev: number): Promise<boolean> {
    try {
      await this.doc.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: keys.customerAttributes(corpId, externalUserId),
          UpdateExpression: 'SET entity = :e, v = :v, tenantId = :t, externalUserId = :x, #fields = :f, rev = :next',
          ConditionExpression: rev === 0 ? 'attribute_not_exists(rev) OR rev = :rev' : 'rev = :rev',
          ExpressionAttributeNames: { '#fields': 'fields' },
          ExpressionAttributeValues: { ':e': 'customerAttributes', ':v': 1, ':t': corpId, ':x': externalUserId, ':f': fields, ':rev': rev, ':next': rev + 1 },
        }),
      );
      return true;
    } catch (e) {
      if (e instanceof ConditionalCheckFailedException) return false;
      throw e;
    }
  }

  /**
   * Moves a customer's stage and records the move, in one transaction conditioned on the stage being
   * `move.from` still; false when another move came first. `atMs` orders the history: the caller makes it later
   * than the previous move's (StoredAttributes.stageAtMs), so moves within one clock reading keep their order.
   */
  async moveStage(move: StageMove, nonce: string, atMs: number = move.at * 1000): Promise<boolean> {
    const { corpId, externalUserId } = move;
    try {
      await this.doc.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Update: {
                TableName: this.tableName,
                Key: keys.customerAttributes(corpId, externalUserId),
                UpdateExpression:
                  'SET entity = :e, v = :v, tenantId = :t, externalUserId = :x, stage = :to, stageAt = :at, stageAtMs = :ms, gsi1pk = :g, gsi1sk = :x, #fields = if_not_exists(#fields, :empty), rev = if_not_exists(rev, :zero)',
                ConditionExpression: move.from === null ? 'attribute_not_exists(stage)' : 'stage = :from',
                ExpressionAttributeNames: { '#fields': 'fields' },
                ExpressionAttributeValues: {
                  ':e': 'customerAttributes',
                  ':v': 1,
                  ':t': corpId,
                  ':x': externalUserId,
                  ':to': move.to,
                  ':at': move.at,
                  ':ms': atMs,
                  ':g': keys.customersInStage(corpId, move.to),
                  ':empty': {},
                  ':zero': 0,
                  ...(move.from === null ? {} : { ':from': move.from }),
                },
              },
            },
            {
              Put: {
                TableName: this.tableName,
                Item: JSON.parse(
                  JSON.stringify({
                    ...keys.stageMove(corpId, externalUserId, atMs, nonce),
                    entity: 'stageMove',
                    v: 1,
                    tenantId: corpId,
                    gsi1pk: keys.stageMovesOfDay(corpId, shanghaiDay(move.at)),
                    gsi1sk: `${String(atMs).padStart(13, '0')}#${externalUserId}#${nonce}`,
                    ...move,
                  }),
                ) as Record<string, unknown>,
                ConditionExpression: 'attribute_not_exists(pk)',
              },
            },
          ],
        }),
      );
      return true;
    } catch (e) {
      if (e instanceof TransactionCanceledException) return false;
      throw e;
    }
  }

  /** A customer's stage moves, newest first (at most `limit`). */
  async history(corpId: string, externalUserId: string, limit: number): Promise<StageMove[]> {
    const out = await this.doc.send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: 'pk = :p AND begins_with(sk, :s)',
        ExpressionAttributeValues: { ':p': keys.followsOfCustomer(corpId, externalUserId), ':s': 'STAGEH#' },
        ScanIndexForward: false,
        Limit: limit,
      }),
    );
    return (out.Items ?? []).map((i) => recordOf<StageMove>(i));
  }

  /** Every stage move of a Shanghai day. */
  async movesOfDay(corpId: string, day: string): Promise<StageMove[]> {
    const out: StageMove[] = [];
    for await (const page of queryPages(this.doc, {
      TableName: this.tableName,
      IndexName: 'gsi1',
      KeyConditionExpression: 'gsi1pk = :p',
      ExpressionAttributeValues: { ':p': keys.stageMovesOfDay(corpId, day) },
    }))
      out.push(...(page.Items ?? []).map((i) => recordOf<StageMove>(i)));
    return out;
  }

  /** How many customers are in a stage now. */
  async countInStage(corpId: string, stage: string): Promise<number> {
    let n = 0;
    for await (const page of queryPages(this.doc, {
      TableName: this.tableName,
      IndexName: 'gsi1',
      KeyConditionExpression: 'gsi1pk = :p',
      ExpressionAttributeValues: { ':p': keys.customersInStage(corpId, stage) },
      Select: 'COUNT',
    }))
      n += page.Count ?? 0;
    return n;
  }
}
