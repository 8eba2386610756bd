// Orders, spend, daily metrics, cohorts, RFM and metric settings, and the jobs route, through the admin API
// on fakes: an order import counted once per orderId (retried over a summary that changed meanwhile),
// phone-only and unknown customers counted, days already rolled up marked for the next night; spend refused
// in the future or before its channel existed; date ranges bounded; staff rows and a class's customers
// limited to the caller's scope; the jobs route's checks (unknown job, date on another job, unfinished day,
// a day before the tenant) and a rollup run by hand with the schedules' own code.
import type { DailyMetrics } from '../../shared/domain/metrics';
import type { OrderStore } from '../../shared/orders/orders';
import { adminCall, adminFakes, type AdminFakes } from '../../test/support/fakes/admin';

const NOW = Date.parse('2026-11-23T10:00:00+08:00');

async function world() {
  const f = await adminFakes({ nowMs: NOW });
  await f.channels.put({
    corpId: f.corpId,
    id: 'chA',
    state: 'c_chA',
    name: '地推',
    staff: ['zhangsan'],
    backupStaff: [],
    skipVerify: true,
    autoAccept: { mode: 'always', windows: [] },
    dailyCapPerStaff: 0,
    tags: [],
    configId: 'cfg',
    qrCode: '',
    status: 'active',
    createdAt: '2026-11-01T00:00:00.000Z',
    updatedAt: '2026-11-01T00:00:00.000Z',
  });
  for (const [userId, dept] of [
    ['zhangsan', 2],
    ['lisi', 3],
  ] as const)
    await f.staffRegistry.apply({ corpId: f.corpId, userId, changedAt: 1, rank: 1, department: [dept], status: 'active' });
  // A follow for wm1 (zhangsan) and wm2 (lisi): known customers.
  for (const [ext, userId] of [
    ['wm1', 'zhangsan'],
    ['wm2', 'lisi'],
  ]) {
    await f.follows.apply({
      corpId: f.corpId,
      externalUserId: ext!,
      userId: userId!,
      status: 'active',
      changedAt: 1,
      rank: 1,
      eventKey: `k-${ext}`,
      added: { at: 1 },
    });
  }
  return { f, call: adminCall(f) };
}

const order = (orderId: string, o: Record<string, unknown> = {}) => ({
  orderId,
  externalUserId: 'wm1',
  amount: 1000,
  paidAt: '2026-11-20T10:00:00+08:00',
  ...o,
});

describe('order import', () => {
  it('imports once per orderId, counts phone-only and unknown customers, and keeps each customer’s summary', async () => {
    const { f, call } = await world();
    const r = await call('POST', '/orders', {
      body: {
        orders: [
          order('o1'),
          order('o2', { paidAt: '2026-11-21T10:00:00+08:00', amount: 500 }),
          order('o3', { externalUserId: undefined, phone: '13800000000' }),
          order('o4', { externalUserId: 'wmnobody' }),
        ],
      },
    });
    expect(r).toMatchObject({ status: 200, body: { imported: 4, duplicates: 0, phoneOnly: 1, unknownCustomers: 1 } });
    expect((await call('POST', '/orders', { body: { orders: [order('o1'), order('o5', { paidAt: '2026-11-22T10:00:00+08:00' })] } })).body).toEqual({
      imported: 1,
      duplicates: 1,
      phoneOnly: 0,
      unknownCustomers: 0,
    });
    const wm1 = (await f.orders.summaries(f.corpId, ['wm1'])).get('wm1')!;
    expect(wm1).toMatchObject({
      orders: 3,
      totalFen: 2500,
      version: 3,
      firstPaidAt: Date.parse('2026-11-20T10:00:00+08:00') / 1000,
      secondPaidAt: Date.parse('2026-11-21T10:00:00+08:00') / 1000,
    });
    expect(wm1.history!.map((h) => h.orderId)).toEqual(['o1', 'o2', 'o5']);
    expect((await f.orders.ordersOfDay(f.corpId, '2026-11-20')).map((o) => [o.orderId, o.externalUserId, o.day])).toEqual([
      ['o1', 'wm1', '2026-11-20'],
      ['o3', null, '2026-11-20'],
      ['o4', 'wmnobody', '2026-11-20'],
    ]);
    // The earliest day of the imports is to be rolled up again.
    expect(await f.metrics.dirtyFrom(f.corpId)).toBe('2026-11-20');
  });

  it("retries when the customer's summary changed between its read and its write", async () => {
    const { f, call } = await world();
    const orders = f.orders as OrderStore;
    const record = orders.record.bind(orders);
    let raced = false;
    orders.record = async (corpId, o, summary, previous) => {
      if (!raced) {
        // Another import records an order of the same customer in between.
        raced = true;
        const other = { orderId: 'race', externalUserId: 'wm1', amount: 1, paidAt: o.paidAt, day: o.day, channelId: null, importedAt: 0 };
        await record(
          corpId,
          other,
          {
            externalUserId: 'wm1',
            orders: 1,
            totalFen: 1,
            firstPaidAt: o.paidAt,
            secondPaidAt: null,
            lastPaidAt: o.paidAt,
            history: [{ orderId: 'race', amount: 1, paidAt: o.paidAt, channelId: null }],
            version: 1,
          },
          undefined,
        );
      }
      return record(corpId, o, summary, previous);
    };
    expect((await call('POST', '/orders', { body: { orders: [order('o1')] } })).body).toMatchObject({ imported: 1 });
    expect((await f.orders.summaries(f.corpId, ['wm1'])).get('wm1')).toMatchObject({ orders: 2, totalFen: 1001, version: 2 });
  });

  it('refuses future orders, unknown channels, a repeated orderId and bad fields, storing nothing', async () => {
    const { f, call } = await world();
    const details = async (orders: unknown[]) => (await call('POST', '/orders', { body: { orders } })).body.error.details.map((d: any) => [d.field, d.message]);
    expect(await details([order('f1', { paidAt: '2026-12-01T00:00:00+08:00' })])).toEqual([['orders.0.paidAt', 'in the future']]);
    expect(await details([order('x1', { channelId: 'nope' })])).toEqual([['orders.0.channelId', 'unknown channel']]);
    expect(await details([order('d1'), order('d1')])).toEqual([['orders.1.orderId', 'repeated in this batch']]);
    expect((await details([{ orderId: 'bad 2', amount: -1, paidAt: 'yesterday' }])).map((d: string[]) => d[0]).sort()).toEqual([
      'orders.0.amount',
      'orders.0.orderId',
      'orders.0.paidAt',
    ]);
    expect(await details([{ orderId: 'n1', amount: 1, paidAt: '2026-11-20T10:00:00+08:00' }])).toEqual([
      ['orders.0.externalUserId', 'externalUserId or phone is required'],
    ]);
    expect((await call('POST', '/orders', { body: { orders: [] } })).status).toBe(400);
    expect(f.orders.all(f.corpId)).toEqual([]);
    expect(await f.metrics.dirtyFrom(f.corpId)).toBeUndefined();
  });

  it('does not mark today (not rolled up yet) for a rollup again', async () => {
    const { f, call } = await world();
    await call('POST', '/orders', { body: { orders: [order('t1', { paidAt: '2026-11-23T09:00:00+08:00' })] } });
    expect(await f.metrics.dirtyFrom(f.corpId)).toBeUndefined();
  });
});

describe('channel spend', () => {
  it('stores a day’s spend, marks a past day for the rollup; refuses the future, a day before the channel and unknown channels', async () => {
    const { f, call } = await world();
    expect(await call('PUT', '/channels/chA/spend', { body: { date: '2026-11-23', amount: 100 } })).toMatchObject({
      status: 200,
      body: { channelId: 'chA', date: '2026-11-23', amount: 100 },
    });
    expect(await f.metrics.dirtyFrom(f.corpId)).toBeUndefined();
    await call('PUT', '/channels/chA/spend', { body: { date: '2026-11-10', amount: 300 } });
    await call('PUT', '/channels/chA/spend', { body: { date: '2026-11-10', amount: 200 } });
    expect(await f.spend.get(f.corpId, 'chA', '2026-11-10')).toBe(200);
    expect(await f.metrics.dirtyFrom(f.corpId)).toBe('2026-11-10');
    const refused = async (id: string, body: unknown) => {
      const r = await call('PUT', `/channels/${id}/spend`, { body });
      return [r.status, (r.body.error.details ?? []).map((d: any) => d.field)];
    };
    expect(await refused('chA', { date: '2026-11-24', amount: 1 })).toEqual([400, ['date']]);
    expect(await refused('chA', { date: '2026-10-31', amount: 1 })).toEqual([400, ['date']]);
    expect(await refused('chA', { date: '2026-13-01', amount: 1 })).toEqual([400, ['date']]);
    expect(await refused('chA', { date: '2026-11-11', amount: -1 })).toEqual([400, ['amount']]);
    expect((await call('PUT', '/channels/nope/spend', { body: { date: '2026-11-11', amount: 1 } })).status).toBe(404);
    expect(await f.spend.get(f.corpId, 'chA', '2026-10-31')).toBe(0);
  });
});

/** A stored day row with these figures (the rest zero). */
const dayRow = (day: string, dimension: string, o: Partial<DailyMetrics> = {}) => ({ day, dimension, newCustomers: 1, ...o }) as unknown as DailyMetrics;

describe('daily metrics, cohorts, RFM and settings', () => {
  async function rolledUp(f: AdminFakes) {
    for (const day of ['2026-11-15', '2026-11-21', '2026-11-22']) {
      await f.metrics.replaceDay(
        f.corpId,
        day,
        [
          dayRow(day, 'tenant', { gmv: 1999, redPacketAmount: 1, transferAmount: 0 }),
          dayRow(day, 'staff#zhangsan'),
          dayRow(day, 'staff#lisi'),
          dayRow(day, 'channel#chA'),
        ],
        {},
      );
    }
  }

  it('reads a range (default: the 7 days up to yesterday) by dimension kind, as JSON or CSV', async () => {
    const { f, call } = await world();
    await rolledUp(f);
    const d = (r: { body: any }) => r.body.items.map((i: DailyMetrics) => `${i.day} ${i.dimension}`);
    expect(d(await call('GET', '/metrics/daily'))).toEqual(['2026-11-21 tenant', '2026-11-22 tenant']);
    expect(d(await call('GET', '/metrics/daily', { query: { from: '2026-11-15', to: '2026-11-15', by: 'staff' } }))).toEqual([
      '2026-11-15 staff#lisi',
      '2026-11-15 staff#zhangsan',
    ]);
    expect(d(await call('GET', '/metrics/daily', { query: { from: '2026-11-22', to: '2026-11-22', by: 'channel' } }))).toEqual(['2026-11-22 channel#chA']);
    const csv = await call('GET', '/metrics/daily', { query: { from: '2026-11-21', to: '2026-11-22', format: 'csv' } });
    expect(csv.headers['content-type']).toBe('text/csv; charset=utf-8');
    const lines = String(csv.body).slice(1).trim().split('\r\n');
    expect(lines.map((l) => l.split(',').slice(0, 3).join(','))).toEqual(['日期,维度,新增客户', '2026-11-21,tenant,1', '2026-11-22,tenant,1']);
    // Money in yuan with two decimals in the file (fen in JSON): GMV 1999 fen, a red packet of 1 fen, no transfer.
    const column = (name: string) => lines.map((l) => l.split(',')[lines[0]!.split(',').indexOf(name)]);
    expect(column('成交额（元）')).toEqual(['成交额（元）', '19.99', '19.99']);
    expect(column('红包金额（元）')).toEqual(['红包金额（元）', '0.01', '0.01']);
    expect(column('转账金额（元）')).toEqual(['转账金额（元）', '0.00', '0.00']);
    expect((await call('GET', '/metrics/daily', { query: { from: '2026-11-21', to: '2026-11-21' } })).body.items[0]).toMatchObject({
      gmv: 1999,
      redPacketAmount: 1,
    });
    const en = await call('GET', '/metrics/daily', { query: { from: '2026-11-21', to: '2026-11-21', format: 'csv' }, headers: { 'accept-language': 'en-GB' } });
    expect(String(en.body).split('\r\n')[0]).toMatch(/^\uFEFFday,dimension,newCustomers,/);
  });

  it("limits staff rows to a manager's department", async () => {
    const { f, call } = await world();
    await rolledUp(f);
    const manager = (await call('POST', '/api-keys', { body: { role: 'manager', department: 2 } })).body.key;
    const r = await call('GET', '/metrics/daily', { key: manager, query: { from: '2026-11-22', to: '2026-11-22', by: 'staff' } });
    expect(r.body.items.map((i: DailyMetrics) => i.dimension)).toEqual(['staff#zhangsan']);
  });

  it('refuses a range that ends before it starts, spans more than 92 days, or names an impossible day', async () => {
    const { call } = await world();
    const fields = async (query: Record<string, string>, path = '/metrics/daily') => {
      const r = await call('GET', path, { query });
      return [r.status, (r.body.error?.details ?? []).map((x: any) => x.field)];
    };
    expect(await fields({ from: '2026-11-10', to: '2026-11-01' })).toEqual([400, ['to']]);
    expect(await fields({ from: '2026-01-01', to: '2026-12-31' })).toEqual([400, ['to']]);
    expect(await fields({ from: '2026-08-01', to: '2026-10-31' })).toEqual([200, []]);
    expect(await fields({ from: '2026-02-30' })).toEqual([400, ['from']]);
    expect(await fields({ by: 'team' })).toEqual([400, ['by']]);
    expect(await fields({ from: '9999-01-01', to: '9999-01-31' }, '/metrics/cohorts')).toEqual([400, ['from', 'to']]);
    expect(await fields({ from: '2025-01-01', to: '2026-11-01' }, '/metrics/cohorts')).toEqual([400, ['to']]);
  });

  it("answers the RFM counts with the thresholds, a class's customers paged and scoped; settings are read and replaced", async () => {
    const { f, call } = await world();
    const paidAt = Date.parse('2026-11-20T10:00:00+08:00') / 1000;
    for (const ext of ['wm1', 'wm2', 'wm3']) {
      await f.orders.record(
        f.corpId,
        { orderId: `o-${ext}`, externalUserId: ext, amount: 100, paidAt, day: '2026-11-20', channelId: null, importedAt: 0 },
        { externalUserId: ext, orders: 1, totalFen: 100, firstPaidAt: paidAt, secondPaidAt: null, lastPaidAt: paidAt, version: 1 },
        undefined,
      );
      await f.orders.setRfm(f.corpId, ext, 'F', '2026-11-22');
    }
    expect((await call('GET', '/metrics/rfm')).body).toEqual({
      thresholds: { recentDays: 30, frequentOrders: 2, monetaryFen: 100_000 },
      counts: { A: 0, B: 0, C: 0, D: 0, E: 0, F: 3, G: 0, H: 0 },
    });
    const first = await call('GET', '/metrics/rfm', { query: { class: 'F', limit: '2' } });
    expect(first.body.items).toEqual([
      { externalUserId: 'wm1', class: 'F', asOf: '2026-11-22', orders: 1, totalFen: 100, lastPaidAt: new Date(paidAt * 1000).toISOString() },
      expect.objectContaining({ externalUserId: 'wm2' }),
    ]);
    const second = await call('GET', '/metrics/rfm', { query: { class: 'F', limit: '2', cursor: first.body.cursor } });
    expect(second.body.items.map((i: any) => i.externalUserId)).toEqual(['wm3']);
    const lisi = (await call('POST', '/api-keys', { body: { role: 'manager', department: 3 } })).body.key;
    expect((await call('GET', '/metrics/rfm', { key: lisi, query: { class: 'F' } })).body.items.map((i: any) => i.externalUserId)).toEqual(['wm2']);
    expect((await call('GET', '/metrics/rfm', { query: { class: 'Z' } })).status).toBe(400);
    // A class's customers as a file: every page of the class, the total in yuan.
    const file = await call('GET', '/metrics/rfm', { query: { class: 'F', limit: '2', format: 'csv' } });
    expect(String(file.body).slice(1).trim().split('\r\n')).toEqual([
      '客户,RFM 分类,计算日,订单数,累计金额（元）,最近付款时间',
      ...['wm1', 'wm2', 'wm3'].map((ext) => `${ext},F,2026-11-22,1,1.00,2026-11-20 10:00:00`),
    ]);
    expect(file.headers['content-disposition']).toContain(`filename="rfm-F-`);

    expect((await call('GET', '/metrics/settings')).body).toEqual({ rfm: { recentDays: 30, frequentOrders: 2, monetaryFen: 100_000 } });
    const rfm = { recentDays: 60, frequentOrders: 3, monetaryFen: 50_000 };
    expect((await call('PUT', '/metrics/settings', { body: { rfm } })).body).toEqual({ rfm });
    expect((await call('GET', '/metrics/settings')).body).toEqual({ rfm });
    expect((await call('GET', '/metrics/rfm')).body.thresholds).toEqual(rfm);
    expect(await f.metrics.settings(f.corpId)).toEqual({ rfm, updatedAt: NOW / 1000 });
    expect((await call('PUT', '/metrics/settings', { body: { rfm: { ...rfm, recentDays: 0 } } })).body.error.details.map((d: any) => d.field)).toEqual([
      'rfm.recentDays',
    ]);
  });
});

describe('jobs', () => {
  it('answers 404 for an unknown job and 400 for a date on another job, an unfinished day, a day before the tenant or a bad body', async () => {
    const { f, call } = await world();
    const run = (job: string, body: unknown) => call('POST', `/jobs/${job}/run`, { body });
    expect((await run('nightly', {})).status).toBe(404);
    expect(await run('sop', { date: '2026-11-22' })).toMatchObject({ status: 400, body: { error: { details: [{ field: 'date' }] } } });
    expect(await run('rollup', { date: '2026-11-23' })).toMatchObject({
      status: 400,
      body: { error: { details: [{ field: 'date', message: expect.stringContaining('尚未结束') }] } },
    });
    expect(await run('rollup', { date: '2026-08-31' })).toMatchObject({
      status: 400,
      body: { error: { details: [{ field: 'date', message: expect.stringContaining('早于租户创建日 2026-09-01') }] } },
    });
    // `now` earlier than the clock: its day is the one not yet ended.
    expect((await run('rollup', { date: '2026-11-20', now: '2026-11-20T12:00:00+08:00' })).status).toBe(400);
    for (const body of [{ date: '2026-02-30' }, { date: '0001-01-01' }, { at: 'now' }, { now: 1 }]) expect((await run('rollup', body)).status).toBe(400);
    expect(f.metrics.rolledUpDays(f.corpId)).toEqual([]);
  });

  it('runs the rollup of a finished day by hand (yesterday by default), twice with the same rows', async () => {
    const { f, call } = await world();
    f.wecom.on('user/list_id', { dept_user: [] }).on('externalcontact/get_user_behavior_data', { behavior_data: [] });
    const first = await call('POST', '/jobs/rollup/run', { body: {} });
    expect(first).toMatchObject({ status: 200, body: { job: 'rollup', due: 1, done: 1, failed: [], date: '2026-11-22', ranAt: new Date(NOW).toISOString() } });
    expect(first.body.results[0]).toMatchObject({ corpId: f.corpId, day: '2026-11-22' });
    const rows = await f.metrics.daily(f.corpId, ['2026-11-22'], 'tenant');
    expect(rows).toEqual([expect.objectContaining({ day: '2026-11-22', dimension: 'tenant', newCustomers: 0 })]);
    expect((await call('POST', '/jobs/rollup/run', { body: { date: '2026-11-22' } })).body).toMatchObject({ done: 1, date: '2026-11-22' });
    expect(await f.metrics.daily(f.corpId, ['2026-11-22'], 'tenant')).toEqual(rows);
    expect(f.metrics.rolledUpDays(f.corpId)).toEqual(['2026-11-22']);
  });

  it('runs another job as of a given time', async () => {
    const { call } = await world();
    const sop = await call('POST', '/jobs/sop/run', { body: { now: '2026-11-23T12:00:00+08:00' } });
    expect(sop).toMatchObject({ status: 200, body: { job: 'sop', failed: [], ranAt: '2026-11-23T04:00:00.000Z' } });
    expect(sop.body.date).toBeUndefined();
  });
});
