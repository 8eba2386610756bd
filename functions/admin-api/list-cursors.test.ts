// Every paged admin list, driven with hostile cursors over in-memory stores (docs/architecture.md#tests). Properties:
// - the answer is a page (200) or an InvalidCursorError (400 invalid_cursor), never anything else;
// - a refused cursor reads nothing, and every read is of the caller's tenant;
// - a page never holds another tenant's data.
import { FakeSecretBox } from '../../test/support/fakes/tenants';
import fc from 'fast-check';
import type { Principal } from '../../shared/auth/authenticate';
import { encodeCursor, PAGE_POSITIONS } from '../../shared/db/cursor';
import type { SopPlan, SopRun } from '../../shared/domain/sop';
import type { StaffRecord } from '../../shared/domain/staff';
import { InvalidCursorError } from '../../shared/errors';
import { InMemoryEventLog, RecordingQueuePublisher } from '../../test/support/fakes';
import { queueMessage } from '../../test/support/queue-messages';
import { listCustomers, type CustomerDeps } from './customers';
import { listEvents, type EventsDeps } from './events';
import { listMoments, type MomentDeps } from './moments';
import { getSopPlan, type SopPlanDeps } from './sop-plans';
import { listStaff, type StaffDeps } from './staff';

const A = 'wwcorpa0000000001';
const B = 'wwcorpb0000000002';
const NOW = 1_790_000_000;
const SUPER: Principal = { role: 'superadmin', keyId: 'super' };

/** Reads of the fakes: which tenant, which store. */
let reads: Array<{ store: string; corpId: string }> = [];
const read = (store: string, corpId: string) => reads.push({ store, corpId });

/** Pages of sorted ids after `after`, of one tenant's ids. */
function pageOf(ids: string[], limit: number, after?: string) {
  const rest = ids.filter((i) => after === undefined || i > after).sort();
  const items = rest.slice(0, limit);
  return { items, last: rest.length > limit ? (items.at(-1) ?? null) : null };
}
const idsOf = (corpId: string) => (corpId === A ? ['wmA1', 'wmA2', 'wmA3'] : ['wmB1', 'wmB2']);

const customerDeps: CustomerDeps = {
  secrets: new FakeSecretBox(),
  follows: {
    followsOfCustomer: async (corpId, ext) => (
      read('follows', corpId),
      [{ userId: 'u1', externalUserId: ext, status: 'active', state: null, tags: [], remark: null, addedAt: NOW, changedAt: NOW }]
    ),
    followsOfStaffPage: async (corpId) => (read('follows', corpId), { items: [], last: null }),
  },
  customerRecords: {
    get: async (corpId) => (read('customers', corpId), undefined),
    page: async (corpId, limit, after) => (read('customers', corpId), pageOf(idsOf(corpId), limit, after)),
    timeline: async (corpId) => (read('customers', corpId), []),
  },
  staffRegistry: {
    all: async (corpId: string) => (read('staff', corpId), []),
    page: async (corpId: string, limit: number, after?: string) => {
      read('staff', corpId);
      const p = pageOf(
        idsOf(corpId).map((i) => i.replace('wm', 'u')),
        limit,
        after,
      );
      return {
        items: p.items.map((userId) => ({ corpId, userId, name: userId, department: [1], status: 'active', changedAt: NOW }) as unknown as StaffRecord),
        last: p.last,
      };
    },
  } as unknown as CustomerDeps['staffRegistry'],
  customerFields: {
    definitions: async (corpId) => (read('customerFields', corpId), []),
    stages: async (corpId) => (read('customerFields', corpId), undefined),
    attributes: async (corpId) => (read('customerFields', corpId), undefined),
    history: async (corpId) => (read('customerFields', corpId), []),
  },
};

const momentDeps = {
  moments: {
    list: async (corpId: string, limit: number, after?: string) => {
      read('moments', corpId);
      const p = pageOf(idsOf(corpId), limit, after);
      return {
        items: p.items.map((id) => ({
          corpId,
          id,
          attachments: [],
          senders: [],
          visibleTags: [],
          sendAt: NOW,
          status: 'scheduled',
          refusals: 0,
          polls: 0,
          createdAt: '',
          updatedAt: '',
          version: 1,
        })),
        last: p.last,
      };
    },
  },
} as unknown as Pick<MomentDeps, 'moments'>;

const plan = (corpId: string): SopPlan => ({
  corpId,
  id: 'p1',
  name: 'p',
  trigger: 'added',
  audience: {},
  steps: [],
  status: 'active',
  enrolledUpTo: NOW,
  createdAt: '',
  updatedAt: '',
  version: 1,
});
const sopDeps = {
  sopPlans: {
    getPlan: async (corpId: string) => (read('sop', corpId), plan(corpId)),
    runsPage: async (corpId: string, _planId: string, limit: number, after?: string) => {
      read('sop', corpId);
      const p = pageOf(idsOf(corpId), limit, after);
      return {
        items: p.items.map((recipient): SopRun => ({
          planId: 'p1',
          recipient,
          userId: 'u1',
          enrolledAt: NOW,
          step: 0,
          nextAt: NOW,
          status: 'active',
          outcomes: [],
        })),
        last: p.last,
      };
    },
    stats: async (corpId: string) => (read('sop', corpId), {}),
  },
} as unknown as SopPlanDeps;

const eventLog = new InMemoryEventLog();
const eventsDeps: EventsDeps = { eventLog, queues: new RecordingQueuePublisher(), clock: { now: () => NOW * 1000 } };

beforeAll(async () => {
  for (const corpId of [A, B]) {
    for (let i = 0; i < 3; i++) {
      const m = queueMessage({ corpId, occurredAt: NOW - 3600 + i * 60, event: { ExternalUserID: `${corpId}-${i}` } });
      await eventLog.record({ corpId, eventKey: m.eventKey, type: m.type, occurredAt: m.occurredAt, receivedAt: m.receivedAt, concerns: [], message: m });
    }
  }
});

/** Each list: run it for tenant A with a cursor; what it returned (to look for B's data). */
const lists: Record<string, (cursor: string) => Promise<unknown>> = {
  events: (cursor) => listEvents(eventsDeps, A, { from: String(NOW - 7200), to: String(NOW), limit: 1, cursor }),
  customers: (cursor) => listCustomers(customerDeps, A, SUPER, { limit: 1, cursor }),
  staff: (cursor) => listStaff(customerDeps as unknown as StaffDeps, A, SUPER, { limit: 1, cursor }),
  moments: (cursor) => listMoments(momentDeps, A, { limit: 1, cursor }),
  sopRuns: (cursor) => getSopPlan(sopDeps, A, 'p1', { limit: 1, cursor }),
};
const positionOf: Record<string, keyof typeof PAGE_POSITIONS> = {
  events: 'events',
  customers: 'customers',
  staff: 'staff',
  moments: 'moments',
  sopRuns: 'sopRuns',
};

const enc = (v: unknown) => Buffer.from(JSON.stringify(v), 'utf8').toString('base64url');
const text = fc.oneof(fc.string(), fc.constantFrom('wmB1', 'uB1', `T#${B}`, `T#${B}#CUSTOMERS`, '2026-09-21', '\u0000', '\ud800'));
const value = fc.oneof(text, fc.jsonValue());
const cursors = fc.oneof(
  fc.string({ maxLength: 200 }),
  fc.stringMatching(/^[A-Za-z0-9_-]{1,300}$/),
  fc.jsonValue().map(enc),
  fc.record({ a: value, day: value, sk: value, pk: value, gsi1pk: value }, { requiredKeys: [] }).map(enc),
  fc.record({ a: text }).map(enc),
);

describe.each(Object.keys(lists))('GET %s with hostile cursors', (name) => {
  const run = lists[name]!;

  it('answers a page or invalid_cursor; a refused cursor reads nothing; every read and item is the caller’s', async () => {
    await fc.assert(
      fc.asyncProperty(cursors, async (cursor) => {
        reads = [];
        let out: unknown;
        try {
          out = await run(cursor);
        } catch (e) {
          expect(e).toBeInstanceOf(InvalidCursorError);
          expect((e as InvalidCursorError).httpStatus).toBe(400);
          if (name !== 'events') expect(reads).toEqual([]);
          return;
        }
        expect(reads.every((r) => r.corpId === A)).toBe(true);
        expect(JSON.stringify(out)).not.toMatch(/wwcorpb|wmB|uB/);
      }),
      { numRuns: 300 },
    );
  });

  it('pages through with the cursors it hands out', async () => {
    const seen: string[] = [];
    let cursor = '';
    for (let i = 0; i < 10; i++) {
      const out = (await run(cursor)) as { items?: unknown[]; cursor?: string | null; runs?: { items: unknown[]; cursor: string | null } };
      const page = out.runs ?? { items: out.items ?? [], cursor: out.cursor ?? null };
      if (page.items.length > 0) seen.push(JSON.stringify(page.items));
      if (page.cursor === null) break;
      cursor = page.cursor;
    }
    expect(seen).toHaveLength(3);
    expect(new Set(seen).size).toBe(3);
  });

  it('refuses a well-formed position of its list that carries a partition key', async () => {
    const sample = {
      events: { day: '2026-09-21', sk: `${NOW}#${'a'.repeat(64)}` },
      customers: { a: 'wmA1' },
      staff: { a: 'uA1' },
      moments: { a: 'wmA1' },
      sopRuns: { a: 'wmA1' },
    }[name]!;
    expect(() => encodeCursor(positionOf[name]!, sample as never)).not.toThrow();
    reads = [];
    await expect(run(enc({ ...sample, pk: `T#${B}` }))).rejects.toBeInstanceOf(InvalidCursorError);
    if (name !== 'events') expect(reads).toEqual([]);
  });
});
