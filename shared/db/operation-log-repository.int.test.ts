// The operation log on DynamoDB Local: concurrent appends of one tenant keep one unbroken chain (seq
// 1..n, each entry after the one before, the head on the last); list pages newest first with the actor,
// route and time filters; and a hand-edited or deleted item makes verify fail at its seq. The whole path
// through the admin handler (a write recorded, verify passing) runs in scope-matrix.int.test.ts, whose
// fixture writes go through the handler.
import { randomUUID } from 'node:crypto';
import { DeleteCommand, GetCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { verifyOperationLog } from '../../functions/admin-api/operation-log';
import type { OperationDraft } from '../oplog/entry';
import { integrationWorld } from '../../test/support/integration-world';
import { keys } from './keys';
import { DynamoOperationLog } from './operation-log-repository';

const world = integrationWorld();
beforeAll(() => world.start());
afterAll(() => world.close());

const corp = () => `wwoplog${randomUUID().replace(/-/g, '').slice(0, 10)}`;
const draft = (corpId: string, i: number, keyId = `key${i % 3}`): OperationDraft => ({
  corpId,
  actor: { keyId, role: 'admin', ...(i % 2 === 0 ? { userId: 'zhangsan' } : {}) },
  route: i % 4 === 0 ? 'PATCH /admin/v1/tenants/{corpId}/channels/{id}' : 'PUT /admin/v1/tenants/{corpId}/sensitive-words',
  target: { id: `t${i}` },
  status: 200,
  source: 'resource',
  diff: { name: { from: `a${i}`, to: `b${i}` }, 'autoAccept.mode': { from: null, to: 'always' }, nested: { from: { x: [1, 2.5, '三'] }, to: '***' } },
});

const T0 = Date.parse('2026-11-23T10:00:00+08:00');

it('keeps one unbroken chain under concurrent appends of one tenant', async () => {
  const log = world.stores.operationLog;
  const corpId = corp();
  const n = 12;
  const entries = await Promise.all(Array.from({ length: n }, (_, i) => log.append(draft(corpId, i + 1), T0 + (i % 5))));
  expect(entries.map((e) => e.seq).sort((a, b) => a - b)).toEqual(Array.from({ length: n }, (_, i) => i + 1));
  const chain: number[] = [];
  for await (const e of log.chain(corpId)) chain.push(e.seq);
  expect(chain).toEqual(Array.from({ length: n }, (_, i) => i + 1));
  expect(await log.head(corpId)).toMatchObject({ seq: n });
  expect(await verifyOperationLog({ operationLog: log }, corpId)).toEqual({ ok: true, entries: n });
}, 60_000);

it('lists newest first with filters and cursor pages, inside the tenant', async () => {
  const log = world.stores.operationLog;
  const corpId = corp();
  for (let i = 1; i <= 8; i++) await log.append(draft(corpId, i), T0 + i * 60_000);
  await log.append(draft(corp(), 99), T0);
  const seqs = (p: { items: Array<{ seq: number }> }) => p.items.map((e) => e.seq);
  expect(seqs(await log.list(corpId, { limit: 100 }))).toEqual([8, 7, 6, 5, 4, 3, 2, 1]);
  expect(seqs(await log.list(corpId, { limit: 100, actor: 'zhangsan' }))).toEqual([8, 6, 4, 2]);
  expect(seqs(await log.list(corpId, { limit: 100, actor: 'key1' }))).toEqual([7, 4, 1]);
  expect(seqs(await log.list(corpId, { limit: 100, route: 'channels' }))).toEqual([8, 4]);
  expect(seqs(await log.list(corpId, { limit: 100, from: T0 + 3 * 60_000, to: T0 + 5 * 60_000 }))).toEqual([5, 4, 3]);
  const p1 = await log.list(corpId, { limit: 3, actor: 'zhangsan' });
  expect(seqs(p1)).toEqual([8, 6, 4]);
  const p2 = await log.list(corpId, { limit: 3, actor: 'zhangsan', cursor: p1.cursor });
  expect(seqs(p2)).toEqual([2]);
  const [newest] = (await log.list(corpId, { limit: 1 })).items;
  expect(newest!.diff).toEqual(draft(corpId, 8).diff);
  // Whatever a request body held is stored as hashed: 40 levels deep, an unsafe integer, an empty key.
  let deep: unknown = 'leaf';
  for (let i = 0; i < 40; i++) deep = { d: deep };
  const odd = {
    ...draft(corpId, 9),
    source: 'request' as const,
    diff: { deep: { from: null, to: deep }, big: { from: null, to: 2 ** 60 }, '': { from: '', to: [] } },
  };
  const sealed = await log.append(odd, T0 + 9 * 60_000);
  expect((await log.list(corpId, { limit: 1 })).items[0]).toEqual(sealed);
  expect(await verifyOperationLog({ operationLog: log }, corpId)).toEqual({ ok: true, entries: 9 });
}, 30_000);

it('verify fails at the seq of a hand-edited item and of a deleted one', async () => {
  const log = new DynamoOperationLog(world.doc, world.table);
  const edited = corp();
  const deleted = corp();
  for (const corpId of [edited, deleted]) for (let i = 1; i <= 5; i++) await log.append(draft(corpId, i), T0 + i * 1000);
  const itemOf = async (corpId: string, seq: number) => {
    const out = await world.doc.send(
      new QueryCommand({
        TableName: world.table,
        KeyConditionExpression: 'pk = :p AND begins_with(sk, :e)',
        FilterExpression: 'seq = :s',
        ExpressionAttributeValues: { ':p': keys.operationLog(corpId), ':e': 'E#', ':s': seq },
      }),
    );
    return { pk: String(out.Items![0]!.pk), sk: String(out.Items![0]!.sk) };
  };
  // A hand edit of the stored diff (its JSON text): the recorded change now says something else.
  const target = await itemOf(edited, 3);
  const stored = await world.doc.send(new GetCommand({ TableName: world.table, Key: target }));
  const forged = String(stored.Item!.diff).replace('"to":"b3"', '"to":"forged"');
  expect(forged).not.toBe(stored.Item!.diff);
  await world.doc.send(
    new UpdateCommand({ TableName: world.table, Key: target, UpdateExpression: 'SET diff = :forged', ExpressionAttributeValues: { ':forged': forged } }),
  );
  expect(await verifyOperationLog({ operationLog: log }, edited)).toEqual({ ok: false, brokenAt: 3, reason: expect.stringContaining('hash mismatch') });
  await world.doc.send(new DeleteCommand({ TableName: world.table, Key: await itemOf(deleted, 2) }));
  expect(await verifyOperationLog({ operationLog: log }, deleted)).toEqual({ ok: false, brokenAt: 2, reason: 'entry 2 is missing' });
}, 30_000);
