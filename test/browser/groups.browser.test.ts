// 客户群 in a real browser against the real admin API, DynamoDB Local and the WeCom simulator: the group
// registry with the member counts and status the API returns (and a manager's scoped, read-only view), a
// group welcome template written in the form (preview, WeCom's template library), and a group code created
// in the form from picked groups (WeCom's add_join_way, the QR code, each group's member count).
import { randomUUID } from 'node:crypto';
import type { Page } from 'playwright-core';
import { adminCall, browserWorld } from './harness';

jest.setTimeout(60_000);
const bw = browserWorld();

interface GroupJson {
  chatId: string;
  name: string;
  memberCount: number;
  status: string;
}
const chats: Record<string, string> = {};

/** A customer group in WeCom (the simulator) and in Siyu's registry, as the group consumer records it. */
async function newGroup(name: string, owner: string, members: number, status: 'active' | 'dismissed' = 'active') {
  const chatId = `wr${randomUUID().replace(/-/g, '')}`;
  bw.world.sim.state.addGroupChats(bw.corpId, [
    {
      chatId,
      name,
      owner,
      members: [{ userId: owner, type: 1 }, ...Array.from({ length: members - 1 }, (_, i) => ({ userId: `wm${chatId.slice(2, 14)}${i}`, type: 2 as const }))],
    },
  ]);
  await bw.world.stores.groups.applySnapshot({
    corpId: bw.corpId,
    chatId,
    name,
    owner,
    memberCount: members,
    status,
    changedAt: Math.floor(Date.now() / 1000),
    updatedAt: new Date().toISOString(),
  });
  chats[name] = chatId;
}

beforeAll(async () => {
  await bw.start();
  await newGroup('VIP 一群', 'zhangsan', 120);
  await newGroup('VIP 二群', 'zhangsan', 8);
  await newGroup('售后群', 'wangwu', 35);
  await newGroup('旧活动群', 'wangwu', 3, 'dismissed');
}, 120_000);
afterAll(() => bw.close());

const openTab = async (p: Page, tab: string) => {
  await p.goto(`${bw.url}/console/groups?tab=${tab}`);
  await p.locator('[data-test=groups-page]').waitFor();
};

describe('客户群 in a real browser', () => {
  it('lists the groups with the member counts and status the API returns, and filters by status', async () => {
    const api = await adminCall<{ items: GroupJson[] }>(bw, 'GET', '/groups');
    const p = await bw.page();
    await openTab(p, 'groups');
    await p.locator('[data-test=group-row]').first().waitFor();
    for (const g of api.items) {
      const row = p.locator(`[data-test=group-row][data-id="${g.chatId}"]`);
      expect(await row.locator('[data-test=group-members]').innerText()).toBe(String(g.memberCount));
      expect(await row.locator('[data-test=group-status]').innerText()).toBe(g.status === 'active' ? '正常' : '已解散');
    }
    expect(await p.locator('[data-test=group-row]').count()).toBe(4);
    await p.getByLabel('状态筛选').selectOption('dismissed');
    await p.locator('[data-test=group-row]').nth(1).waitFor({ state: 'detached' });
    expect(await p.locator('[data-test=group-row]').getAttribute('data-id')).toBe(chats['旧活动群']);
    await p.screenshot({ path: '/tmp/console-groups.png', fullPage: true });
  });

  it('writes a group welcome in the form: the preview, then WeCom’s template library holds it', async () => {
    const p = await bw.page();
    await openTab(p, 'templates');
    await p.locator('[data-test=empty]').waitFor();
    await p.locator('[data-test=template-create]').click();
    await p.getByLabel('名称').fill('VIP 欢迎');
    await p.getByRole('textbox', { name: /^欢迎语/ }).fill('欢迎 {{name}} 加入 VIP 群！');
    expect(await p.locator('[data-test=template-preview]').innerText()).toBe('欢迎 小王 加入 VIP 群！');
    await p.locator('[data-test=template-save]').click();
    await p.locator('[data-test=template-row]').waitFor();
    expect(await p.locator('[data-test=template-text]').innerText()).toBe('欢迎 {{name}} 加入 VIP 群！');
    const { items } = await adminCall<{ items: Array<{ templateId: string; text: string }> }>(bw, 'GET', '/group-welcome-templates');
    expect(items).toHaveLength(1);
    expect(bw.world.sim.state.corp(bw.corpId).welcomeTemplates.get(items[0]!.templateId)).toMatchObject({ text: { content: '欢迎 %NICKNAME% 加入 VIP 群！' } });
  });

  it('creates a group code from picked groups: WeCom’s join way lists them, the page shows the QR code and member counts', async () => {
    const p = await bw.page();
    await openTab(p, 'codes');
    await p.locator('[data-test=empty]').waitFor();
    expect(await p.locator('[data-test=empty]').innerText()).toContain('新建群活码');
    await p.locator('[data-test=code-create]').click();
    await p.getByLabel('名称').fill('VIP 群活码');
    await p.locator(`[data-test="pick-${chats['VIP 二群']}"] input`).check();
    await p.locator(`[data-test="pick-${chats['VIP 一群']}"] input`).check();
    await p.getByLabel('每群人数上限').fill('150');
    await p.getByLabel('入群欢迎语').selectOption({ label: 'VIP 欢迎' });
    await p.locator('[data-test=code-save]').click();
    await p.locator('[data-test=code]').waitFor();

    const { items } = await adminCall<{ items: Array<{ qrCode: string; chatIds: string[]; groups: Array<{ memberCount: number }> }> }>(
      bw,
      'GET',
      '/group-codes',
    );
    expect(items[0]!.chatIds).toEqual([chats['VIP 二群'], chats['VIP 一群']]);
    const joins = bw.world.sim.state.calls({ corpId: bw.corpId, path: '/cgi-bin/externalcontact/groupchat/add_join_way' });
    expect(joins.at(-1)!.body).toMatchObject({ chat_id_list: [chats['VIP 二群'], chats['VIP 一群']] });
    expect(await p.locator('[data-test=code-qr]').getAttribute('src')).toBe(items[0]!.qrCode);
    expect(await p.locator('[data-test=code-name]').innerText()).toBe('VIP 群活码');
    const rows = await p.locator('[data-test=code-group]').allInnerTexts();
    expect(
      rows.map((r) =>
        r
          .split('\t')
          .slice(0, 2)
          .map((x) => x.trim()),
      ),
    ).toEqual(items[0]!.groups.map((g, i) => [i === 0 ? 'VIP 二群' : 'VIP 一群', String(g.memberCount)]));
    expect(rows.map((r) => r.split('\t')[1]!.trim())).toEqual(['8', '120']);
  });

  it('shows a manager the groups of its department only, and no group-code actions', async () => {
    const tenant = (await bw.world.stores.tenants.get(bw.corpId))!;
    await bw.world.stores.tenants.put({ ...tenant, managers: { zhaoliu: 3 } });
    const p = await bw.page({ login: false });
    await p.goto(`${bw.url}/console/`);
    await p.locator('input[name=corpId]').fill(bw.corpId);
    await p.locator('[data-test=wecom-login]').click();
    await p.getByRole('link', { name: /赵六/ }).click();
    await p.locator('[data-test=member]', { hasText: 'zhaoliu' }).waitFor();
    await openTab(p, 'groups');
    await p.locator('[data-test=group-row]').first().waitFor();
    expect((await p.locator('[data-test=group-row]').evaluateAll((rs) => rs.map((r) => r.getAttribute('data-id')))).sort()).toEqual(
      [chats['售后群'], chats['旧活动群']].sort(),
    );
    await p.locator('[data-test=tab-codes]').click();
    await p.locator('[data-test=code]').waitFor();
    expect(await p.locator('[data-test=code-create]').count()).toBe(0);
    expect(await p.locator('[data-test=code-edit]').count()).toBe(0);
  });
});
