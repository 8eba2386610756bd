// Operator sessions on DynamoDB Local: put refuses a second item for the same id hash, the TTL attribute is the
// absolute end (epoch seconds), touch only moves lastSeenAt forward and never recreates a deleted session,
// list holds the tenant's sessions only, delete ends one at once; a one-time login token is taken once, even
// by concurrent takers.
import { randomUUID } from 'node:crypto';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { sha256Hex } from '../auth/api-key';
import { sessionTimes, type SessionRecord } from '../auth/session';
import { integrationWorld } from '../../test/support/integration-world';
import { keys } from './keys';

const world = integrationWorld();
beforeAll(() => world.start());
afterAll(() => world.close());

const corp = () => `wwsess${randomUUID().replace(/-/g, '').slice(0, 10)}`;
const T0 = Date.parse('2026-11-23T10:00:00+08:00');
const session = (corpId: string, n: number): SessionRecord => ({
  corpId,
  idHash: sha256Hex(`id-${n}`),
  userId: `user${n}`,
  ...sessionTimes(T0),
  userAgent: 'Mozilla/5.0',
  ip: '10.0.0.1',
});

it('stores a session by its id hash with the absolute end as TTL, touches forward only, lists per tenant and deletes', async () => {
  const store = world.stores.sessions;
  const a = corp();
  const b = corp();
  const s1 = session(a, 1);
  await store.put(s1);
  await store.put(session(a, 2));
  await store.put(session(b, 3));
  await expect(store.put(s1)).rejects.toThrow();
  expect(await store.get(a, s1.idHash)).toEqual(s1);
  const raw = await world.doc.send(new GetCommand({ TableName: world.table, Key: keys.session(a, s1.idHash) }));
  expect(raw.Item?.ttl).toBe((T0 + 8 * 3600_000) / 1000);

  const later = new Date(T0 + 120_000).toISOString();
  await store.touch(a, s1.idHash, later);
  await store.touch(a, s1.idHash, new Date(T0 + 60_000).toISOString());
  expect((await store.get(a, s1.idHash))?.lastSeenAt).toBe(later);

  expect((await store.list(a)).map((s) => s.userId).sort()).toEqual(['user1', 'user2']);
  await store.delete(a, s1.idHash);
  expect(await store.get(a, s1.idHash)).toBeUndefined();
  await store.touch(a, s1.idHash, new Date(T0 + 180_000).toISOString());
  expect(await store.get(a, s1.idHash)).toBeUndefined();
  expect((await store.list(a)).map((s) => s.userId)).toEqual(['user2']);
  expect((await store.list(b)).map((s) => s.userId)).toEqual(['user3']);
});

it('takes a one-time login token once, even when concurrent requests race for it', async () => {
  const store = world.stores.sessions;
  const expiresAt = new Date(T0 + 15 * 60_000).toISOString();
  // Many rounds of 8 concurrent takers: a race that loses once in a while shows up here.
  for (let round = 0; round < 20; round += 1) {
    const a = corp();
    const hash = sha256Hex(`token-${round}`);
    await store.putLoginToken(a, hash, expiresAt);
    const taken = await Promise.all(Array.from({ length: 8 }, () => store.takeLoginToken(a, hash)));
    expect(taken.filter((t) => t !== undefined)).toEqual([{ expiresAt }]);
    expect(await store.takeLoginToken(a, hash)).toBeUndefined();
    expect(await store.list(a)).toEqual([]);
  }
});
