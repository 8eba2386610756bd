// The staff sidebar's stage, custom fields and materials (/sidebar/) in headless Chromium at a phone's width,
// against the real sidebar, auth and console functions on DynamoDB Local and S3, with the simulator's JS-SDK
// stub: 李四 opens the chat with a customer he follows, moves the stage with the picker (the history names
// him), fills a number and a single-choice field, sees a refused value named (by the field's name), and sends an image material into
// the chat (the stub records sendChatMessage with the media_id WeCom issued for it).
import type { Page } from 'playwright-core';
import { applyContactChange } from '../../functions/relationship/apply-contact-change';
import { objectKeyOf } from '../../shared/materials/material';
import { messageFor, queueMessage } from '../support/queue-messages';
import { adminCall, browserWorld } from './harness';

jest.setTimeout(60_000);
const bw = browserWorld();
const FOLLOWED = 'wmSidebarFields001';
const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 9, 8, 7, 6, 5, 4, 3, 2]);
const fieldIds: Record<string, string> = {};

async function sim<T>(method: string, path: string, body?: unknown): Promise<T> {
  const res = await fetch(`${bw.world.sim.url}${path}`, {
    method,
    ...(body === undefined ? {} : { body: JSON.stringify(body), headers: { 'content-type': 'application/json' } }),
  });
  if (!res.ok) throw new Error(`sim ${method} ${path}: ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}
const jssdkCalls = async () =>
  (await sim<{ calls: Array<{ name: string; args: Record<string, unknown>; errMsg: string }> }>('GET', `/__sim/jssdk-calls?corpId=${bw.corpId}`)).calls;

beforeAll(async () => {
  await bw.start();
  const { corpId, world } = bw;
  world.sim.state.addCustomers(corpId, [{ externalUserId: FOLLOWED, name: '赵小姐', follows: [{ userId: 'lisi', createTime: 1_764_500_000 }] }]);
  const deps = { ...world.stores, tenants: world.stores.tenants, secrets: world.secrets, wecom: world.wecom, clock: world.clock };
  const message = queueMessage({ corpId, occurredAt: 1_764_500_000, event: { UserID: 'lisi', ExternalUserID: FOLLOWED, State: '' } });
  await applyContactChange(deps, messageFor('relationship', message));
  await adminCall(bw, 'PUT', '/customer-stages', { stages: ['初次接触', '需求确认', '成交'] });
  fieldIds.budget = (await adminCall<{ id: string }>(bw, 'POST', '/customer-fields', { name: '预算', type: 'number' })).id;
  fieldIds.source = (await adminCall<{ id: string }>(bw, 'POST', '/customer-fields', { name: '来源', type: 'single', options: ['展会', '转介绍'] })).id;
  await world.blobs.put(objectKeyOf(corpId, 'm_poster'), PNG, 'image/png');
  await world.stores.materials.put({
    corpId,
    id: 'm_poster',
    kind: 'image',
    title: '双十二海报',
    file: { filename: 'poster.png', contentType: 'image/png', bytes: PNG.length, objectKey: objectKeyOf(corpId, 'm_poster') },
    createdAt: new Date(world.clock.now()).toISOString(),
  });
}, 120_000);
afterAll(() => bw.close());

const horizontalOverflow = (p: Page) => p.evaluate<number>('document.documentElement.scrollWidth - document.documentElement.clientWidth');

describe('侧边栏：客户阶段、自定义字段与素材', () => {
  let p: Page;

  it('shows the stage picker and the field editors, in Chinese', async () => {
    await sim('POST', '/__sim/jssdk-context', { corpId: bw.corpId, entry: 'single_chat_tools', externalUserId: FOLLOWED });
    p = await bw.page({ login: false });
    await p.setViewportSize({ width: 360, height: 740 });
    await p.goto(`${bw.url}/sidebar/?corpId=${bw.corpId}`);
    await p.locator('a[data-userid=lisi]').click();
    await p.locator('[data-test=customer-fields]').waitFor();
    const card = await p.locator('[data-test=customer-fields]').innerText();
    expect(card).toContain('客户阶段');
    expect(card).toContain('预算');
    expect(card).toContain('来源');
    expect(await p.locator('[data-test=stage] option').allInnerTexts()).toEqual(['未设置', '初次接触', '需求确认', '成交']);
    expect(await horizontalOverflow(p)).toBeLessThanOrEqual(0);
  });

  it('moves the stage with the picker: stored, with 李四 in the history', async () => {
    await p.locator('[data-test=stage]').selectOption('需求确认');
    const moved = async () => bw.world.stores.customerFields.history(bw.corpId, FOLLOWED, 5);
    for (let i = 0; i < 50 && (await moved()).length === 0; i++) await p.waitForTimeout(100);
    expect(await moved()).toMatchObject([{ from: null, to: '需求确认', by: { userId: 'lisi' } }]);
  });

  it('saves field values; a refused value is named and nothing is stored', async () => {
    await p.locator(`[data-field-id="${fieldIds.source}"] select`).selectOption('展会');
    await p.locator(`[data-field-id="${fieldIds.budget}"] input`).fill('8000');
    await p.locator('[data-test=save-fields]').click();
    await p.locator('[data-test=save-fields]', { hasText: '已保存' }).waitFor();
    expect((await bw.world.stores.customerFields.attributes(bw.corpId, FOLLOWED))?.fields).toEqual({ [fieldIds.budget!]: 8000, [fieldIds.source!]: '展会' });

    // A value the number field refuses (the browser's number input would empty it: a text value reaches the API).
    await p.locator(`[data-field-id="${fieldIds.budget}"] input`).evaluate((el) => el.setAttribute('type', 'text'));
    await p.locator(`[data-field-id="${fieldIds.budget}"] input`).fill('很多');
    await p.locator('[data-test=save-fields]').click();
    await p.locator('[data-test=fields-error]').waitFor();
    expect(await p.locator('[data-test=fields-error]').innerText()).toContain('预算');
    expect((await bw.world.stores.customerFields.attributes(bw.corpId, FOLLOWED))?.fields).toEqual({ [fieldIds.budget!]: 8000, [fieldIds.source!]: '展会' });
  });

  it('sends an image material into the chat through sendChatMessage with the media_id WeCom issued', async () => {
    await p.locator('[data-test=tab-materials]').click();
    await p.locator('[data-test=material]').first().waitFor();
    expect(await p.locator('[data-test=material]').innerText()).toContain('双十二海报');
    await p.locator('[data-test=material-send]').click();
    await p.locator('[data-test=material-send]', { hasText: '已发送' }).waitFor();
    const mediaId = (await bw.world.stores.materials.get(bw.corpId, 'm_poster'))?.media?.mediaId;
    expect(mediaId).toEqual(expect.any(String));
    const sent = (await jssdkCalls()).filter((c) => c.name === 'sendChatMessage');
    expect(sent).toEqual([
      {
        at: expect.any(Number),
        name: 'sendChatMessage',
        args: { msgtype: 'image', enterChat: false, image: { mediaid: mediaId } },
        errMsg: 'sendChatMessage:ok',
      },
    ]);
    expect(await horizontalOverflow(p)).toBeLessThanOrEqual(0);
    await p.screenshot({ path: '/tmp/sidebar-materials.png', fullPage: true });
  });
});
