// The archive secrets store on DynamoDB Local: the puller finds every tenant with archive secrets through the
// GSI1 tenant list, across pages.
import { randomUUID } from 'node:crypto';
import { integrationWorld } from '../../test/support/integration-world';
import { DynamoArchiveSecretsStore } from './archive-secret-repository';

const world = integrationWorld();
beforeAll(() => world.start());
afterAll(() => world.close());

it('lists the tenants whose archive secrets are stored, and reads one back', async () => {
  const store = new DynamoArchiveSecretsStore(world.doc, process.env.TABLE_NAME!);
  const corps = [1, 2, 3].map(() => `wwas${randomUUID().replace(/-/g, '').slice(0, 12)}`);
  for (const corpId of corps) await store.put({ corpId, secretEnc: 'sealed', keys: [], updatedAt: '2026-12-01T00:00:00.000Z' });
  expect(await store.corpIds()).toEqual(expect.arrayContaining(corps));
  expect(await store.get(corps[0]!)).toMatchObject({ corpId: corps[0], secretEnc: 'sealed', keys: [] });
});
