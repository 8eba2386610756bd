// 员工 in headless Chromium against the real admin API on DynamoDB Local and the WeCom simulator: the registry
// the API lists, 同步通讯录 marking a member gone from WeCom as resigned (with its result), the status filter,
// English, and the link to a member's customers.
import type { Page } from 'playwright-core';
import { adminRequest, browserWorld } from './harness';

jest.setTimeout(60_000);
const bw = browserWorld();
type StaffItem = { userId: string; name: string; status: string; department: number[] };

beforeAll(() => bw.start(), 120_000);
afterAll(() => bw.close());

const open = async (p: Page) => {
  await p.goto(`${bw.url}/console/staff`);
  await p.locator('[data-test=staff-table], [data-test=empty]').first().waitFor();
};
const cells = (p: Page, userId: string) => p.locator(`[data-test=staff-row][data-id="${userId}"] td`).allInnerTexts();

/** A page signed in through the simulator's WeCom QR login as this member (the role the tenant gives them). */
async function signedInAs(name: RegExp) {
  const p = await bw.page({ login: false });
  await p.goto(`${bw.url}/console/`);
  await p.locator('input[name=corpId]').fill(bw.corpId);
  await p.locator('[data-test=wecom-login]').click();
  await p.getByRole('link', { name }).first().click();
  await p.locator('[data-test=member]').waitFor();
  return p;
}

describe('员工 in a real browser', () => {
  it('lists the staff the API returns, syncs the directory and shows a member gone from WeCom as resigned', async () => {
    const api = await adminRequest<{ items: StaffItem[] }>(bw, 'GET', '/staff');
    expect(api.body.items.length).toBeGreaterThan(1);
    const p = await bw.page();
    await open(p);
    expect(await p.locator('h1').innerText()).toBe('员工');
    expect(await p.locator('[data-test=staff-row]').count()).toBe(api.body.items.length);
    for (const s of api.body.items) expect((await cells(p, s.userId)).slice(0, 4)).toEqual([s.name, s.userId, s.department.join('、'), '在职']);
    await p.screenshot({ path: '/tmp/console-staff.png', fullPage: true });

    // 赵六 leaves the company in WeCom; the operator syncs.
    bw.world.sim.state.corp(bw.corpId).staff.delete('zhaoliu');
    await p.locator('[data-test=sync]').click();
    const result = p.locator('[data-test=sync-result]');
    await result.waitFor();
    expect(await result.innerText()).toBe(`同步完成：通讯录共 ${api.body.items.length - 1} 人，本次标记离职 1 人。`);
    const after = await adminRequest<{ items: StaffItem[] }>(bw, 'GET', '/staff');
    expect(after.body.items.find((s) => s.userId === 'zhaoliu')?.status).toBe('resigned');
    await p.locator('[data-test=staff-row][data-id=zhaoliu] td', { hasText: '已离职' }).waitFor();

    await p.locator('[data-test=filter-status]').selectOption('resigned');
    const answered = p.waitForResponse((r) => r.url().includes('/staff?'));
    await p.locator('[data-test=search]').click();
    await answered;
    await p.locator('[data-test=list][aria-busy=false]').waitFor();
    expect(await p.locator('[data-test=staff-row]').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-id')))).toEqual(['zhaoliu']);
  });

  it('speaks English and links a member to their customers', async () => {
    const p = await bw.page();
    await open(p);
    await p.locator('[data-test=lang-en]').click();
    await p.locator('h1', { hasText: 'Staff' }).waitFor();
    expect(await p.locator('[data-test=sync]').innerText()).toBe('Sync directory');
    await p.locator('[data-test=staff-row][data-id=lisi]').getByRole('link', { name: 'Customers', exact: true }).click();
    await p.locator('[data-test=customers]').waitFor();
    expect(new URL(p.url()).searchParams.get('staff')).toBe('lisi');
    await p.locator('[data-test=filter-staff] option[value=lisi]').waitFor({ state: 'attached' });
    expect(await p.locator('[data-test=filter-staff]').inputValue()).toBe('lisi');
    // Nobody added 李四 in this world: the empty state names the filter, not the setup.
    expect(await p.locator('[data-test=empty]').innerText()).toBe('No customer matches these filters; change or reset them.');
  });

  it("hides 同步通讯录 from a staff member, and shows the API's refusal of the list", async () => {
    const p = await signedInAs(/李四/);
    await p.goto(`${bw.url}/console/staff`);
    const err = p.locator('[data-test=error]');
    await err.waitFor();
    expect(await p.locator('[data-test=sync]').count()).toBe(0);
    const refused = await p.evaluate(async (corp) => {
      const r = await fetch(`/admin/v1/tenants/${corp}/staff`);
      return { status: r.status, body: (await r.json()) as { error: { message: string } } };
    }, bw.corpId);
    expect(refused.status).toBe(403);
    expect(await err.innerText()).toBe(refused.body.error.message);
  });
});
