// 客户继承 in headless Chromium against the real admin API on DynamoDB Local and the WeCom simulator: 员工 offers
// 分配客户 for a member on the job and 离职继承 for a resigned one; the form lists their customers (choose some),
// checks the 200-character message before sending, and the transfer the API stores has exactly the chosen items;
// the detail shows each item's status with the Chinese reason; the list shows every transfer; a staff member gets
// neither the menu entry nor the form.
import type { Page } from 'playwright-core';
import { adminCall, addCustomers, browserWorld, pageAsMember } from './harness';

jest.setTimeout(90_000);
const bw = browserWorld();

type Transfer = {
  id: string;
  kind: string;
  from: string;
  to: string[];
  message?: string;
  items: Array<{ target: string; id: string; to?: string; status: string; reason?: string }>;
};

const lisiCustomers = ['wmXferLisi0001', 'wmXferLisi0002', 'wmXferLisi0003'];
const zhaoliuCustomers = ['wmXferZhao0001', 'wmXferZhao0002'];

beforeAll(async () => {
  await bw.start();
  await addCustomers(bw, [
    ...lisiCustomers.map((id, i) => ({ externalUserId: id, name: `李四的客户${i + 1}`, follows: [{ userId: 'lisi' }] })),
    ...zhaoliuCustomers.map((id, i) => ({ externalUserId: id, name: `赵六的客户${i + 1}`, follows: [{ userId: 'zhaoliu' }] })),
  ]);
}, 120_000);
afterAll(() => bw.close());

const openStaff = async (p: Page) => {
  await p.goto(`${bw.url}/console/staff`);
  await p.locator('[data-test=staff-table]').waitFor();
};
const itemRows = async (p: Page) =>
  (await p.locator('[data-test=item]').allInnerTexts()).map((r) =>
    r
      .split('\t')
      .map((c) => c.trim())
      .slice(0, 5),
  );

describe('客户继承 in a real browser', () => {
  it('分配客户 for a member on the job: choose some customers and a successor, the message limit, and the transfer the API stores', async () => {
    const p = await bw.page();
    await openStaff(p);
    const link = p.locator('[data-test=staff-row][data-id=lisi] [data-test=transfer]');
    expect(await link.innerText()).toBe('分配客户');
    await link.click();
    await p.locator('[data-test=customers]').waitFor();
    expect(await p.locator('h1').innerText()).toContain('分配客户');
    // All of 李四's customers, all chosen; the operator leaves one out.
    const boxes = p.locator('[data-test=customers] input[type=checkbox]');
    expect(
      await boxes.evaluateAll((bs) =>
        bs.map((b) => [(b as unknown as { value: string; checked: boolean }).value, (b as unknown as { value: string; checked: boolean }).checked]),
      ),
    ).toEqual(lisiCustomers.map((c) => [c, true]));
    await p.locator(`[data-test=customers] input[value=${lisiCustomers[2]}]`).uncheck();
    expect(await p.locator('[data-test=selected]').innerText()).toBe('已选 2 位客户、0 个群');
    // The member themself is not offered as a successor.
    expect(await p.locator('[data-test=successors] input[value=lisi]').count()).toBe(0);

    // Nothing chosen as successor and a message too long: both said next to the fields, nothing posted.
    await p.locator('[data-test=message]').fill('您好'.repeat(100) + '！');
    expect(await p.locator('[data-test=message-error]').innerText()).toBe('提示语最多 200 字（当前 201 字）。');
    await p.locator('[data-test=submit]').click();
    expect(await p.locator('[data-test=successor-error]').innerText()).toBe('请至少选择一名接替成员。');
    expect(bw.requests.filter((r) => r.startsWith('POST') && r.includes('/transfers'))).toEqual([]);

    await p.locator('[data-test=successors] input[value=wangwu]').check();
    await p.locator('[data-test=message]').fill('您好，我调岗了，之后由王五为您服务');
    await p.locator('[data-test=submit]').click();
    await p.locator('[data-test=transfer] [data-test=items]').waitFor();
    const id = decodeURIComponent(new URL(p.url()).pathname.split('/').pop()!);

    const stored = await adminCall<Transfer>(bw, 'GET', `/transfers/${id}`);
    expect(stored).toMatchObject({ kind: 'onjob', from: 'lisi', to: ['wangwu'], message: '您好，我调岗了，之后由王五为您服务' });
    expect(stored.items.map((i) => [i.target, i.id, i.to]).sort()).toEqual(lisiCustomers.slice(0, 2).map((c) => ['customer', c, 'wangwu']));

    expect(await p.locator('[data-test=kind]').innerText()).toBe('分配客户（在职继承）');
    expect(await p.locator('[data-test=members]').innerText()).toBe('原成员：lisi → 接替成员：wangwu');
    expect(await p.locator('[data-test=message]').innerText()).toBe('给客户的提示语：您好，我调岗了，之后由王五为您服务');
    const statusOf = new Map(stored.items.map((i) => [i.id, i.status]));
    const zh: Record<string, string> = { pending: '待提交', waiting: '等待接替', done: '接替完毕', refused: '未提交', failed: '失败' };
    expect(await itemRows(p)).toEqual(stored.items.map((i) => ['客户', i.id, 'wangwu', zh[statusOf.get(i.id)!], '']));
    await p.screenshot({ path: 'test-artifacts/console-transfer-onjob.png', fullPage: true });
  });

  it('离职继承 for a resigned member: no message, the transfer reaches the API, and the list shows it', async () => {
    bw.world.sim.state.corp(bw.corpId).staff.delete('zhaoliu');
    await adminCall(bw, 'POST', '/staff/sync', {});
    const p = await bw.page();
    await openStaff(p);
    const link = p.locator('[data-test=staff-row][data-id=zhaoliu] [data-test=transfer]');
    expect(await link.innerText()).toBe('离职继承');
    await link.click();
    await p.locator('[data-test=customers]').waitFor();
    expect(await p.locator('[data-test=message]').count()).toBe(0);
    expect(
      await p
        .locator('[data-test=customers] input[type=checkbox]:checked')
        .evaluateAll((bs) => bs.map((b) => (b as unknown as { value: string; checked: boolean }).value).sort()),
    ).toEqual(zhaoliuCustomers);
    // A successor must be on the job: 赵六 is not offered.
    expect(await p.locator('[data-test=successors] input[value=zhaoliu]').count()).toBe(0);
    await p.locator('[data-test=successors] input[value=zhangsan]').check();
    await p.locator('[data-test=successors] input[value=wangwu]').check();
    await p.locator('[data-test=submit]').click();
    await p.locator('[data-test=transfer] [data-test=items]').waitFor();
    expect(await p.locator('[data-test=kind]').innerText()).toBe('离职继承');

    const list = await adminCall<{ items: Transfer[] }>(bw, 'GET', '/transfers');
    const resigned = list.items.find((x) => x.from === 'zhaoliu')!;
    expect(resigned).toMatchObject({ kind: 'resigned', to: ['zhangsan', 'wangwu'] });
    expect(resigned.message).toBeUndefined();
    expect(resigned.items.map((i) => i.id).sort()).toEqual(zhaoliuCustomers);

    await p.locator('[data-test=menu-transfers]', { hasText: '客户继承' }).click();
    await p.locator('[data-test=transfers-table]').waitFor();
    expect(await p.locator('[data-test=transfer-row]').evaluateAll((rs) => rs.map((r) => r.getAttribute('data-id')))).toEqual(list.items.map((x) => x.id));
    const row = (await p.locator(`[data-test=transfer-row][data-id="${resigned.id}"] td`).allInnerTexts()).slice(1, 5);
    expect(row).toEqual(['离职继承', 'zhaoliu', 'zhangsan、wangwu', '2']);
    await p.screenshot({ path: 'test-artifacts/console-transfers.png', fullPage: true });
  });

  it('shows refused and failed items with the Chinese reason and WeCom errcode', async () => {
    const now = new Date().toISOString();
    const nowSec = Math.floor(Date.now() / 1000);
    await bw.stores.transfers.create({
      corpId: bw.corpId,
      id: '0seededxfer01',
      kind: 'onjob',
      from: 'lisi',
      to: ['wangwu'],
      status: 'done',
      items: [
        { target: 'customer', id: 'wmXferDone', to: 'wangwu', status: 'done', takeoverAt: nowSec, finishedAt: nowSec },
        { target: 'customer', id: 'wmXferLimit', to: 'wangwu', status: 'refused', reason: 'limit_90_days' },
        { target: 'customer', id: 'wmXferRefused', to: 'wangwu', status: 'failed', reason: 'customer_refused' },
        { target: 'group', id: 'wrXferGroup', to: 'wangwu', status: 'failed', reason: 'wecom_refused', errcode: 40001 },
      ],
      createdAt: now,
      updatedAt: now,
      version: 1,
    });
    const p = await bw.page();
    await p.goto(`${bw.url}/console/transfers/0seededxfer01`);
    await p.locator('[data-test=items]').waitFor();
    expect(await itemRows(p)).toEqual([
      ['客户', 'wmXferDone', 'wangwu', '接替完毕', ''],
      ['客户', 'wmXferLimit', 'wangwu', '未提交', '该客户 90 天内已被转接 2 次'],
      ['客户', 'wmXferRefused', 'wangwu', '失败', '客户拒绝接替'],
      ['客户群', 'wrXferGroup', 'wangwu', '失败', '企业微信拒绝（40001）'],
    ]);
    expect(await p.locator('[data-test=count-failed] dd').innerText()).toBe('2');
    expect(await p.locator('[data-test=count-done] dd').innerText()).toBe('1');
    expect(await p.locator('[data-test=status]').innerText()).toBe('已结束');
    await p.screenshot({ path: 'test-artifacts/console-transfer-detail.png', fullPage: true });
  });

  it('gives a staff member neither the menu entry nor the form', async () => {
    const p = await pageAsMember(bw, /李四/);
    await p.locator('[data-test=menu-customers]').waitFor();
    expect(await p.locator('[data-test=menu-transfers]').count()).toBe(0);
    await p.goto(`${bw.url}/console/transfers/new/zhangsan`);
    await p.locator('[data-test=read-only]').waitFor();
    expect(await p.locator('[data-test=submit]').count()).toBe(0);
  });
});
