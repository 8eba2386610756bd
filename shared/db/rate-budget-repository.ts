// The per-minute WeCom call budget on DynamoDB: one item per (tenant, api, minute), counted with an
// atomic conditional ADD (one call or a chunk of them); a `ttl` lets DynamoDB delete spent windows.
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { RateBudgetStore } from '../wecom/rate-budget';
import { keys } from './keys';

/** Windows are kept a few minutes after they end (TTL deletion is lazy anyway). */
const KEEP_SECONDS = 5 * 60;

export class DynamoRateBudgetStore implements RateBudgetStore {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async take(corpId: string, api: string, minute: number, limit: number, amount = 1): Promise<boolean> {
    if (amount > limit) return false;
    try {
      await this.doc.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: keys.rateWindow(corpId, api, minute),
          UpdateExpression: 'ADD #calls :n SET #ttl = if_not_exists(#ttl, :ttl), entity = :entity, v = :v, tenantId = :tenant',
          ConditionExpression: 'attribute_not_exists(#calls) OR #calls <= :room',
          ExpressionAttributeNames: { '#calls': 'calls', '#ttl': 'ttl' },
          ExpressionAttributeValues: {
            ':n': amount,
            ':room': limit - amount,
            ':ttl': (minute + 1) * 60 + KEEP_SECONDS,
            ':entity': 'rateWindow',
            ':v': 1,
            ':tenant': corpId,
          },
        }),
      );
      return true;
    } catch (e) {
      if (e instanceof ConditionalCheckFailedException) return false;
      throw e;
    }
  }
}
