// The declared response schemas of the tenant, API key, moments, SOP plan, event log, jobs, audit,
// operation log and metrics routes against their real answers on fakes: each answer (through the whole
// route table, as JSON) parses with a strict copy of its route's schema (an undeclared, missing or mistyped
// field fails), covering the variants each route answers (new and existing tenant, RFM counts and a
// class's customers, staff and channel rows, a verdict …), and every schema turns into JSON Schema.
import * as z from 'zod';
import { queueMessage } from '../../test/support/queue-messages';
import { adminCall, adminFakes } from '../../test/support/fakes/admin';
import { strictIssues } from '../../test/support/strict-schema';
import { testAesKey } from '../../test/support/tenants';
import type { Route } from './route';
import { apiKeyRoutes } from './routes/api-keys';
import { auditRoutes } from './routes/audit';
import { eventRoutes } from './routes/events';
import { jobRoutes } from './routes/jobs';
import { metricRoutes } from './routes/metrics';
import { momentRoutes } from './routes/moments';
import { operationLogRoutes } from './routes/operation-log';
import { sopPlanRoutes } from './routes/sop-plans';
import { tenantRoutes } from './routes/tenants';

const NOW = Date.parse('2026-11-23T10:00:00+08:00');
const NOW_S = NOW / 1000;

async function world() {
  const f = await adminFakes({ nowMs: NOW });
  f.wecom
    .on('user/list_id', { dept_user: [{ userid: 'zhangsan', department: 2 }] })
    .on('user/get', (b) => ({ userid: b.userid, name: b.userid, department: [2], status: 1 }))
    .on('externalcontact/get_user_behavior_data', { behavior_data: [] });
  return { f, call: adminCall(f) };
}

type Answer = { status: number; body: unknown };
/** A 2xx answer that matches its route's response schema exactly, and that the schema refuses with an undeclared key. */
function expectDeclared(route: Pick<Route, 'response'>, r: Answer): void {
  expect({ status: r.status < 300, issues: strictIssues(route.response, r.body) }).toEqual({ status: true, issues: [] });
  expect(strictIssues(route.response, { ...(r.body as object), undeclared: 1 })).not.toEqual([]);
}

describe('response schemas', () => {
  it('tenants: a new tenant with its staff sync, an update, a read', async () => {
    const { call } = await world();
    const body = { name: 'Acme 私域', token: 'AcmeToken01', encodingAesKey: testAesKey(), secret: 'the-right-secret', agentId: '1000002' };
    const created = await call('PUT', '', { corpId: 'wwnewtenant00001', body });
    expect(created.status).toBe(201);
    expect(created.body.staffSync).toEqual({ synced: 1, resigned: 0 });
    expectDeclared(tenantRoutes.put, created);
    const welcome = { text: '你好 {{name}}', attachments: [{ msgtype: 'link', link: { title: '官网', url: 'https://example.com' } }] };
    expectDeclared(tenantRoutes.put, await call('PUT', '', { corpId: 'wwnewtenant00001', body: { welcome, redPacketAlertFen: 10_000 } }));
    const read = await call('GET', '', { corpId: 'wwnewtenant00001' });
    expect(read.body.welcome).toEqual(welcome);
    expectDeclared(tenantRoutes.get, read);
    expectDeclared(tenantRoutes.get, await call('GET', ''));
  });

  it('api keys: created (with the key once), listed, revoked', async () => {
    const { call } = await world();
    const admin = await call('POST', '/api-keys', { body: { role: 'admin', name: 'ERP 同步', expiresAt: '2027-01-01T00:00:00+08:00' } });
    expectDeclared(apiKeyRoutes.create, admin);
    expectDeclared(apiKeyRoutes.create, await call('POST', '/api-keys', { body: { role: 'staff', userId: 'zhangsan' } }));
    expectDeclared(apiKeyRoutes.create, await call('POST', '/api-keys', { body: { role: 'manager', department: 2 } }));
    expectDeclared(apiKeyRoutes.revoke, await call('DELETE', `/api-keys/${admin.body.id}`));
    const list = await call('GET', '/api-keys');
    expect(list.body.items).toHaveLength(3);
    expectDeclared(apiKeyRoutes.list, list);
  });

  it('moments: created, listed, read; submitted by the job, whose run report matches too', async () => {
    const { f, call } = await world();
    f.wecom.on('externalcontact/add_moment_task', { jobid: 'job1' });
    const body = { text: '新品上市', attachments: [{ msgtype: 'link', link: { title: '新品', url: 'https://example.com/p' } }], senders: ['zhangsan'] };
    const made = await call('POST', '/moments', { body });
    expectDeclared(momentRoutes.create, made);
    const run = await call('POST', '/jobs/moments/run', { body: {} });
    expect(run.body.done).toBe(1);
    expectDeclared(jobRoutes.run, run);
    const one = await call('GET', `/moments/${made.body.id}`);
    expect(one.body).toMatchObject({ status: 'submitted', jobId: 'job1' });
    expectDeclared(momentRoutes.get, one);
    expectDeclared(momentRoutes.list, await call('GET', '/moments'));
  });

  it('SOP plans: created, listed, read with its runs and counters, updated', async () => {
    const { f, call } = await world();
    const body = {
      name: '新客 SOP',
      trigger: 'added',
      audience: { channels: ['chA'] },
      steps: [{ after: 'P1D', at: '10:00', send: { text: '你好', attachments: [{ msgtype: 'image', image: { media_id: 'm1' } }] }, via: 'mass_message' }],
    };
    const plan = await call('POST', '/sop-plans', { body });
    expectDeclared(sopPlanRoutes.create, plan);
    const outcome = { step: 0, at: NOW_S, outcome: 'blocked' as const, reason: 'not_a_contact' };
    const run = {
      planId: plan.body.id,
      recipient: 'wm1',
      userId: 'zhangsan',
      enrolledAt: NOW_S,
      step: 0,
      nextAt: NOW_S,
      status: 'active' as const,
      outcomes: [],
    };
    await f.sopPlans.enrol(f.corpId, run);
    await f.sopPlans.advance(f.corpId, run, 0, { step: 1, nextAt: NOW_S + 60, status: 'done', reason: 'finished' }, outcome);
    await f.sopPlans.count(f.corpId, plan.body.id, { enrolled: 1, s0_blocked: 1, blocked_not_a_contact: 1 });
    const one = await call('GET', `/sop-plans/${plan.body.id}`);
    expect(one.body.runs.items).toHaveLength(1);
    expect(one.body.results).toEqual({ enrolled: 1, steps: { 0: { blocked: 1 } }, blockedByReason: { not_a_contact: 1 } });
    expectDeclared(sopPlanRoutes.get, one);
    expectDeclared(sopPlanRoutes.list, await call('GET', '/sop-plans'));
    expectDeclared(sopPlanRoutes.update, await call('PATCH', `/sop-plans/${plan.body.id}`, { body: { status: 'paused' } }));
  });

  it('event log: a page of events, a replay', async () => {
    const { f, call } = await world();
    const m = queueMessage({
      corpId: f.corpId,
      type: 'change_external_contact.add_external_contact',
      occurredAt: NOW_S - 60,
      event: { UserID: 'u', ExternalUserID: 'e' },
    });
    await f.eventLog.record({
      corpId: f.corpId,
      eventKey: m.eventKey,
      type: m.type,
      occurredAt: m.occurredAt,
      receivedAt: m.receivedAt,
      concerns: ['relationship', 'audit'],
      message: m,
    });
    await f.eventLog.markEnqueued(f.corpId, m.eventKey, ['relationship']);
    const list = await call('GET', '/events');
    expect(list.body.items).toHaveLength(1);
    expectDeclared(eventRoutes.list, list);
    const replay = await call('POST', '/events/replay', { body: { from: NOW_S - 3600, to: NOW_S } });
    expect(replay.body).toMatchObject({ events: 1, enqueued: 2 });
    expectDeclared(eventRoutes.replay, replay);
  });

  it('audit log: a page with and without staff, customer and money', async () => {
    const { f, call } = await world();
    const row = { corpId: f.corpId, type: 'red_packet' as const, at: NOW_S - 60, alert: true };
    await f.auditLog.append({ ...row, eventKey: 'a'.repeat(64), staff: 'zhangsan', customer: 'wm1', detail: { direction: 'out', amountFen: 8800 } });
    await f.auditLog.append({ ...row, eventKey: 'b'.repeat(64), type: 'staff_resigned', detail: {} });
    const page = await call('GET', '/audit');
    expect(page.body.items).toHaveLength(2);
    expectDeclared(auditRoutes.list, page);
  });

  it('operation log: entries of writes (resource diffs and request bodies), an intact chain and a broken one', async () => {
    const { f, call } = await world();
    await call('POST', '/api-keys', { body: { role: 'admin' } });
    await call('PUT', '/metrics/settings', { body: { rfm: { recentDays: 60, frequentOrders: 3, monetaryFen: 50_000 } } });
    await call('PUT', '', { body: { name: '改名' } });
    const page = await call('GET', '/operation-log');
    expect(page.body.items).toHaveLength(3);
    expectDeclared(operationLogRoutes.list, page);
    const ok = await call('GET', '/operation-log/verify');
    expect(ok.body).toEqual({ ok: true, entries: 3 });
    expectDeclared(operationLogRoutes.verify, ok);
    f.operationLog.tamper(f.corpId, 2, (e) => ({ ...e, status: 299 }));
    const broken = await call('GET', '/operation-log/verify');
    expect(broken.body).toMatchObject({ ok: false, brokenAt: 2 });
    expectDeclared(operationLogRoutes.verify, broken);
  });

  it('metrics: an import, tenant, staff and channel rows, cohorts, RFM counts and a class, settings', async () => {
    const { f, call } = await world();
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
    await call('PUT', '/channels/chA/spend', { body: { date: '2026-11-22', amount: 5000 } });
    const paidAt = '2026-11-22T10:00:00+08:00';
    const imported = await call('POST', '/orders', {
      body: {
        orders: [
          { orderId: 'o1', externalUserId: 'wm1', amount: 1000, paidAt, channelId: 'chA' },
          { orderId: 'o2', phone: '13800000000', amount: 500, paidAt },
        ],
      },
    });
    expect(imported.body).toEqual({ imported: 2, duplicates: 0, phoneOnly: 1, unknownCustomers: 1 });
    expectDeclared(metricRoutes.importOrders, imported);
    const rollup = await call('POST', '/jobs/rollup/run', { body: {} });
    expect(rollup.body).toMatchObject({ done: 1, date: '2026-11-22' });
    expectDeclared(jobRoutes.run, rollup);
    for (const by of ['tenant', 'staff', 'channel']) {
      const daily = await call('GET', '/metrics/daily', { query: { from: '2026-11-22', to: '2026-11-22', by } });
      expect(daily.body.items.length).toBeGreaterThan(0);
      expectDeclared(metricRoutes.daily, daily);
    }
    // Cohorts of 2026-11-20 (each dimension kind; a staff cohort carries retention only).
    const contribution = { cohortDay: '2026-11-20', eventDay: '2026-11-20', added: 4, lost: 0, revenue: 0, spend: 0 };
    await f.metrics.replaceContributions(f.corpId, '2026-11-20', [
      { ...contribution, dimension: 'tenant' },
      { ...contribution, dimension: 'staff#zhangsan' },
      { ...contribution, dimension: 'channel#chA', spend: 2000 },
    ]);
    await f.metrics.replaceContributions(f.corpId, '2026-11-21', [
      { ...contribution, eventDay: '2026-11-21', added: 0, lost: 1, revenue: 3000, dimension: 'channel#chA' },
    ]);
    for (const by of ['tenant', 'staff', 'channel']) {
      const cohorts = await call('GET', '/metrics/cohorts', { query: { by, period: 'day', from: '2026-11-20', to: '2026-11-22' } });
      expect(cohorts.body.items.length).toBeGreaterThan(0);
      expectDeclared(metricRoutes.cohorts, cohorts);
    }
    await f.orders.setRfm(f.corpId, 'wm1', 'F', '2026-11-22');
    expectDeclared(metricRoutes.rfm, await call('GET', '/metrics/rfm'));
    const cls = await call('GET', '/metrics/rfm', { query: { class: 'F' } });
    expect(cls.body.items).toHaveLength(1);
    expectDeclared(metricRoutes.rfm, cls);
    expectDeclared(metricRoutes.getSettings, await call('GET', '/metrics/settings'));
    expectDeclared(
      metricRoutes.putSettings,
      await call('PUT', '/metrics/settings', { body: { rfm: { recentDays: 60, frequentOrders: 3, monetaryFen: 50_000 } } }),
    );
  });

  it('every schema of these routes turns into JSON Schema (the OpenAPI document’s responses)', () => {
    const routes = [apiKeyRoutes, auditRoutes, eventRoutes, jobRoutes, metricRoutes, momentRoutes, operationLogRoutes, sopPlanRoutes, tenantRoutes].flatMap(
      (g) => Object.values(g),
    );
    for (const r of routes) expect(z.toJSONSchema(r.response, { io: 'output' })).toMatchObject({ $schema: expect.any(String) });
    // The object of an answer admits no other keys in the document either.
    expect(z.toJSONSchema(tenantRoutes.get.response, { io: 'output' })).toMatchObject({ type: 'object', additionalProperties: false });
  });
});
