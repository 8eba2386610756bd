// The quota ledger on the single table: per recipient (customer or group) and Shanghai month, how many
// mass messages it received (total and per day) and which sends were counted. Counts for an audience
// are read in bulk (BatchGetItem); a count is taken per (send, recipient) with one conditional update
// that also enforces the monthly (and the tenant's daily) cap, so two sends racing for the last slot of
// a customer cannot both get it, and a rerun of the same send never counts twice.
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { GetCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { batchGetAll } from './batch';
import { ledgerMonthsFor, monthOf, type LedgerMonth } from '../domain/quota';
import { keys } from './keys';

export type ReserveOutcome = 'counted' | 'already' | 'monthly_cap' | 'daily_cap';

export interface QuotaLedger {
  /** The stored months each recipient needs for counts on `day` (see ledgerMonthsFor). */
  months(corpId: string, recipients: readonly string[], day: string): Promise<Map<string, LedgerMonth[]>>;
  /** The stored months of each recipient among `months` (`YYYY-MM`), e.g. the 90 days of a transfer limit. */
  monthsIn(corpId: string, recipients: readonly string[], months: readonly string[]): Promise<Map<string, LedgerMonth[]>>;
  /** Counts one mass message of `sendId` for `recipient` on `day`, unless a cap is reached or it was counted. */
  reserve(corpId: string, recipient: string, sendId: string, day: string, caps: { month: number; day?: number | undefined }): Promise<ReserveOutcome>;
  /**
   * Gives a count back (WeCom refused the recipient or the call). `keepSend`: the send stays recorded for
   * the recipient (it is not tried again by this send); otherwise the send may count it again later.
   */
  release(corpId: string, recipient: string, sendId: string, day: string, keepSend: boolean): Promise<void>;
}

const dayAttr = (day: string) => `d${day.slice(8, 10)}`;

function monthOfItem(i: Record<string, unknown>): LedgerMonth {
  const days: Record<number, number> = {};
  for (const [k, v] of Object.entries(i)) if (/^d\d\d$/.test(k) && typeof v === 'number') days[Number(k.slice(1))] = v;
  const sends = i.sends instanceof Set ? new Set([...(i.sends as Set<unknown>)].map(String)) : new Set<string>();
  return { month: String(i.month), total: typeof i.n === 'number' ? i.n : 0, days, sends };
}

export class DynamoQuotaLedger implements QuotaLedger {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async months(corpId: string, recipients: readonly string[], day: string): Promise<Map<string, LedgerMonth[]>> {
    return this.monthsIn(corpId, recipients, ledgerMonthsFor(day));
  }

  async monthsIn(corpId: string, recipients: readonly string[], wanted: readonly string[]): Promise<Map<string, LedgerMonth[]>> {
    const out = new Map<string, LedgerMonth[]>(recipients.map((r) => [r, []]));
    const allKeys = [...out.keys()].flatMap((r) => wanted.map((m) => keys.quotaMonth(corpId, r, m)));
    for (const item of await batchGetAll(this.doc, this.tableName, allKeys, 8)) out.get(String(item.recipient))?.push(monthOfItem(item));
    return out;
  }

  async reserve(corpId: string, recipient: string, sendId: string, day: string, caps: { month: number; day?: number | undefined }): Promise<ReserveOutcome> {
    const key = keys.quotaMonth(corpId, recipient, monthOf(day));
    const conditions = ['(attribute_not_exists(sends) OR NOT contains(sends, :sid))', '(attribute_not_exists(n) OR n < :cap)'];
    const values: Record<string, unknown> = {
      ':sid': sendId,
      ':sids': new Set([sendId]),
      ':cap': caps.month,
      ':z': 0,
      ':one': 1,
      ':e': 'quota',
      ':v': 1,
      ':t': corpId,
      ':r': recipient,
      ':m': monthOf(day),
    };
    if (caps.day !== undefined) {
      conditions.push('(attribute_not_exists(#d) OR #d < :dcap)');
      values[':dcap'] = caps.day;
    }
    try {
      await this.doc.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: key,
          UpdateExpression:
            'SET n = if_not_exists(n, :z) + :one, #d = if_not_exists(#d, :z) + :one, entity = :e, v = :v, tenantId = :t, recipient = :r, #month = :m ADD sends :sids',
          ConditionExpression: conditions.join(' AND '),
          ExpressionAttributeNames: { '#d': dayAttr(day), '#month': 'month' },
          ExpressionAttributeValues: values,
        }),
      );
      return 'counted';
    } catch (e) {
      if (!(e instanceof ConditionalCheckFailedException)) throw e;
      const now = await this.doc.send(new GetCommand({ TableName: this.tableName, Key: key, ConsistentRead: true }));
      const m = monthOfItem(now.Item ?? {});
      if (m.sends.has(sendId)) return 'already';
      if (m.total >= caps.month) return 'monthly_cap';
      return 'daily_cap';
    }
  }

  async release(corpId: string, recipient: string, sendId: string, day: string, keepSend: boolean): Promise<void> {
    try {
      await this.doc.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: keys.quotaMonth(corpId, recipient, monthOf(day)),
          UpdateExpression: keepSend ? 'SET n = n - :one, #d = #d - :one ADD released :sids' : 'SET n = n - :one, #d = #d - :one DELETE sends :sids',
          // Once per (send, recipient): a released-and-kept send is in `released`; a forgotten one left `sends`.
          ConditionExpression: 'contains(sends, :sid) AND (attribute_not_exists(released) OR NOT contains(released, :sid)) AND #d > :z',
          ExpressionAttributeNames: { '#d': dayAttr(day) },
          ExpressionAttributeValues: { ':sid': sendId, ':sids': new Set([sendId]), ':one': 1, ':z': 0 },
        }),
      );
    } catch (e) {
      if (!(e instanceof ConditionalCheckFailedException)) throw e;
    }
  }
}
