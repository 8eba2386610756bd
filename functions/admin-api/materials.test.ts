// The material library's routes on the fakes: upload, list by kind, read, delete; WeCom's limits as a 400/413 naming the
// limit with nothing stored; and the resolver (cached media_id reused, re-uploaded once older than 3 days minus the margin).
import { adminCall, adminFakes } from '../../test/support/fakes/admin';
import { attachmentOf } from '../../shared/materials/resolve';
import { requireTenantApi } from '../../shared/tenants/tenant-api';

const MB = 1024 * 1024;
const png = (size: number) => {
  const b = Buffer.alloc(size, 1);
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]).copy(b);
  return b;
};
const upload = (kind: string, contentType: string, data: Buffer, filename = 'a.png') => ({
  body: { kind, filename, contentType, data: data.toString('base64') },
});

async function setup() {
  const f = await adminFakes();
  let n = 0;
  f.wecom.on('media/upload', () => ({ type: 'image', media_id: `media${++n}`, created_at: Math.floor(f.clock.now() / 1000) }));
  f.wecom.on('media/uploadimg', { url: 'https://wework.qpic.cn/wwpic/x/0' });
  return { f, call: adminCall(f) };
}

describe('material library routes', () => {
  it('uploads an image to object storage, lists it by kind, reads and deletes it', async () => {
    const { f, call } = await setup();
    const created = await call('POST', '/materials', upload('image', 'image/png', png(1000)));
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ kind: 'image', title: 'a.png', file: { filename: 'a.png', contentType: 'image/png', bytes: 1000 } });
    expect([...f.blobs.objects.keys()]).toEqual([`materials/${f.corpId}/${created.body.id}`]);
    const link = await call('POST', '/materials', { body: { kind: 'link', title: '双十一', url: 'https://example.com/a', coverId: created.body.id } });
    expect(link.status).toBe(201);
    expect((await call('GET', '/materials', { query: { kind: 'image' } })).body.items.map((m: { id: string }) => m.id)).toEqual([created.body.id]);
    expect((await call('GET', '/materials', { query: { limit: '1' } })).body.cursor).not.toBeNull();
    expect((await call('GET', `/materials/${created.body.id}`)).body.id).toBe(created.body.id);
    expect((await call('DELETE', `/materials/${created.body.id}`)).status).toBe(200);
    expect(f.blobs.objects.size).toBe(0);
    expect((await call('GET', `/materials/${created.body.id}`)).status).toBe(404);
  });

  it.each([
    ['an image over 10 MB', upload('image', 'image/png', png(10 * MB + 1)), 413, '10 MB'],
    [
      'a video over 10 MB',
      upload('video', 'video/mp4', Buffer.concat([Buffer.from([0, 0, 0, 0x18]), Buffer.from('ftypmp42'), Buffer.alloc(10 * MB)]), 'v.mp4'),
      413,
      '10 MB',
    ],
    ['a GIF image', upload('image', 'image/gif', Buffer.from('GIF89a-----------')), 400, 'JPG/PNG'],
    ['bytes that are not the declared PNG', upload('image', 'image/png', Buffer.from('not a png at all')), 400, 'JPG/PNG'],
    ['a video that is not MP4', upload('video', 'video/quicktime', Buffer.alloc(100)), 400, 'MP4'],
  ])('refuses %s with a %s naming the limit, storing nothing', async (_name, req, status, limit) => {
    const { f, call } = await setup();
    const res = await call('POST', '/materials', { ...req, language: 'en' });
    expect(res.status).toBe(status);
    expect(res.body.error.code).toBe(status === 413 ? 'payload_too_large' : 'validation_failed');
    expect(res.body.error.message).toContain(limit);
    expect(f.blobs.puts).toBe(0);
    expect(f.materials.items.size).toBe(0);
  });

  it('refuses a file over 20 MB and accepts one of exactly 20 MB', async () => {
    const { f, call } = await setup();
    expect((await call('POST', '/materials', upload('file', 'application/pdf', Buffer.alloc(20 * MB + 1), 'a.pdf'))).status).toBe(413);
    expect(f.blobs.puts).toBe(0);
    expect((await call('POST', '/materials', upload('file', 'application/pdf', Buffer.alloc(20 * MB), 'a.pdf'))).status).toBe(201);
  });

  it('refuses a broadcast naming a material the tenant does not have', async () => {
    const { f, call } = await setup();
    const res = await call('POST', '/broadcasts', { body: { target: 'customers', content: { attachments: [{ materialId: 'mat000000000000' }] } } });
    expect(res.status).toBe(400);
    expect(res.body.error.message).toContain('mat000000000000');
    expect(f.due.all()).toEqual([]);
  });
});

describe('resolving a material at send time', () => {
  it('reuses the cached media_id for just under 3 days minus an hour, then uploads again', async () => {
    const { f, call } = await setup();
    const created = await call('POST', '/materials', upload('image', 'image/png', png(1000)));
    const api = await requireTenantApi(f.deps, f.corpId);
    const first = await attachmentOf(f.deps, api, f.corpId, created.body.id);
    expect(first).toEqual({ msgtype: 'image', image: { media_id: 'media1' } });
    f.clock.advance((3 * 86_400 - 3_601) * 1000);
    expect(await attachmentOf(f.deps, api, f.corpId, created.body.id)).toEqual(first);
    f.clock.advance(2_000);
    expect(await attachmentOf(f.deps, api, f.corpId, created.body.id)).toEqual({ msgtype: 'image', image: { media_id: 'media2' } });
    expect(f.wecom.callsTo('media/upload')).toHaveLength(2);
  });
});
