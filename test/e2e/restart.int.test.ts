// A restart of `npm start` on the same data folder (a temp folder of this test) loses nothing: the tenant, its
// API key (still authenticating: the local secret key is kept too), its channel and its events survive, and
// WeCom's next callback for that tenant is accepted (200, not 404). `npm start -- --fresh` begins empty.
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { makeDocumentClient } from '../../shared/aws/clients';
import { DynamoTenantStore } from '../../shared/db/tenant-repository';
import { testAesKey } from '../support/tenants';
import { decodeAesKey } from '../../shared/wecom/crypto';
import { addExternalContactXml, callbackQueryString, signedCallback } from '../../simulator/callbacks';
import { DEMO_STAFF, DEMO_TENANT } from '../../simulator/demo-tenant';
import { startStackProcess, type StackProcess } from './stack-process';

jest.setTimeout(420_000);
const ADMIN = `restart-${randomUUID()}`;
const dataDir = mkdtempSync(join(tmpdir(), 'siyu-restart-'));
const corpId = `wwrestart${randomUUID().replace(/-/g, '').slice(0, 10)}`;
const creds = { token: 'RestartToken01', encodingAesKey: testAesKey(), secret: `secret-${randomUUID()}` };
let stack: StackProcess | undefined;
afterAll(async () => {
  await stack?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

async function api(path: string, key: string, init: { method?: string; body?: unknown } = {}) {
  const res = await fetch(`${stack!.url}/admin/v1/tenants/${corpId}${path}`, {
    method: init.method ?? 'GET',
    headers: { authorization: `Bearer ${key}`, ...(init.body ? { 'content-type': 'application/json' } : {}) },
    ...(init.body ? { body: JSON.stringify(init.body) } : {}),
  });
  return { status: res.status, body: (await res.json()) as Record<string, any> };
}

/** As WeCom: a signed add_external_contact for the tenant. */
async function callback(externalUserId: string): Promise<number> {
  const xml = addExternalContactXml({ corpId, userId: 'zhangsan', externalUserId, createTime: Math.floor(Date.now() / 1000) });
  const cb = signedCallback({ corpId, token: creds.token, aesKey: decodeAesKey(creds.encodingAesKey), xml });
  const res = await fetch(`${stack!.url}/wecom/${corpId}/callback?${callbackQueryString(cb.query)}`, {
    method: 'POST',
    headers: { 'content-type': 'text/xml' },
    body: cb.body,
  });
  await res.text();
  return res.status;
}

/** WeCom knows the corp: the simulator (in memory, like fauxqs) is told again after each start. */
async function simulatorKnowsCorp(): Promise<void> {
  const res = await fetch(`${stack!.simUrl}/__sim/corps`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ corpId, secret: creds.secret, staff: DEMO_STAFF }),
  });
  expect(res.status).toBe(200);
}

const eventKeys = async (key: string): Promise<string[]> =>
  (((await api('/events', key)).body.items ?? []) as Array<{ eventKey: string }>).map((e) => e.eventKey).sort();

/** What the tenant's own key sees (a key that no longer authenticates sees 401 and nothing). */
async function snapshot(key: string) {
  return {
    tenant: (await api('', key)).status,
    channels: (((await api('/channels', key)).body.items ?? []) as Array<{ id: string }>).map((c) => c.id),
    events: await eventKeys(key),
  };
}

describe('npm start on a data folder', () => {
  it('keeps tenant, API key, channel and events across a restart; --fresh starts empty', async () => {
    // Given a stack with a tenant, an admin API key of that tenant, a channel and one event
    stack = await startStackProcess({ dataDir, adminApiKey: ADMIN });
    const firstStartMs = stack.startMs;
    await simulatorKnowsCorp();
    expect((await api('', ADMIN, { method: 'PUT', body: { name: '重启测试', ...creds } })).status).toBe(201);
    const created = await api('/api-keys', ADMIN, { method: 'POST', body: { role: 'admin' } });
    expect(created.status).toBe(201);
    const key = created.body.key as string;
    const channel = await api('/channels', key, { method: 'POST', body: { name: '重启前的渠道', staff: ['zhangsan'] } });
    expect(channel.status).toBe(201);
    expect(await callback(`wm${randomUUID().replace(/-/g, '')}`)).toBe(200);
    const before = await snapshot(key);
    expect(before).toEqual({ tenant: 200, channels: [channel.body.id], events: [expect.any(String)] });

    // When the stack is stopped (Ctrl-C) and started again on the same folder
    const stopMs = await stack.stop();
    stack = await startStackProcess({ dataDir, adminApiKey: ADMIN });
    const restartMs = stack.startMs;

    // Then the key still authenticates and everything it saw is there
    const after = await snapshot(key);
    expect(after).toEqual(before);
    expect(stack.output()).toContain(`data folder      ${dataDir} (kept from the last run)`);
    expect((await api(`/channels/${channel.body.id}`, key)).body).toMatchObject({
      name: '重启前的渠道',
      state: channel.body.state,
      configId: channel.body.configId,
    });
    // and WeCom's next callback for the tenant is accepted (its token decrypts with the kept key)
    await simulatorKnowsCorp();
    expect(await callback(`wm${randomUUID().replace(/-/g, '')}`)).toBe(200);
    expect(await eventKeys(key)).toHaveLength(2);
    const secondStopMs = await stack.stop();

    // When it starts with --fresh: the tenant is gone. Checked in DynamoDB Local as soon as the boot tenant
    // is written, then Ctrl-C during the start (which must stop cleanly too).
    stack = await startStackProcess({ dataDir, adminApiKey: ADMIN, args: ['--fresh'], until: /tenant +\S+ \(created/ });
    expect(stack.output()).toContain(`data folder      ${dataDir} (new, emptied by --fresh)`);
    const endpoint = /DynamoDB Local +(http:\/\/\S+)/.exec(stack.output())![1]!;
    const doc = makeDocumentClient({ endpoint });
    const tenants = new DynamoTenantStore(doc, 'siyu-local');
    expect(await tenants.get(corpId)).toBeUndefined();
    expect(await tenants.get(DEMO_TENANT.corpId)).toMatchObject({ corpId: DEMO_TENANT.corpId });
    doc.destroy();
    await stack.stop();
    expect(stack.child.exitCode).toBe(0);
    expect(stack.output()).toContain('stopped before the stack was up');
    stack = undefined;

    console.log(
      `restart: first start ${(firstStartMs / 1000).toFixed(1)} s, stop ${(stopMs / 1000).toFixed(1)} s, ` +
        `restart ${(restartMs / 1000).toFixed(1)} s, second stop ${(secondStopMs / 1000).toFixed(1)} s; ` +
        `before ${JSON.stringify({ ...before, events: before.events.length })}, after ${JSON.stringify({ ...after, events: after.events.length })}`,
    );
  });
});
