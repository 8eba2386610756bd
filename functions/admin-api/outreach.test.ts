// The outreach routes' own logic through the admin API on fakes (what the broadcast, SOP and moments jobs
// then do is in functions/schedules/*/run-*.test.ts): a broadcast's dry run (audience, caps, content) that
// writes nothing, a broadcast stored with its due marker, its filters checked per target, and its read
// limited to the caller's scope; SOP plans checked for plans that cannot work, stored with their marker,
// paused (marker cancelled) and resumed (enrolment from now), runs scoped; moments checked against the
// dated limits, stored with their marker, listed newest first with cursors.
import type { BroadcastRecord } from '../../shared/db/broadcast-repository';
import { adminCall, adminFakes, type AdminFakes } from '../../test/support/fakes/admin';

const NOW = Date.parse('2026-11-23T10:00:00+08:00');
const nowSec = NOW / 1000;
const fields = (r: { body: any }) => (r.body.error?.details ?? []).map((d: { field: string }) => d.field).sort();

async function world() {
  const f = await adminFakes({ nowMs: NOW });
  return { f, call: adminCall(f) };
}

/** Customers added by `userId` through `state`, with tags, as the relationship concern records them. */
async function customers(f: AdminFakes, ids: string[], o: { userId: string; tags?: string[]; state?: string }) {
  const at = nowSec - 86_400;
  for (const id of ids) {
    await f.customerRecords.touch(f.corpId, id, at);
    await f.follows.apply({
      corpId: f.corpId,
      externalUserId: id,
      userId: o.userId,
      status: 'active',
      changedAt: at,
      rank: 2,
      eventKey: `k-${id}`,
      added: { at, state: o.state },
    });
    if (o.tags?.length) await f.follows.addTags(f.corpId, id, o.userId, o.tags);
  }
}

describe('broadcasts', () => {
  it('dryRun returns the audience and what the caps would block, and writes nothing', async () => {
    const { f, call } = await world();
    const vip = Array.from({ length: 6 }, (_, i) => `wmv${i}`);
    await customers(f, vip, { userId: 'lisi', tags: ['tagvip'], state: 'c_AbCdEfGh12' });
    await customers(f, ['wmx1'], { userId: 'lisi', tags: ['tagvip', 'tagno'], state: 'c_AbCdEfGh12' });
    await customers(f, ['wmo1'], { userId: 'wangwu', tags: ['tagother'] });
    for (let i = 0; i < 30; i++) await f.quota.reserve(f.corpId, vip[0]!, `seed#${i}`, `2026-11-${String(1 + (i % 22)).padStart(2, '0')}`, { month: 30 });
    const before = await f.quota.months(f.corpId, vip, '2026-11-23');
    const res = await call('POST', '/broadcasts', {
      body: {
        target: 'customers',
        filter: { tags: ['tagvip'], excludeTags: ['tagno'], channel: 'AbCdEfGh12' },
        content: { text: '亲爱的{{name}}', nameFallback: '会员' },
        dryRun: true,
      },
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      dryRun: true,
      audience: { count: 6, sample: vip },
      wouldSend: 5,
      calls: 1,
      blocked: { count: 1, byReason: { monthly_cap: 1 }, sample: [{ recipient: vip[0], reason: 'monthly_cap' }] },
      content: { text: '亲爱的会员', personalisation: 'one text per mass message: {{name}} is sent as "会员"' },
    });
    expect(f.wecom.calls).toEqual([]);
    expect(f.due.all()).toEqual([]);
    expect(await f.quota.months(f.corpId, vip, '2026-11-23')).toEqual(before);
  });

  it('stores a scheduled broadcast with a due marker at sendAt (or now), and reads it back', async () => {
    const { f, call } = await world();
    const later = await call('POST', '/broadcasts', { body: { target: 'customers', content: { text: '晚上好' }, sendAt: '2026-11-23T20:00:00+08:00' } });
    expect(later).toMatchObject({
      status: 201,
      body: { target: 'customers', status: 'scheduled', sendAt: '2026-11-23T12:00:00.000Z', audience: 0, sent: 0, filter: {} },
    });
    expect(later.body.corpId).toBeUndefined();
    const now = await call('POST', '/broadcasts', { body: { target: 'groups', filter: { chatIds: ['wr1'] }, content: { text: '群公告' } } });
    expect(now.body.sendAt).toBe(new Date(NOW).toISOString());
    expect(f.due.all().map((m) => [m.job, m.id, m.dueAt])).toEqual(
      expect.arrayContaining([
        ['broadcast', later.body.id, Date.parse('2026-11-23T20:00:00+08:00') / 1000],
        ['broadcast', now.body.id, nowSec],
      ]),
    );
    expect((await call('GET', `/broadcasts/${later.body.id}`)).body).toEqual(later.body);
    expect((await call('GET', '/broadcasts/nope')).status).toBe(404);
  });

  it('checks the filter against the target and the content, storing nothing', async () => {
    const { f, call } = await world();
    const refused = async (body: unknown) => {
      const r = await call('POST', '/broadcasts', { body });
      return [r.status, fields(r)];
    };
    expect(await refused({ target: 'groups', filter: { tags: ['t'] }, content: { text: 'x' } })).toEqual([400, ['filter.tags']]);
    expect(await refused({ target: 'customers', filter: { chatIds: ['wr1'] }, content: { text: 'x' } })).toEqual([400, ['filter.chatIds']]);
    expect(await refused({ target: 'customers', filter: { addedFrom: 1_790_000_000, addedTo: 1_790_000_000 }, content: { text: 'x' } })).toEqual([
      400,
      ['filter.addedTo'],
    ]);
    expect(await refused({ target: 'everyone', content: { text: 'x' } })).toEqual([400, ['target']]);
    expect((await refused({ target: 'customers', content: {} }))[0]).toBe(400);
    expect(f.due.all()).toEqual([]);
  });

  it('shows a manager only the blocked and failed recipients and the batches of its own staff', async () => {
    const { f, call } = await world();
    await customers(f, ['wmz1'], { userId: 'zhangsan' });
    await customers(f, ['wml1'], { userId: 'lisi' });
    const { body } = await call('POST', '/broadcasts', { body: { target: 'customers', content: { text: 'x' } } });
    const stored = (await f.broadcasts.get(f.corpId, body.id))!;
    const sent: BroadcastRecord = {
      ...stored,
      status: 'sent',
      blocked: [
        { recipient: 'wmz1', reason: 'monthly_cap' },
        { recipient: 'wml1', reason: 'monthly_cap' },
      ],
      blockedCount: 2,
      batches: [
        { sender: 'zhangsan', size: 1, msgid: 'm1', failed: 0, at: nowSec },
        { sender: 'lisi', size: 1, msgid: 'm2', failed: 0, at: nowSec },
      ],
      version: stored.version + 1,
    };
    expect(await f.broadcasts.update(sent)).toBe(true);
    // A manager of lisi's department (outreach is not readable with a staff key).
    for (const [userId, dept] of [
      ['zhangsan', 2],
      ['lisi', 3],
    ] as const)
      await f.staffRegistry.apply({ corpId: f.corpId, userId, changedAt: 1, rank: 1, department: [dept], status: 'active' });
    const lisi = (await call('POST', '/api-keys', { body: { role: 'manager', department: 3 } })).body.key;
    const seen = (await call('GET', `/broadcasts/${body.id}`, { key: lisi })).body;
    expect(seen).toMatchObject({ blockedCount: 2, blocked: [{ recipient: 'wml1' }] });
    expect(seen.batches.map((b: any) => b.sender)).toEqual(['lisi']);
    expect((await call('GET', `/broadcasts/${body.id}`)).body.blocked).toHaveLength(2);
  });
});

const step = (o: Record<string, unknown> = {}) => ({ after: 'P1D', send: { text: '第一天' }, via: 'mass_message', ...o });

describe('SOP plans', () => {
  it('stores a plan with its marker and counters; a calendar plan is due at its next time', async () => {
    const { f, call } = await world();
    const plan = await call('POST', '/sop-plans', {
      body: { name: '新客七天', trigger: 'added', audience: { channels: ['ch1'] }, steps: [step(), step({ after: 'P7D' })] },
    });
    expect(plan).toMatchObject({
      status: 201,
      body: { name: '新客七天', status: 'active', enrolledUpTo: new Date(NOW).toISOString(), results: expect.any(Object) },
    });
    expect(plan.body.version).toBeUndefined();
    const cal = await call('POST', '/sop-plans', {
      body: { name: '每日早报', trigger: 'calendar', audience: { owners: ['lisi'] }, steps: [{ at: '09:00', send: { text: '早' }, via: 'mass_message' }] },
    });
    expect(cal.status).toBe(201);
    const markers = Object.fromEntries(f.due.all().map((m) => [m.id, m.dueAt]));
    expect(markers).toEqual({ [`plan#${plan.body.id}`]: nowSec, [`plan#${cal.body.id}`]: Date.parse('2026-11-24T09:00:00+08:00') / 1000 });
    expect((await call('GET', '/sop-plans')).body.items.map((p: any) => p.id).sort()).toEqual([plan.body.id, cal.body.id].sort());
  });

  it('rejects plans that cannot work with the failing fields', async () => {
    const { f, call } = await world();
    const bad = await call('POST', '/sop-plans', { body: { name: 'x', trigger: 'tagged', audience: {}, steps: [{ after: 'P1M', send: {}, via: 'fax' }] } });
    expect(bad.status).toBe(400);
    expect(fields(bad)).toEqual(expect.arrayContaining(['steps.0.after', 'steps.0.via']));
    const r = async (body: unknown) => fields(await call('POST', '/sop-plans', { body }));
    expect(await r({ name: 'x', trigger: 'tagged', audience: {}, steps: [step()] })).toEqual(['audience.tags']);
    expect(await r({ name: 'x', trigger: 'calendar', audience: { owners: ['lisi'] }, steps: [step({ via: 'staff_reminder' })] })).toEqual([
      'steps.0',
      'steps.0.via',
    ]);
    expect(await r({ name: 'x', trigger: 'calendar', audience: {}, steps: [{ at: '09:00', send: { text: 'x' }, via: 'mass_message' }] })).toEqual(['audience']);
    expect(await r({ name: 'x', trigger: 'added', audience: { owners: ['lisi'] }, steps: [step()] })).toEqual(['audience']);
    expect(await r({ name: 'x', trigger: 'added', audience: {}, steps: [step({ days: [1] })] })).toEqual(['steps.0.days']);
    expect(await r({ name: 'x', trigger: 'added', audience: {}, steps: [{ send: { text: 'x' }, via: 'mass_message' }] })).toEqual(['steps.0']);
    expect(await f.sopPlans.listPlans(f.corpId)).toEqual([]);
    expect(f.due.all()).toEqual([]);
  });

  it('pauses (marker cancelled) and resumes (enrolment from now) a plan; a PATCH is checked like a create', async () => {
    const { f, call } = await world();
    const { body: plan } = await call('POST', '/sop-plans', { body: { name: 'p', trigger: 'added', audience: {}, steps: [step()] } });
    expect((await call('PATCH', `/sop-plans/${plan.id}`, { body: { status: 'paused' } })).body.status).toBe('paused');
    expect(f.due.all()).toEqual([]);
    f.clock.advance(3_600_000);
    const resumed = await call('PATCH', `/sop-plans/${plan.id}`, { body: { status: 'active' } });
    expect(resumed.body).toMatchObject({ status: 'active', enrolledUpTo: new Date(NOW + 3_600_000).toISOString() });
    expect(f.due.all().map((m) => [m.id, m.dueAt])).toEqual([[`plan#${plan.id}`, nowSec + 3600]]);
    expect((await f.sopPlans.getPlan(f.corpId, plan.id))?.version).toBe(3);
    expect(fields(await call('PATCH', `/sop-plans/${plan.id}`, { body: { steps: [step({ days: [1] })] } }))).toEqual(['steps.0.days']);
    expect((await call('PATCH', '/sop-plans/nope', { body: { name: 'x' } })).status).toBe(404);
    expect((await call('GET', '/sop-plans/nope')).status).toBe(404);
  });

  it("pages a plan's runs, a manager seeing its department's runs only", async () => {
    const { f, call } = await world();
    const { body: plan } = await call('POST', '/sop-plans', { body: { name: 'p', trigger: 'added', audience: {}, steps: [step()] } });
    for (const [recipient, userId] of [
      ['wm1', 'zhangsan'],
      ['wm2', 'lisi'],
      ['wm3', 'lisi'],
    ]) {
      await f.sopPlans.enrol(f.corpId, {
        planId: plan.id,
        recipient: recipient!,
        userId: userId!,
        step: 0,
        nextAt: nowSec,
        status: 'active',
        enrolledAt: nowSec,
        outcomes: [],
      } as never);
    }
    const first = (await call('GET', `/sop-plans/${plan.id}`, { query: { limit: '2' } })).body.runs;
    expect(first.items.map((r: any) => r.recipient)).toEqual(['wm1', 'wm2']);
    const second = (await call('GET', `/sop-plans/${plan.id}`, { query: { limit: '2', cursor: first.cursor } })).body.runs;
    expect(second).toEqual({ items: [expect.objectContaining({ recipient: 'wm3' })], cursor: null });
    // A manager of lisi's department (outreach is not readable with a staff key).
    for (const [userId, dept] of [
      ['zhangsan', 2],
      ['lisi', 3],
    ] as const)
      await f.staffRegistry.apply({ corpId: f.corpId, userId, changedAt: 1, rank: 1, department: [dept], status: 'active' });
    const lisi = (await call('POST', '/api-keys', { body: { role: 'manager', department: 3 } })).body.key;
    expect((await call('GET', `/sop-plans/${plan.id}`, { key: lisi })).body.runs.items.map((r: any) => r.recipient)).toEqual(['wm2', 'wm3']);
  });
});

describe('moments', () => {
  const video = { msgtype: 'video', video: { media_id: 'v1' } };
  const images = (n: number) => Array.from({ length: n }, (_, i) => ({ msgtype: 'image', image: { media_id: `img${i}` } }));

  it('refuses mixes and too many attachments with 400 and field details, and stores nothing', async () => {
    const { f, call } = await world();
    const rejected = async (body: unknown) => {
      const r = await call('POST', '/moments', { body });
      expect(r.status).toBe(400);
      return r.body.error.details as Array<{ field: string; message: string }>;
    };
    expect(await rejected({ text: 'x', attachments: [video, video] })).toEqual([{ field: 'attachments', message: 'at most 1 video (got 2)' }]);
    expect(await rejected({ text: 'x', attachments: images(10) })).toEqual([{ field: 'attachments', message: 'at most 9 images (got 10)' }]);
    expect((await rejected({ attachments: [...images(1), video] }))[0]).toMatchObject({ field: 'attachments', message: expect.stringContaining('not a mix') });
    expect(await rejected({ text: '字'.repeat(2001) })).toEqual([{ field: 'text', message: 'at most 2000 characters (got 2001)' }]);
    expect(await rejected({})).toEqual([{ field: 'text', message: 'text or attachments is required' }]);
    expect((await rejected({ text: 'x', attachments: [{ msgtype: 'file', file: { media_id: 'f' } }] }))[0]!.field).toBe('attachments.0.msgtype');
    expect((await rejected({ text: 'x', attachments: [{ msgtype: 'link', link: { title: 't' } }] }))[0]!.field).toBe('attachments.0.link.url');
    expect((await rejected({ text: 'x', sendAt: 'tomorrow' }))[0]!.field).toBe('sendAt');
    expect((await call('GET', '/moments')).body).toEqual({ items: [], cursor: null });
    expect(f.due.all()).toEqual([]);
  });

  it('stores a campaign with its due marker, senders deduplicated; lists newest first with cursors', async () => {
    const { f, call } = await world();
    const later = (await call('POST', '/moments', { body: { text: '晚上八点', senders: ['lisi', 'lisi', 'zhangsan'], sendAt: '2026-11-23T20:00:00+08:00' } }))
      .body;
    expect(later).toMatchObject({ status: 'scheduled', sendAt: '2026-11-23T12:00:00.000Z', senders: ['lisi', 'zhangsan'], refusals: 0, polls: 0 });
    f.clock.advance(1000);
    const now = (await call('POST', '/moments', { body: { attachments: [{ msgtype: 'link', link: { title: '新品', url: 'https://example.com/new' } }] } }))
      .body;
    expect(
      f.due
        .all()
        .map((m) => [m.job, m.id, m.dueAt])
        .sort(),
    ).toEqual(
      [
        ['moments', later.id, Date.parse('2026-11-23T20:00:00+08:00') / 1000],
        ['moments', now.id, nowSec + 1],
      ].sort(),
    );
    expect((await call('GET', '/moments')).body.items.map((m: any) => m.id)).toEqual([now.id, later.id]);
    const page1 = (await call('GET', '/moments', { query: { limit: '1' } })).body;
    expect(page1.items.map((m: any) => m.id)).toEqual([now.id]);
    const page2 = (await call('GET', '/moments', { query: { limit: '1', cursor: page1.cursor } })).body;
    expect(page2.items.map((m: any) => m.id)).toEqual([later.id]);
    expect((await call('GET', `/moments/${later.id}`)).body).toEqual(later);
    expect((await call('GET', '/moments/nope')).status).toBe(404);
  });
});
