// Everything the single table holds on one customer, as a list of per-store contributors: each names its
// section of the export document, collects what it holds on the person, and (where the store holds identity)
// erases it. The personal-data use case (shared/personal-data/personal-data.ts) walks the list; a new store
// keyed by external_userid adds one line to `personalDataContributors`.
//
// Stores keyed by external_userid (keys.ts), and what each contributes:
//   customer partition `T#…#CUST#<id>` — profile (PROFILE), follows (FOLLOW#), timeline (TL#), archive consent
//     (CONSENT), order summary (ORDERS), and any item another module adds there without a section of its own
//     (exported under `other`);
//     erase: name → pseudonym, avatar/company/unionid… removed; remarks, descriptions, remark phones removed;
//     timeline free text removed.
//   archive (GSI1 archiveOfCustomer) — chat archive messages; erase: text and body removed (id, time, type,
//     sender, staff stay: the daily message and response-time counts need them).
//   audit rows (tenant audit partition, customer = id) — erase: quoted text (excerpt, wish) removed.
//   custom field values and stage (ATTRS) and stage history (STAGEH#), in the customer partition, sections
//     customFields / stageHistory; erase: values of text-type fields and the notes of stage moves removed (free
//     text about the person); choice/number/date values, the stage and the moves stay (the stage metrics and
//     the pipeline counts need them, and alone they identify no one).
//   webhook events naming the person (`…#WHEV`, data.externalUserId = id; kept 30 days) and their deliveries;
//     erase: free-text keys of the payload (ERASED_WEBHOOK_DATA) removed, so a replay cannot resend them, and
//     the deliveries' response snippets (what the subscriber answered, possibly echoing the payload) removed.
//   quota ledger `QUOTA#<id>` — mass-message counts per month; export only (no identity).
//   SOP runs (RUN#<id> of each plan) — export only.
//   broadcasts (blocked/failed recipient rows naming the id) — export only.
// Not held per customer: group memberships (the group registry keeps member counts only), raw events (ids only,
// indexed by day; the timeline is their projection), channel add markers (ids, counts), transfers (the transfer
// rows hold ids, members and WeCom's result only), materials (the tenant's own files, not per person).
import { QueryCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { FieldDefinition } from '../domain/customer-fields';
import {
  ERASED_AUDIT_DETAIL,
  ERASED_FOLLOW_FIELDS,
  ERASED_PROFILE_FIELDS,
  ERASED_TIMELINE_DETAIL,
  ERASED_WEBHOOK_DATA,
  presentKeys,
} from '../domain/personal-data';
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
      // ATTRS and STAGEH# have their own sections (customerFields below).
      const known = (i: Item) => ['PROFILE', 'CONSENT', 'ORDERS', 'ATTRS'].includes(sk(i)) || ['FOLLOW#', 'TL#', 'STAGEH#'].some((p) => sk(i).startsWith(p));
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

/** Custom field values and stage (ATTRS) and the stage history (STAGEH#) in the customer partition: two sections. */
export function customerFields(doc: DynamoDBDocumentClient, table: string): PersonalDataContributor[] {
  const partition = (corpId: string, externalUserId: string, prefix: string) =>
    queryAll(doc, table, keys.followsOfCustomer(corpId, externalUserId), prefix, { consistent: true });
  const definitions = async (corpId: string) =>
    new Map((await queryAll(doc, table, keys.tenant(corpId).pk, 'CFIELD#', { consistent: true })).map((d) => [String(d.id), recordOf<FieldDefinition>(d)]));
  return [
    {
      section: 'customFields',
      async collect(corpId, externalUserId) {
        const attrs = (await partition(corpId, externalUserId, 'ATTRS'))[0];
        if (!attrs) return null;
        const defs = await definitions(corpId);
        const fields = (attrs.fields ?? {}) as Record<string, unknown>;
        return {
          stage: attrs.stage ?? null,
          ...(attrs.stageAt === undefined ? {} : { stageAt: attrs.stageAt }),
          // Every stored value, also of fields deleted since (the person's data all the same).
          values: Object.entries(fields).map(([fieldId, value]) => ({
            fieldId,
            name: defs.get(fieldId)?.name ?? null,
            type: defs.get(fieldId)?.type ?? null,
            value,
          })),
        };
      },
      async erase(corpId, externalUserId) {
        const attrs = (await partition(corpId, externalUserId, 'ATTRS'))[0];
        const fields = (attrs?.fields ?? {}) as Record<string, unknown>;
        const defs = await definitions(corpId);
        const text = Object.keys(fields).filter((id) => defs.get(id)?.type === 'text');
        if (!attrs || text.length === 0) return 0;
        const n = Object.fromEntries(text.map((id, i) => [`#v${i}`, id]));
        // The revision moves on, so an edit that read the values before the erase cannot write them back.
        await doc.send(
          new UpdateCommand({
            TableName: table,
            Key: { pk: attrs.pk, sk: attrs.sk },
            UpdateExpression: `REMOVE ${Object.keys(n)
              .map((k) => `#fields.${k}`)
              .join(', ')} SET rev = if_not_exists(rev, :zero) + :one`,
            ConditionExpression: 'attribute_exists(pk)',
            ExpressionAttributeNames: { '#fields': 'fields', ...n },
            ExpressionAttributeValues: { ':zero': 0, ':one': 1 },
          }),
        );
        return 1;
      },
    },
    {
      section: 'stageHistory',
      collect: async (corpId, externalUserId) => (await partition(corpId, externalUserId, 'STAGEH#')).map(clean),
      async erase(corpId, externalUserId) {
        let changed = 0;
        for (const m of await partition(corpId, externalUserId, 'STAGEH#')) {
          if (m.note === undefined) continue;
          await doc.send(
            new UpdateCommand({ TableName: table, Key: { pk: m.pk, sk: m.sk }, UpdateExpression: 'REMOVE note', ConditionExpression: 'attribute_exists(pk)' }),
          );
          changed++;
        }
        return changed;
      },
    },
  ];
}

/** Webhook events whose payload names the person (kept 30 days), and the deliveries of those events. */
export function webhookEvents(doc: DynamoDBDocumentClient, table: string): PersonalDataContributor {
  async function events(corpId: string, externalUserId: string): Promise<Item[]> {
    const out: Item[] = [];
    const input = {
      TableName: table,
      KeyConditionExpression: 'pk = :p',
      FilterExpression: '#data.externalUserId = :x',
      ExpressionAttributeNames: { '#data': 'data' },
      ExpressionAttributeValues: { ':p': keys.webhookEvents(corpId), ':x': externalUserId },
      ConsistentRead: true,
    };
    for await (const page of queryPages(doc, input)) out.push(...(page.Items ?? []));
    return out;
  }
  async function deliveries(corpId: string, eventIds: ReadonlySet<string>): Promise<Item[]> {
    if (eventIds.size === 0) return [];
    const out: Item[] = [];
    for (const s of await queryAll(doc, table, keys.tenant(corpId).pk, 'WEBHOOK#', { consistent: true })) {
      const all = await queryAll(doc, table, keys.webhookDelivery(corpId, String(s.id), '').pk, 'DLV#', { consistent: true });
      out.push(...all.filter((d) => eventIds.has(String(d.eventId))));
    }
    return out;
  }
  return {
    section: 'webhookEvents',
    async collect(corpId, externalUserId) {
      const found = await events(corpId, externalUserId);
      const dlv = await deliveries(corpId, new Set(found.map((e) => String(e.id))));
      return found.map((e) => ({ ...clean(e), deliveries: dlv.filter((d) => d.eventId === e.id).map(clean) }));
    },
    async erase(corpId, externalUserId) {
      let changed = 0;
      const found = await events(corpId, externalUserId);
      for (const e of found) {
        const present = presentKeys(e.data as Item | undefined, ERASED_WEBHOOK_DATA);
        if (present.length === 0) continue;
        const n = names(present);
        await doc.send(
          new UpdateCommand({
            TableName: table,
            Key: { pk: e.pk, sk: e.sk },
            UpdateExpression: `REMOVE ${Object.keys(n)
              .map((k) => `#data.${k}`)
              .join(', ')}`,
            ConditionExpression: 'attribute_exists(pk)',
            ExpressionAttributeNames: { '#data': 'data', ...n },
          }),
        );
        changed++;
      }
      for (const d of await deliveries(corpId, new Set(found.map((e) => String(e.id))))) {
        if (d.snippet === undefined) continue;
        await doc.send(
          new UpdateCommand({ TableName: table, Key: { pk: d.pk, sk: d.sk }, UpdateExpression: 'REMOVE snippet', ConditionExpression: 'attribute_exists(pk)' }),
        );
        changed++;
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
  ...customerFields(doc, table),
  archiveMessages(doc, table),
  auditRows(doc, table),
  quotaMonths(doc, table),
  sopRuns(doc, table),
  broadcastRecipients(doc, table),
  webhookEvents(doc, table),
];
