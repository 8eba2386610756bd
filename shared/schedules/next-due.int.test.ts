// The "next due" bound on DynamoDB Local: an idle scheduled run is one GetItem; a marker written between the
// lookahead query and the raise is not skipped (conditional raise on the revision). On a table of its own
// (created from infra/dynamodb.yml): the bound is global per job, and other files' runs share the stack's table.
import { randomUUID } from 'node:crypto';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { createTables } from '../../scripts/local/resources';
import { integrationWorld } from '../../test/support/integration-world';
import { DynamoDueStore } from '../db/due-repository';
import { runDue, type JobName } from './due';

const at = (iso: string) => Math.floor(Date.parse(`${iso}+08:00`) / 1000);
const NOW = at('2026-11-23T10:00:00');
const world = integrationWorld({ clockAt: (NOW - 3600) * 1000 });
const sent: string[] = [];
const doc = {
  send: (c: { constructor: { name: string } }) => (sent.push(c.constructor.name), world.doc.send(c as never)),
} as unknown as DynamoDBDocumentClient;
const suffix = randomUUID().slice(0, 8);
const due = new DynamoDueStore(doc, `next-due-${suffix}`, world.clock);
const deps = { due, leases: world.stores.leases, clock: world.clock };

beforeAll(() => createTables(world.ddb, { tableName: `next-due-${suffix}`, idempotencyTableName: `next-due-idem-${suffix}`, queuePrefix: '' }), 60_000);
afterAll(() => world.close());

describe('next-due bound (DynamoDB Local)', () => {
  it('an idle run costs one GetItem; the marker is worked at its time', async () => {
    const job: JobName = 'transfers';
    const c = `nd${randomUUID().slice(0, 8)}`;
    await due.schedule({ corpId: c, job, id: 'later', dueAt: NOW + 3600 });
    const worked: string[] = [];
    const run = (s: number) => runDue(deps, job, { nowMs: s * 1000 }, async (m) => void worked.push(m.id));
    await run(NOW); // raises the bound to the marker
    sent.length = 0;
    expect((await run(NOW + 60)).due).toBe(0);
    expect(sent).toEqual(['GetCommand']);
    await run(NOW + 3600);
    expect(worked).toEqual(['later']);
  });

  it('a marker written after the lookahead query, before the raise, is worked by the next run', async () => {
    const job: JobName = 'broadcast';
    const c = `nd${randomUUID().slice(0, 8)}`;
    await due.schedule({ corpId: c, job, id: 'first', dueAt: NOW - 60 });
    const earliest = due.earliest.bind(due);
    due.earliest = async (j, after, until) => {
      const found = await earliest(j, after, until);
      await due.schedule({ corpId: c, job, id: 'race', dueAt: NOW + 30 });
      return found;
    };
    const worked: string[] = [];
    await runDue(deps, job, { nowMs: NOW * 1000 }, async (m) => void worked.push(m.id));
    due.earliest = earliest;
    await runDue(deps, job, { nowMs: (NOW + 60) * 1000 }, async (m) => void worked.push(m.id));
    expect(worked).toEqual(['first', 'race']);
  });
});
