// Everything the single table holds on one customer, as a list of per-store contributors: each names its
// section of the export document, collects what it holds on the person, and (where the store holds identity)
// erases it. The personal-data use case (shared/personal-data/personal-data.ts) walks the list; a new store
// keyed by external_userid adds one line to `personalDataContributors`.
//
// Stores keyed by external_userid (keys.ts), and what each contributes:
//   customer partition `T#…#CUST#<id>` — profile (PROFILE), follows (FOLLOW#), timeline (TL#), archive consent
//     (CONSENT), order summary (ORDERS), and any item another module adds there (exported under `other`);
//     erase: name → pseudonym, avatar/company/unionid… removed; remarks, descriptions, remark phones removed;
//     timeline free text removed.
//   archive (GSI1 archiveOfCustomer) — chat archive messages; erase: text and body removed (id, time, type,
//     sender, staff stay: the daily message and response-time counts need them).
//   audit rows (tenant audit partition, customer = id) — erase: quoted text (excerpt, wish) removed.
//   quota ledger `QUOTA#<id>` — mass-message counts per month; export only (no identity).
//   SOP runs (RUN#<id> of each plan) — export only.
//   broadcasts (blocked/failed recipient rows naming the id) — export only.
// Not held per customer: group memberships (the group registry keeps member counts only), raw events (ids only,
// indexed by day; the timeline is their projection), channel add markers (ids, counts).
import { QueryCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { ERASED_AUDIT_DETAIL, ERASED_FOLLOW_FIELDS, ERASED_PROFILE_FIELDS, ERASED_TIMELINE_DETAIL, presentKeys } from '../domain/personal-data';
import { keys, recordOf } from './keys';
import { queryAll, queryPages } from './query-all';

export interface PersonalDataContributor {
  /** The section of the export document. */
  section: string;
  /** What the store holds on the person, as stored (keys and bookkeeping left out). */
  collect(corpId: string, externalUserId: string): Promise<unknown>;
  /** Erases what identifies the person; the number of items changed (0: nothing was left to do). */
  erase?(corpId: string, externalUserId: string, pseudonym: string): Promise<number>;
}

type Item = Record<string, unknown>;
const clean = (i: Item) => recordOf<Item>(i);
const names = (fields: readonly string[]) => Object.fromEntries(fields.map((f, n) => [`#f${n}`, f]));

/** The customer partition: profile, follows, timeline, consent, order summary and whatever else is stored there. */
export function customerPartition(doc: DynamoDBDocumentClient, table: string): PersonalDataContributor {
  async function items(corpId: string, externalUserId: string): Promise<Item[]> {
    const out: Item[] = [];
    const input = {
      TableName: table,
      KeyConditionExpression: 'pk = :p',
      ExpressionAttributeValues: { ':p': keys.followsOfCustomer(corpId, externalUserId) },
      ConsistentRead: true,
    };
    for await (const page of queryPages(doc, input)) out.push(...(page.Items ?? []));
    return out;
  }
  const update = (i: Item, expression: string, extra: { names?: Record<string, string>; values?: Item } = {}) =>
    doc.send(
      new UpdateCommand({
        TableName: table,
        Key: { pk: i.pk, sk: i.sk },
        UpdateExpression: expression,
        ConditionExpression: 'attribute_exists(pk)',
        ...(extra.names && Object.keys(extra.names).length ? { ExpressionAttributeNames: extra.names } : {}),
        ...(extra.values ? { ExpressionAttributeValues: extra.values } : {}),
      }),
    );
  return {
    section: 'customer',
    async collect(corpId, externalUserId) {
      const all = await items(corpId, externalUserId);
      const sk = (i: Item) => String(i.sk);
      const profile = all.find((i) => sk(i) === 'PROFILE');
      const consent = all.find((i) => sk(i) === 'CONSENT');
      const orders = all.find((i) => sk(i) === 'ORDERS');
      const known = (i: Item) => ['PROFILE', 'CONSENT', 'ORDERS'].includes(sk(i)) || sk(i).startsWith('FOLLOW#') || sk(i).startsWith('TL#');
      return {
        profile: profile ? clean(profile) : null,
        follows: all
          .filter((i) => sk(i).startsWith('FOLLOW#'))
          .map((i) => ({ ...clean(i), ...(i.tags instanceof Set ? { tags: [...(i.tags as Set<string>)].sort() } : {}) })),
        timeline: all.filter((i) => sk(i).startsWith('TL#')).map(clean),
        archiveConsent: consent ? clean(consent) : null,
        orderSummary: orders ? clean(orders) : null,
        other: all.filter((i) => !known(i)).map((i) => ({ kind: String(i.entity ?? sk(i).split('#')[0]), ...clean(i) })),
      };
    },
    async erase(corpId, externalUserId, pseudonym) {
      let changed = 0;
      for (const i of await items(corpId, externalUserId)) {
        const sk = String(i.sk);
        if (sk === 'PROFILE') {
          const present = ERASED_PROFILE_FIELDS.filter((f) => i[f] !== undefined && i[f] !== null);
          if (i.name === pseudonym && present.length === 0) continue;
          const n = names(present);
          await update(i, `SET #name = :n, erasedAt = if_not_exists(erasedAt, :at)${present.length ? ` REMOVE ${Object.keys(n).join(', ')}` : ''}`, {
            names: { ...n, '#name': 'name' },
            values: { ':n': pseudonym, ':at': new Date().toISOString() },
          });
          changed++;
        } else if (sk.startsWith('FOLLOW#')) {
          const present = ERASED_FOLLOW_FIELDS.filter((f) => i[f] !== undefined);
          if (present.length === 0) continue;
          const n = names(present);
          await update(i, `REMOVE ${Object.keys(n).join(', ')}`, { names: n });
          changed++;
        } else if (sk.startsWith('TL#')) {
          const present = presentKeys(i.detail as Item | undefined, ERASED_TIMELINE_DETAIL);
          if (present.length === 0) continue;
          const n = names(present);
          await update(
            i,
            `REMOVE ${Object.keys(n)
              .map((k) => `detail.${k}`)
              .join(', ')}`,
            { names: n },
          );
          changed++;
        }
      }
      return changed;
    },
  };
}

/** Chat archive messages with the person (GSI1 archiveOfCustomer). */
export function archiveMessages(doc: DynamoDBDocumentClient, table: string): PersonalDataContributor {
  async function* messages(corpId: string, externalUserId: string) {
    const input = {
      TableName: table,
      IndexName: 'gsi1',
      KeyConditionExpression: 'gsi1pk = :p',
      ExpressionAttributeValues: { ':p': keys.archiveOfCustomer(corpId, externalUserId) },
    };
    for await (const page of queryPages(doc, input)) yield* page.Items ?? [];
  }
  return {
    section: 'archiveMessages',
    async collect(corpId, externalUserId) {
      const out: Item[] = [];
      for await (const m of messages(corpId, externalUserId)) {
        const { searchText: _s, ...rest } = clean(m);
        out.push(rest);
      }
      return out;
    },
    async erase(corpId, externalUserId) {
      let changed = 0;
      for await (const m of messages(corpId, externalUserId)) {
        if (m.erasedAt !== undefined) continue;
        await doc.send(
          new UpdateCommand({
            TableName: table,
            Key: { pk: m.pk, sk: m.sk },
            UpdateExpression: 'SET #text = :e, searchText = :e, body = :b, erasedAt = :at',
            ConditionExpression: 'attribute_exists(pk)',
            ExpressionAttributeNames: { '#text': 'text' },
            ExpressionAttributeValues: { ':e': '', ':b': { erased: true }, ':at': new Date().toISOString() },
          }),
        );
        changed++;
      }
      return changed;
    },
  };
}

/** Audit rows that name the person (the tenant's audit partition, filtered by customer). */
export function auditRows(doc: DynamoDBDocumentClient, table: string): PersonalDataContributor {
  async function rows(corpId: string, externalUserId: string) {
    const out: Item[] = [];
    const input = {
      TableName: table,
      KeyConditionExpression: 'pk = :p',
      FilterExpression: 'customer = :c',
      ExpressionAttributeValues: { ':p': keys.auditOfTenant(corpId), ':c': externalUserId },
    };
    for await (const page of queryPages(doc, input)) out.push(...(page.Items ?? []));
    return out;
  }
  return {
    section: 'auditRows',
    collect: async (corpId, externalUserId) => (await rows(corpId, externalUserId)).map(clean),
    async erase(corpId, externalUserId) {
      let changed = 0;
      for (const r of await rows(corpId, externalUserId)) {
        const present = presentKeys(r.detail as Item | undefined, ERASED_AUDIT_DETAIL);
        if (present.length === 0) continue;
        const n = names(present);
        await doc.send(
          new UpdateCommand({
            TableName: table,
            Key: { pk: r.pk, sk: r.sk },
            UpdateExpression: `REMOVE ${Object.keys(n)
              .map((k) => `detail.${k}`)
              .join(', ')}`,
            ExpressionAttributeNames: n,
          }),
        );
        changed++;
      }
      return changed;
    },
  };
}

/** Mass-message counts the person received, per month (the quota ledger). */
export function quotaMonths(doc: DynamoDBDocumentClient, table: string): PersonalDataContributor {
  return {
    section: 'massMessageQuota',
    collect: async (corpId, externalUserId) =>
      (await queryAll(doc, table, `${keys.quotaMonth(corpId, externalUserId, '').pk}`, 'M#')).map((i) => {
        const { sends, ...rest } = clean(i);
        return { ...rest, ...(sends instanceof Set ? { sends: [...(sends as Set<string>)].sort() } : {}) };
      }),
  };
}

/** The person's runs of the tenant's SOP plans. */
export function sopRuns(doc: DynamoDBDocumentClient, table: string): PersonalDataContributor {
  return {
    section: 'sopRuns',
    async collect(corpId, externalUserId) {
      const plans = await queryAll(doc, table, keys.tenant(corpId).pk, 'SOPPLAN#');
      const out: Item[] = [];
      for (const p of plans) {
        const res = await doc.send(
          new QueryCommand({
            TableName: table,
            KeyConditionExpression: 'pk = :p AND sk = :s',
            ExpressionAttributeValues: { ':p': keys.sopRuns(corpId, String(p.id)), ':s': `RUN#${externalUserId}` },
          }),
        );
        out.push(...(res.Items ?? []).map(clean));
      }
      return out;
    },
  };
}

/** Broadcasts whose blocked or failed recipient rows name the person. */
export function broadcastRecipients(doc: DynamoDBDocumentClient, table: string): PersonalDataContributor {
  return {
    section: 'broadcastRecipients',
    async collect(corpId, externalUserId) {
      const all = await queryAll(doc, table, keys.tenant(corpId).pk, 'BCAST#');
      const rows = (i: Item, field: 'blocked' | 'failed') =>
        ((i[field] as Array<{ recipient: string; reason: string }> | undefined) ?? []).filter((r) => r.recipient === externalUserId);
      return all.flatMap((b) => {
        const blocked = rows(b, 'blocked');
        const failed = rows(b, 'failed');
        return blocked.length + failed.length > 0 ? [{ broadcastId: String(b.id), blocked, failed }] : [];
      });
    },
  };
}

/** Every store keyed by external_userid: one line each (another module's store: add its contributor here). */
export const personalDataContributors = (doc: DynamoDBDocumentClient, table: string): readonly PersonalDataContributor[] => [
  customerPartition(doc, table),
  archiveMessages(doc, table),
  auditRows(doc, table),
  quotaMonths(doc, table),
  sopRuns(doc, table),
  broadcastRecipients(doc, table),
];
