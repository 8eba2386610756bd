// 关键词回复 in a real browser: rules seeded through the API are listed; an admin creates one in the form
// (it is stored), disables and deletes one; the API's message shows on a bad regex; sensitive words are saved;
// a staff member (李四) is told the role may not view rules (no data, no write controls), and the API refuses them anyway.
import { adminCall, browserWorld, pageAsMember } from './harness';

jest.setTimeout(60_000);
const bw = browserWorld();
interface Rule {
  id: string;
  name?: string;
  keywords: string[];
  enabled: boolean;
  reply?: { text: string };
}
const rulesPath = () => `/admin/v1/tenants/${bw.corpId}/keyword-rules`;

beforeAll(async () => {
  await bw.start();
  await adminCall(bw, 'POST', rulesPath(), { name: '价格咨询', keywords: ['价格', '多少钱'], reply: { text: '您好，价格表已发送' } });
}, 120_000);
afterAll(() => bw.close());

describe('关键词回复 in a real browser', () => {
  it('lists the seeded rule and creates, disables and deletes rules through the form', async () => {
    const p = await bw.page();
    await p.goto(`${bw.url}/console/keyword-rules`);
    const row = p.locator('[data-test=rule-row]', { hasText: '价格咨询' });
    await row.waitFor();
    expect(await row.locator('[data-test=rule-keywords]').innerText()).toBe('价格、多少钱');
    expect(await row.locator('[data-test=rule-reply]').innerText()).toBe('您好，价格表已发送');
    expect(await row.locator('[data-test=rule-status]').innerText()).toBe('已启用');

    await p.getByLabel('规则名称').fill('退货');
    await p.getByLabel('关键词').fill('退货\n退款');
    await p.getByLabel('回复内容').fill('请提供订单号');
    await p.locator('[data-test=rule-form-save]').click();
    await p.locator('[data-test=notice]', { hasText: '规则已创建' }).waitFor();
    const stored = (await adminCall<{ items: Rule[] }>(bw, 'GET', rulesPath())).items.find((r) => r.name === '退货');
    expect(stored).toMatchObject({ keywords: ['退货', '退款'], reply: { text: '请提供订单号' }, enabled: true });

    await row.locator('[data-test=rule-toggle]').click();
    await row.locator('[data-test=rule-status]', { hasText: '已停用' }).waitFor();
    expect((await adminCall<{ items: Rule[] }>(bw, 'GET', rulesPath())).items.find((r) => r.name === '价格咨询')?.enabled).toBe(false);

    p.once('dialog', (d) => void d.accept());
    await p.locator('[data-test=rule-row]', { hasText: '退货' }).locator('[data-test=rule-remove]').click();
    await p.locator('[data-test=rule-row]', { hasText: '退货' }).waitFor({ state: 'detached' });
    expect((await adminCall<{ items: Rule[] }>(bw, 'GET', rulesPath())).items.map((r) => r.name)).toEqual(['价格咨询']);
    await p.screenshot({ path: '/tmp/console-keyword-rules.png', fullPage: true });
  });

  it('shows the API’s message for a regex it cannot run, and stores nothing', async () => {
    const p = await bw.page();
    await p.goto(`${bw.url}/console/keyword-rules`);
    await p.locator('[data-test=rule-form]').waitFor();
    await p.getByLabel('关键词').fill('(a)\\1');
    await p.getByLabel('匹配方式').selectOption('regex');
    await p.getByLabel('回复内容').fill('x');
    await p.locator('[data-test=rule-form-save]').click();
    const error = await p.locator('[data-test=error]').innerText();
    const api = await fetch(`${bw.url}${rulesPath()}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${bw.superKey}`, 'content-type': 'application/json', 'accept-language': 'zh-CN' },
      body: JSON.stringify({ keywords: ['(a)\\1'], match: 'regex', reply: { text: 'x' } }),
    });
    expect(api.status).toBe(400);
    expect(error).toBe(((await api.json()) as { error: { message: string } }).error.message);
    expect((await adminCall<{ items: Rule[] }>(bw, 'GET', rulesPath())).items).toHaveLength(1);
  });

  it('saves the sensitive words and the notify list', async () => {
    const p = await bw.page();
    await p.goto(`${bw.url}/console/keyword-rules`);
    await p.locator('[data-test=sensitive-empty]').waitFor();
    await p.getByLabel('敏感词', { exact: true }).fill('返现\n私下交易\n返现');
    await p.getByLabel('通知成员（userId）').fill('zhangsan');
    await p.locator('[data-test=sensitive-save]').click();
    await p.locator('[data-test=sensitive-notice]').waitFor();
    const saved = await adminCall<{ words: string[]; notify: string[]; version: number }>(bw, 'GET', `/admin/v1/tenants/${bw.corpId}/sensitive-words`);
    expect(saved).toMatchObject({ words: ['返现', '私下交易'], notify: ['zhangsan'] });
    expect(await p.locator('[data-test=sensitive-notice]').innerText()).toBe(`已保存（第 ${saved.version} 版）`);
    expect(await p.locator('[data-test=sensitive-count]').innerText()).toBe('共 2 个词');
  });

  it('hides the rules from a staff member, whom the API refuses anyway', async () => {
    const p = await pageAsMember(bw, /李四/);
    await p.goto(`${bw.url}/console/keyword-rules`);
    expect(await p.locator('[data-test=no-access]').innerText()).toBe('你的角色无权查看关键词规则。如需使用，请联系管理员。');
    expect(await p.locator('[data-test=rule-form]').count()).toBe(0);
    expect(await p.locator('[data-test=rule-row]').count()).toBe(0);
    expect(await p.locator('[data-test=sensitive]').count()).toBe(0);
    const status = await p.evaluate(async (path) => (await fetch(path)).status, rulesPath());
    expect(status).toBe(403);
  });
});
