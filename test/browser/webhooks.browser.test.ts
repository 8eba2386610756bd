// Webhook 推送 in a real browser: a subscription created through the form (URL, events ticked by their Chinese
// names, description) shows its signing secret once with a copy button, never again; disable/enable, rotate the
// secret (a new one, once), the delivery log (status, attempts, code, duration), replay of a window (the API's
// count, or its refusal of a window over 7 days), delete after a confirm; a staff member has no 推送 menu entry.
import { adminCall, adminRequest, browserWorld, pageAsMember } from './harness';

jest.setTimeout(60_000);
const bw = browserWorld();
type Hook = { id: string; url: string; events: string[]; description: string | null; enabled: boolean };
type Delivery = { id: string; status: string; attempts: number; responseCode: number | null; replay: boolean };
const hooks = async () => (await adminCall<{ items: Hook[] }>(bw, 'GET', '/webhooks')).items;
const deliveries = async (id: string) => (await adminCall<{ items: Delivery[] }>(bw, 'GET', `/webhooks/${id}/deliveries`)).items;

beforeAll(() => bw.start(), 120_000);
afterAll(() => bw.close());

describe('Webhook 推送 in a real browser', () => {
  let hook: Hook;
  let secret: string;

  it('creates a subscription and shows its secret once, with a copy button', async () => {
    const p = await bw.page();
    await p.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: bw.url });
    await p.goto(`${bw.url}/console/webhooks`);
    await p.locator('[data-test=webhooks-empty]').waitFor();
    await p.locator('[data-test=webhook-url]').fill('https://93.184.216.34/siyu-hook');
    await p.getByLabel('添加客户').check();
    await p.getByLabel('客户阶段变更').check();
    await p.locator('[data-test=webhook-description]').fill('ERP 同步');
    await p.locator('[data-test=webhook-save]').click();
    await p.locator('[data-test=webhook-secret]').waitFor();
    secret = (await p.locator('[data-test=webhook-secret-value]').innerText()).trim();
    expect(secret.length).toBeGreaterThanOrEqual(32);
    expect(await p.locator('[data-test=webhook-secret]').innerText()).toContain('仅显示这一次');
    await p.locator('[data-test=webhook-secret-copy]').click();
    await p.locator('[data-test=webhook-secret-copy]', { hasText: '已复制' }).waitFor();
    expect(await p.evaluate('navigator.clipboard.readText()')).toBe(secret);

    [hook] = (await hooks()) as [Hook];
    expect(hook).toMatchObject({
      url: 'https://93.184.216.34/siyu-hook',
      events: ['customer.added', 'customer.stage_changed'],
      description: 'ERP 同步',
      enabled: true,
    });
    const row = p.locator(`[data-test=webhook-row][data-id="${hook.id}"]`);
    expect(await row.locator('[data-test=webhook-events]').innerText()).toBe('添加客户、客户阶段变更');
    await p.screenshot({ path: 'test-artifacts/console-webhooks.png', fullPage: true });

    // Shown once: a fresh page never has it.
    await p.reload();
    await row.waitFor();
    expect(await p.content()).not.toContain(secret);
  });

  it('disables and enables, and rotates the secret (a new one, shown once)', async () => {
    const p = await bw.page();
    await p.goto(`${bw.url}/console/webhooks`);
    const row = p.locator(`[data-test=webhook-row][data-id="${hook.id}"]`);
    await row.locator('[data-test=webhook-toggle]').click();
    await row.locator('[data-test=webhook-status]', { hasText: '已停用' }).waitFor();
    expect((await hooks())[0]!.enabled).toBe(false);
    await row.locator('[data-test=webhook-toggle]').click();
    await row.locator('[data-test=webhook-status]', { hasText: '已启用' }).waitFor();
    expect((await hooks())[0]!.enabled).toBe(true);

    p.once('dialog', (d) => void d.accept());
    await row.locator('[data-test=webhook-rotate]').click();
    await p.locator('[data-test=webhook-secret]').waitFor();
    const rotated = (await p.locator('[data-test=webhook-secret-value]').innerText()).trim();
    expect(rotated).not.toBe(secret);
    expect(rotated.length).toBeGreaterThanOrEqual(32);
  });

  it('shows the delivery log and replays a window of events', async () => {
    // An event the subscription takes, delivered once (as the delivery function records it).
    const occurredAt = Date.now() - 3 * 3600_000;
    const store = bw.stores.webhooks;
    await store.recordEvent({ corpId: bw.corpId, id: 'evt-browser-1', type: 'customer.added', occurredAt, data: { externalUserId: 'wm1' } });
    const at = new Date(occurredAt).toISOString();
    await store.createDelivery({
      corpId: bw.corpId,
      subscriptionId: hook.id,
      id: 'dlv-browser-1',
      eventId: 'evt-browser-1',
      eventType: 'customer.added',
      status: 'delivered',
      attempts: 2,
      responseCode: 200,
      durationMs: 37,
      snippet: 'ok',
      createdAt: at,
      updatedAt: at,
    });

    const p = await bw.page();
    await p.goto(`${bw.url}/console/webhooks`);
    await p.locator(`[data-test=webhook-row][data-id="${hook.id}"] [data-test=webhook-log]`).click();
    const delivered = p.locator('[data-test=delivery-row]').first();
    await delivered.waitFor();
    expect(await delivered.innerText()).toContain('添加客户');
    expect(await delivered.locator('[data-test=delivery-status]').innerText()).toBe('已送达');
    expect(await delivered.locator('[data-test=delivery-attempts]').innerText()).toBe('2');
    expect(await delivered.locator('[data-test=delivery-code]').innerText()).toBe('200');
    expect(await delivered.innerText()).toContain('37 ms');

    // Replay a window. The browser world has no SQS queues, so the window holds only an event this subscription does
    // not take (nothing to enqueue): the page shows the API's count. A window the API refuses shows its message.
    await store.recordEvent({ corpId: bw.corpId, id: 'evt-browser-2', type: 'keyword.matched', occurredAt: Date.now() - 1800_000, data: {} });
    const local = (ms: number) => new Date(ms + 8 * 3600_000).toISOString().slice(0, 16);
    await p.locator('[data-test=replay-from]').fill(local(Date.now() - 3600_000));
    await p.locator('[data-test=replay-to]').fill(local(Date.now() + 60_000));
    await p.locator('[data-test=replay-save]').click();
    await p.locator('[data-test=webhooks-notice], [data-test=webhooks-error]').first().waitFor();
    expect(await p.locator('[data-test=webhooks-error]').allInnerTexts()).toEqual([]);
    expect(await p.locator('[data-test=webhooks-notice]').innerText()).toBe('已重放：1 个事件，0 个加入投递队列');

    await p.locator('[data-test=replay-from]').fill(local(Date.now() - 8 * 86_400_000));
    await p.locator('[data-test=replay-save]').click();
    const refused = await p.locator('[data-test=webhooks-error]').innerText();
    expect(refused).toContain('7');
    expect((await deliveries(hook.id)).filter((d) => d.replay)).toHaveLength(0);
  });

  it('deletes a subscription after a confirm', async () => {
    const p = await bw.page();
    await p.goto(`${bw.url}/console/webhooks`);
    const row = p.locator(`[data-test=webhook-row][data-id="${hook.id}"]`);
    p.once('dialog', (d) => void d.accept());
    await row.locator('[data-test=webhook-delete]').click();
    await p.locator('[data-test=webhooks-empty]').waitFor();
    expect((await adminRequest(bw, 'GET', `/webhooks/${hook.id}`)).status).toBe(404);
  });

  it('gives a staff member no 推送 menu entry', async () => {
    const staff = await pageAsMember(bw, /李四/);
    expect(await staff.locator('[data-test=menu-materials]').count()).toBe(1);
    expect(await staff.locator('[data-test=menu-webhooks]').count()).toBe(0);
  });
});
