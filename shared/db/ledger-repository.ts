// The red-packet ledger: per staff member and Shanghai day, totals in and out, each message counted once
// (a marker and the counters in one transaction). What finance reconciles against.
import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { QueryCommand, TransactWriteCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { LedgerEntry, LedgerStore } from '../archive/archive-ports';
import { keys } from './keys';

export class DynamoLedgerStore implements LedgerStore {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async record(e: LedgerEntry): Promise<'recorded' | 'exists'> {
    const pk = keys.ledgerDay(e.corpId, e.day);
    const [count, fen] = e.direction === 'in' ? ['inCount', 'inFen'] : ['outCount', 'outFen'];
    try {
      await this.doc.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Put: {
                TableName: this.tableName,
                Item: {
                  pk,
                  sk: `MSG#${e.msgid}`,
                  entity: 'ledgerMarker',
                  tenantId: e.corpId,
                  userId: e.userId,
                  direction: e.direction,
                  amountFen: e.amountFen,
                  count: e.count,
                },
                ConditionExpression: 'attribute_not_exists(pk)',
              },
            },
            {
              Update: {
                TableName: this.tableName,
                Key: { pk, sk: `STAFF#${e.userId}` },
                UpdateExpression: `ADD ${count} :n, ${fen} :f SET entity = :e, tenantId = :t, userId = :u, #day = :d`,
                ExpressionAttributeNames: { '#day': 'day' },
                ExpressionAttributeValues: { ':n': e.count, ':f': e.amountFen, ':e': 'ledgerDay', ':t': e.corpId, ':u': e.userId, ':d': e.day },
              },
            },
          ],
        }),
      );
      return 'recorded';
    } catch (err) {
      if (err instanceof TransactionCanceledException && err.CancellationReasons?.[0]?.Code === 'ConditionalCheckFailed') return 'exists';
      throw err;
    }
  }

  async day(corpId: string, day: string) {
    const out = await this.doc.send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: 'pk = :p AND begins_with(sk, :s)',
        ExpressionAttributeValues: { ':p': keys.ledgerDay(corpId, day), ':s': 'STAFF#' },
        ConsistentRead: true,
      }),
    );
    return (out.Items ?? []).map((i) => ({
      userId: String(i.userId),
      inCount: Number(i.inCount ?? 0),
      inFen: Number(i.inFen ?? 0),
      outCount: Number(i.outCount ?? 0),
      outFen: Number(i.outFen ?? 0),
    }));
  }
}
