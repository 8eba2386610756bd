// 素材库 in a real browser: the list with its kind filter and paging, an image uploaded from a file input
// (base64 JSON) and listed with its metadata, a refused type showing the API's message naming the limit, link and
// mini-program cards saved through their forms, delete with a confirm; the material picker of the 群发 form sends
// attachments {materialId}; a staff member reads the library without the forms.
import { adminCall, adminRequest, browserWorld, pageAsMember } from './harness';

jest.setTimeout(60_000);
const bw = browserWorld();
const PNG = Buffer.concat([Buffer.from('89504e470d0a1a0a', 'hex'), Buffer.alloc(64)]);
type Item = { id: string; kind: string; title: string; file?: { filename: string; bytes: number }; coverId?: string; url?: string };
const list = async (q = '') => (await adminCall<{ items: Item[]; cursor: string | null }>(bw, 'GET', `/materials?limit=100${q}`)).items;

beforeAll(() => bw.start(), 120_000);
afterAll(() => bw.close());

describe('素材库 in a real browser', () => {
  it('uploads an image from a file, shows its metadata, and shows the 400 naming the limit for a refused type', async () => {
    const p = await bw.page();
    await p.goto(`${bw.url}/console/materials`);
    await p.locator('[data-test=materials-empty]').waitFor();
    expect(await p.locator('[data-test=upload-limits]').innerText()).toContain('约 4.4 MB');

    await p.locator('[data-test=upload-file]').setInputFiles({ name: '海报.png', mimeType: 'image/png', buffer: PNG });
    await p.locator('[data-test=upload-title]').fill('双十一海报');
    await p.locator('[data-test=upload-save]').click();
    await p.locator('[data-test=materials-notice]').waitFor();
    const [made] = await list();
    expect(made).toMatchObject({ kind: 'image', title: '双十一海报', file: { filename: '海报.png', bytes: PNG.length } });
    const row = p.locator(`[data-test=material-row][data-id="${made!.id}"]`);
    expect(await row.locator('[data-test=material-kind]').innerText()).toBe('图片');
    expect(await row.locator('[data-test=material-detail]').innerText()).toBe(`海报.png · image/png · ${PNG.length} B`);
    // The new image is at once a cover choice for the card forms on this page.
    await p.locator(`[data-test=mini-cover] option[value="${made!.id}"]`).waitFor({ state: 'attached', timeout: 5000 });

    // A text file declared as an image: WeCom takes JPG/PNG only, the API says so and stores nothing.
    await p.locator('[data-test=upload-file]').setInputFiles({ name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from('hello world') });
    await p.locator('[data-test=upload-save]').click();
    const err = await p.locator('[data-test=materials-error]').innerText();
    expect(err).toContain('JPG/PNG');
    expect(await list()).toHaveLength(1);
    await p.screenshot({ path: 'test-artifacts/console-materials.png', fullPage: true });
  });

  it('saves link and mini-program cards (cover from the library) and filters by kind', async () => {
    const cover = (await list('&kind=image'))[0]!;
    const p = await bw.page();
    await p.goto(`${bw.url}/console/materials`);
    await p.locator('[data-test=material-row]').first().waitFor();
    await p.locator('[data-test=link-title]').fill('新品介绍');
    await p.locator('[data-test=link-url]').fill('https://example.com/new');
    await p.locator('[data-test=link-cover]').selectOption(cover.id);
    await p.locator('[data-test=link-save]').click();
    await p.locator('[data-test=materials-notice]', { hasText: '新品介绍' }).waitFor();

    await p.locator('[data-test=mini-title]').fill('会员中心');
    await p.locator('[data-test=mini-appid]').fill('wx0123456789abcdef');
    await p.locator('[data-test=mini-page]').fill('pages/member/index');
    await p.locator('[data-test=mini-cover]').selectOption(cover.id);
    await p.locator('[data-test=mini-save]').click();
    await p.locator('[data-test=materials-notice]', { hasText: '会员中心' }).waitFor();
    expect((await list('&kind=link')).map((m) => [m.title, m.url, m.coverId])).toEqual([['新品介绍', 'https://example.com/new', cover.id]]);
    expect((await list('&kind=miniprogram')).map((m) => m.title)).toEqual(['会员中心']);

    const filtered = p.waitForResponse((r) => r.url().includes('kind=miniprogram'));
    await p.locator('[data-test=kind-filter]').selectOption('miniprogram');
    await filtered;
    await p.locator('[data-test=material-row]', { hasText: '新品介绍' }).waitFor({ state: 'detached' });
    expect(await p.locator('[data-test=material-title]').allInnerTexts()).toEqual(['会员中心']);
  });

  it('pages through the list with the cursor and deletes a material after a confirm', async () => {
    for (let i = 0; i < 20; i++) {
      await adminCall(bw, 'POST', '/materials', { kind: 'link', title: `链接${i}`, url: `https://example.com/${i}` });
    }
    const total = (await list()).length; // 23
    const p = await bw.page();
    await p.goto(`${bw.url}/console/materials`);
    await p.locator('[data-test=material-row]').first().waitFor();
    expect(await p.locator('[data-test=material-row]').count()).toBe(20);
    await p.locator('[data-test=next-page]').click();
    await p.locator('[data-test=page-no]', { hasText: '第 2 页' }).waitFor();
    await p
      .locator('[data-test=material-row]')
      .nth(total - 20)
      .waitFor({ state: 'detached' });
    expect(await p.locator('[data-test=material-row]').count()).toBe(total - 20);
    expect(await p.locator('[data-test=next-page]').isDisabled()).toBe(true);

    // Not the image the next test picks (the list is in id order, so any material may be on page 2).
    const row = p.locator('[data-test=material-row]').filter({ hasNotText: '双十一海报' }).first();
    const id = (await row.getAttribute('data-id'))!;
    let asked = '';
    p.once('dialog', (d) => {
      asked = d.message();
      void d.accept();
    });
    await row.locator('[data-test=material-delete]').click();
    await p.locator(`[data-test=material-row][data-id="${id}"]`).waitFor({ state: 'detached' });
    expect(asked).toContain('确定删除素材');
    expect((await adminRequest(bw, 'GET', `/materials/${id}`)).status).toBe(404);
  });

  it('picks a material in the 群发 form and sends it as an attachment {materialId}', async () => {
    const image = (await list('&kind=image'))[0]!;
    const p = await bw.page();
    await p.goto(`${bw.url}/console/broadcasts`);
    await p.locator('[data-test=material-picker]').waitFor();
    await p.locator(`[data-test=picker-select] option[value="${image.id}"]`).waitFor({ state: 'attached' });
    await p.locator('[data-test=picker-select]').selectOption(image.id);
    await p.locator('[data-test=picker-add]').click();
    expect(await p.locator('[data-test=picked-material]').innerText()).toContain('图片 · 双十一海报');
    await p.locator('[data-test=text]').fill('新品到店');
    const sent = p.waitForRequest((r) => r.url().endsWith('/broadcasts') && r.method() === 'POST');
    await p.locator('[data-test=dry-run]').click();
    const body = JSON.parse((await sent).postData() ?? '{}') as { content: { attachments?: unknown } };
    expect(body.content.attachments).toEqual([{ materialId: image.id }]);
    await p.locator('[data-test=preview], [data-test=error]').first().waitFor();
    expect(await p.locator('[data-test=error]').count()).toBe(0);
  });

  it('shows a staff member the library without the upload and card forms', async () => {
    const staff = await pageAsMember(bw, /李四/);
    await staff.goto(`${bw.url}/console/materials`);
    await staff.locator('[data-test=material-row]').first().waitFor();
    expect(await staff.locator('[data-test=upload-form]').count()).toBe(0);
    expect(await staff.locator('[data-test=material-delete]').count()).toBe(0);
    expect(await staff.locator('[data-test=menu-materials]').count()).toBe(1);
  });
});
