// The read-side routes through the admin API on fakes: the event log (list, filter, cursor, replay into
// the concern queues), the audit log and the archive search (a manager's or staff key's scope), sensitive
// words (size bound, stored list kept on refusal), the red-packet ledger, quick replies, and the time
// range every from/to route shares (time-range.ts: ISO or unix seconds, 2000–2099, at most 31 days).
import type { Concern } from '../../shared/domain/fanout';
import { adminCall, adminFakes } from '../../test/support/fakes/admin';
import { queueMessage } from '../../test/support/queue-messages';
import { timeRange } from './time-range';

const BASE = 1_763_000_000; // 2025-11-13
const fields = (r: { body: any }) => (r.body.error?.details ?? []).map((d: { field: string }) => d.field);

async function world() {
  const f = await adminFakes({ nowMs: (BASE + 300_000) * 1000 });
  return { f, call: adminCall(f) };
}

/** Five logged events over two Shanghai days, already delivered to their queues. */
async function fiveEvents(f: Awaited<ReturnType<typeof adminFakes>>) {
  const types = ['add_external_contact', 'del_follow_user', 'add_external_contact', 'edit_external_contact', 'del_external_contact'];
  for (const [i, t] of types.entries()) {
    const type = `change_external_contact.${t}`;
    const m = queueMessage({ corpId: f.corpId, type, occurredAt: BASE + i * 40_000, event: { UserID: 'u', ExternalUserID: `e${i}` } });
    const concerns: Concern[] = t === 'edit_external_contact' ? ['relationship'] : ['relationship', 'audit'];
    await f.eventLog.record({ corpId: f.corpId, eventKey: m.eventKey, type, occurredAt: m.occurredAt, receivedAt: m.receivedAt, concerns, message: m });
    await f.eventLog.markEnqueued(f.corpId, m.eventKey, concerns);
  }
}

const who = (items: Array<{ event: { ExternalUserID: string } }>) => items.map((e) => e.event.ExternalUserID);

describe('event log', () => {
  it('lists events in time order, filtered by type, paged with a cursor', async () => {
    const { f, call } = await world();
    await fiveEvents(f);
    const q = { from: String(BASE), to: String(BASE + 200_000) };
    const all = await call('GET', '/events', { query: q });
    expect(all.status).toBe(200);
    expect(who(all.body.items)).toEqual(['e0', 'e1', 'e2', 'e3', 'e4']);
    expect(all.body.items[3]).toMatchObject({
      type: 'change_external_contact.edit_external_contact',
      occurredAt: new Date((BASE + 120_000) * 1000).toISOString(),
      concerns: ['relationship'],
      enqueued: ['relationship'],
    });
    expect(all.body.cursor).toBeNull();
    expect(who((await call('GET', '/events', { query: { ...q, type: 'change_external_contact.add_external_contact' } })).body.items)).toEqual(['e0', 'e2']);
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const page: { body: any } = await call('GET', '/events', { query: { ...q, limit: '2', ...(cursor ? { cursor } : {}) } });
      seen.push(...who(page.body.items));
      cursor = page.body.cursor;
      pages++;
    } while (cursor);
    expect({ seen, pages }).toEqual({ seen: ['e0', 'e1', 'e2', 'e3', 'e4'], pages: 3 });
    // Without from/to: the last 24 hours before the clock (the last two events).
    f.clock.set((BASE + 170_000) * 1000);
    expect(who((await call('GET', '/events')).body.items)).toEqual(['e3', 'e4']);
    expect((await call('GET', '/events', { query: { from: '0', to: String(BASE) } })).status).toBe(400);
  });

  it('replays a window into the concern queues, optionally for some concerns only', async () => {
    const { f, call } = await world();
    await fiveEvents(f);
    const r = await call('POST', '/events/replay', { body: { from: BASE, to: BASE + 200_000, concerns: ['audit'] } });
    expect(r).toMatchObject({ status: 200, body: { events: 5, enqueued: 4, cursor: null } });
    expect(f.queues.on('audit').map((m) => m.event.ExternalUserID)).toEqual(['e0', 'e1', 'e2', 'e4']);
    expect(f.queues.on('relationship')).toEqual([]);
    const everything = await call('POST', '/events/replay', { body: { from: new Date(BASE * 1000).toISOString(), to: BASE + 200_000 } });
    expect(everything.body).toMatchObject({ events: 5, enqueued: 9 });
    expect(f.queues.on('relationship')).toHaveLength(5);
    const bad = await call('POST', '/events/replay', { body: { from: BASE, to: BASE, concerns: ['nope'] } });
    expect({ status: bad.status, fields: fields(bad) }).toEqual({ status: 400, fields: ['concerns.0'] });
  });

  it('answers 503 naming the queue that refused, having marked what it could enqueue', async () => {
    const { f, call } = await world();
    await fiveEvents(f);
    f.queues.failFor('audit');
    const r = await call('POST', '/events/replay', { body: { from: BASE, to: BASE + 10 } });
    expect(r.status).toBe(503);
    expect(f.queues.on('relationship')).toHaveLength(1);
  });
});

describe('audit log', () => {
  it("shows a manager only their department's staff, and refuses to filter on anyone else", async () => {
    const { f, call } = await world();
    const at = BASE + 1000;
    for (const [i, staff] of ['zhangsan', 'lisi', 'zhangsan'].entries()) {
      await f.auditLog.append({
        corpId: f.corpId,
        eventKey: `${'a'.repeat(63)}${i}`,
        type: 'customer_deleted_staff',
        at: at + i,
        staff,
        customer: `wmcust${i}`,
        detail: {},
        alert: false,
      });
    }
    await f.staffRegistry.apply({ corpId: f.corpId, userId: 'zhangsan', changedAt: BASE, rank: 1, department: [2], status: 'active' });
    await f.staffRegistry.apply({ corpId: f.corpId, userId: 'lisi', changedAt: BASE, rank: 1, department: [3], status: 'active' });
    const manager = (await call('POST', '/api-keys', { body: { role: 'manager', department: 2 } })).body.key;
    const range = { from: String(at - 1), to: String(at + 5) };
    const all = await call('GET', '/audit', { query: range });
    expect(all.body.items.map((r: any) => r.staff)).toEqual(['zhangsan', 'lisi', 'zhangsan']);
    expect(all.body.items[0]).toEqual({
      type: 'customer_deleted_staff',
      at: new Date(at * 1000).toISOString(),
      staff: 'zhangsan',
      customer: 'wmcust0',
      detail: {},
      eventKey: `${'a'.repeat(63)}0`,
    });
    expect((await call('GET', '/audit', { query: { ...range, staff: 'lisi' } })).body.items.map((r: any) => r.customer)).toEqual(['wmcust1']);
    expect((await call('GET', '/audit', { key: manager, query: range })).body.items.map((r: any) => r.customer)).toEqual(['wmcust0', 'wmcust2']);
    expect((await call('GET', '/audit', { key: manager, query: { ...range, staff: 'lisi' } })).status).toBe(403);
    expect((await call('GET', '/audit', { query: { ...range, type: 'nope' } })).status).toBe(400);
  });
});

describe('conversations', () => {
  it('searches the archive in time order, by staff, customer and text; only admins and auditors may read it', async () => {
    const { f, call } = await world();
    const msg = (n: number, staff: string, customer: string, text: string) =>
      f.archive.put({
        corpId: f.corpId,
        msgid: `m${n}`,
        seq: n,
        msgtime: (BASE + n) * 1000,
        msgtype: 'text',
        action: 'send',
        from: customer,
        tolist: [staff],
        roomid: '',
        staff,
        customer,
        text,
        body: { content: text },
      });
    await msg(1, 'zhangsan', 'wm1', '你好 价格');
    await msg(2, 'lisi', 'wm2', '退款');
    await msg(3, 'zhangsan', 'wm3', '价格表');
    const range = { from: String(BASE), to: String(BASE + 10) };
    const all = await call('GET', '/archive', { query: range });
    expect(all.body.items.map((m: any) => m.msgid)).toEqual(['m1', 'm2', 'm3']);
    expect(all.body.items[0]).toMatchObject({ at: new Date((BASE + 1) * 1000).toISOString(), staff: 'zhangsan', customer: 'wm1' });
    expect(all.body.items[0].corpId).toBeUndefined();
    expect((await call('GET', '/archive', { query: { ...range, q: '价格' } })).body.items.map((m: any) => m.msgid)).toEqual(['m1', 'm3']);
    expect((await call('GET', '/archive', { query: { ...range, customer: 'wm2' } })).body.items.map((m: any) => m.msgid)).toEqual(['m2']);
    expect((await call('GET', '/archive', { query: { ...range, staff: 'lisi' } })).body.items.map((m: any) => m.msgid)).toEqual(['m2']);
    const lisi = (await call('POST', '/api-keys', { body: { role: 'staff', userId: 'lisi' } })).body.key;
    const auditor = (await call('POST', '/api-keys', { body: { role: 'auditor' } })).body.key;
    expect((await call('GET', '/archive', { key: lisi, query: range })).status).toBe(403);
    expect((await call('GET', '/archive', { key: auditor, query: range })).body.items).toHaveLength(3);
  });

  it('stores the sensitive words deduplicated with a version; refuses a list too big to store (413) and keeps the stored one', async () => {
    const { call } = await world();
    expect((await call('GET', '/sensitive-words')).body).toEqual({ words: [], notify: [], version: 0 });
    expect((await call('PUT', '/sensitive-words', { body: { words: ['回扣', '返现', '回扣'], notify: ['zhangsan'] } })).body).toEqual({
      words: ['回扣', '返现'],
      notify: ['zhangsan'],
      version: 1,
    });
    const words = Array.from({ length: 5000 }, (_, i) => `${'敏'.repeat(46)}${String(i).padStart(4, '0')}`);
    const r = await call('PUT', '/sensitive-words', { body: { words } });
    expect(r.status).toBe(413);
    expect(r.body.error).toMatchObject({ code: 'payload_too_large', details: [{ field: 'words', message: expect.stringContaining('最多 350000 字节') }] });
    expect((await call('GET', '/sensitive-words')).body).toMatchObject({ words: ['回扣', '返现'], version: 1 });
    expect((await call('PUT', '/sensitive-words', { body: { words: Array.from({ length: 5000 }, (_, i) => `敏感词${i}`) } })).status).toBe(200);
    expect((await call('PUT', '/sensitive-words', { body: { words: [''] } })).status).toBe(400);
  });

  it("reads a day's red-packet ledger per staff member in scope; an impossible day is a 400", async () => {
    const { f, call } = await world();
    const entry = (msgid: string, userId: string, direction: 'in' | 'out', amountFen: number) => ({
      corpId: f.corpId,
      day: '2026-11-20',
      msgid,
      userId,
      direction,
      count: 1,
      amountFen,
    });
    await f.ledger.record(entry('r1', 'zhangsan', 'out', 800));
    await f.ledger.record(entry('r2', 'zhangsan', 'in', 200));
    await f.ledger.record(entry('r3', 'lisi', 'out', 100));
    await f.staffRegistry.apply({ corpId: f.corpId, userId: 'zhangsan', changedAt: BASE, rank: 1, department: [2], status: 'active' });
    const r = await call('GET', '/red-packet-ledger', { query: { date: '2026-11-20' } });
    expect(r).toMatchObject({ status: 200, body: { date: '2026-11-20' } });
    expect(r.body.items).toEqual([
      { userId: 'lisi', inCount: 0, inFen: 0, outCount: 1, outFen: 100 },
      { userId: 'zhangsan', inCount: 1, inFen: 200, outCount: 1, outFen: 800 },
    ]);
    const manager = (await call('POST', '/api-keys', { body: { role: 'manager', department: 2 } })).body.key;
    expect((await call('GET', '/red-packet-ledger', { key: manager, query: { date: '2026-11-20' } })).body.items.map((i: any) => i.userId)).toEqual([
      'zhangsan',
    ]);
    expect((await call('GET', '/red-packet-ledger', { query: { date: '2026-11-21' } })).body.items).toEqual([]);
    expect((await call('GET', '/red-packet-ledger', { query: { date: '2026-13-45' } })).status).toBe(400);
    expect((await call('GET', '/red-packet-ledger')).status).toBe(400);
  });
});

describe('quick replies', () => {
  it('groups the replies (groups and titles in order), filtered by group; refuses unsafe text and stores none', async () => {
    const { f, call } = await world();
    for (const body of [
      { title: '退款\ud800', content: '您好' },
      { title: '退款', content: '您好\u2066' },
      { title: '', content: 'x' },
      { title: 'x', content: 'y'.repeat(4001) },
    ]) {
      expect((await call('POST', '/quick-replies', { body })).status).toBe(400);
    }
    expect((await call('GET', '/quick-replies')).body.groups).toEqual([]);
    const created = await call('POST', '/quick-replies', { body: { title: '退款', content: '您好\n\t流程如下' } });
    expect(created).toMatchObject({
      status: 201,
      body: { group: '默认', title: '退款', content: '您好\n\t流程如下', attachments: [], createdAt: new Date(f.clock.now()).toISOString() },
    });
    expect(created.body.id).toMatch(/^qr[0-9a-f]{12}$/);
    await call('POST', '/quick-replies', { body: { group: '售后', title: '换货', content: 'b' } });
    await call('POST', '/quick-replies', { body: { group: '售后', title: '保修', content: 'a' } });
    const list = (await call('GET', '/quick-replies')).body.groups;
    expect(list.map((g: any) => [g.group, g.items.map((i: any) => i.title)])).toEqual([
      ['售后', ['保修', '换货']],
      ['默认', ['退款']],
    ]);
    expect((await call('GET', '/quick-replies', { query: { group: '售后' } })).body.groups.map((g: any) => g.group)).toEqual(['售后']);
  });
});

describe('time ranges', () => {
  const NOW = 1_790_000_000;
  it('takes ISO instants or unix seconds and defaults to the last 24 hours', () => {
    expect(timeRange(undefined, undefined, NOW)).toEqual({ from: NOW - 86_400, to: NOW });
    expect(timeRange('2026-09-21T00:00:00Z', String(NOW), NOW)).toEqual({ from: Date.parse('2026-09-21T00:00:00Z') / 1000, to: NOW });
    expect(timeRange(String(NOW - 31 * 86_400), String(NOW), NOW)).toEqual({ from: NOW - 31 * 86_400, to: NOW });
  });

  it('refuses instants outside 2000–2099, a to before from and a span over 31 days, naming the field', () => {
    const refusal = (from: unknown, to: unknown) => {
      try {
        timeRange(from, to, NOW);
        return undefined;
      } catch (e) {
        return (e as { details: Array<{ field: string }> }).details.map((d) => d.field);
      }
    };
    expect(refusal('0001-01-01T00:00:00Z', '0001-01-02T00:00:00Z')).toEqual(['from', 'to']);
    expect(refusal('1', String(NOW))).toEqual(['from']);
    expect(refusal(String(NOW), 'tomorrow')).toEqual(['to']);
    expect(refusal(String(NOW), String(NOW - 1))).toEqual(['to']);
    expect(refusal(String(NOW - 31 * 86_400 - 1), String(NOW))).toEqual(['to']);
  });

  it('is what every from/to route answers with: 400 naming from and to for year 0001', async () => {
    const { call } = await world();
    for (const path of ['/events', '/audit', '/archive']) {
      const r = await call('GET', path, { query: { from: '0001-01-01T00:00:00Z', to: '0001-01-02T00:00:00Z' } });
      expect({ path, status: r.status, fields: fields(r) }).toEqual({ path, status: 400, fields: ['from', 'to'] });
    }
    expect((await call('POST', '/events/replay', { body: { from: '0001-01-01T00:00:00Z', to: '0001-01-02T00:00:00Z' } })).status).toBe(400);
  });
});
