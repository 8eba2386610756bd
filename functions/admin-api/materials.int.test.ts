// The material library end to end on DynamoDB Local, the S3 emulator (s3rver) and the WeCom simulator over HTTP:
// upload → list → a broadcast with `{materialId}` → the simulator received a media_id it issued and still honours;
// 3 days later the same broadcast content is uploaded again (the simulator refuses the expired id with 40007);
// a file over WeCom's limit is a 413 and a refused type a 400, with nothing in S3 or DynamoDB.
import { randomUUID } from 'node:crypto';
import { DynamoDueStore } from '../../shared/db/due-repository';
import { objectKeyOf } from '../../shared/materials/material';
import { integrationWorld } from '../../test/support/integration-world';
import { runBroadcasts, type BroadcastJobDeps } from '../schedules/broadcast/run-broadcasts';
import { invoke } from './dispatch';
import type { MaterialDeps } from './materials';
import { broadcastRoutes } from './routes/broadcasts';
import { materialRoutes } from './routes/materials';

const at = (iso: string) => Date.parse(`${iso}+08:00`);
const world = integrationWorld({ simulator: true, clockAt: at('2026-11-23T10:00:00') });
const clock = world.clock;
const due = new DynamoDueStore(world.doc, world.table, clock);
let deps: BroadcastJobDeps & MaterialDeps;

const png = (size: number) => Buffer.concat([Buffer.from('89504e470d0a1a0a', 'hex'), Buffer.alloc(size - 8, 7)]);
const imageBody = (data: Buffer, contentType = 'image/png') => ({ kind: 'image', filename: 'poster.png', contentType, data: data.toString('base64') });

type AnyRoute = (typeof materialRoutes)['create'] | (typeof materialRoutes)['list'];
async function call(route: AnyRoute, corpId: string, o: Parameters<typeof invoke>[3]) {
  const reply = await invoke(route as never, deps as never, corpId, o);
  if (reply.kind !== 'json') throw new Error('expected JSON');
  return reply.body as Record<string, any>;
}

beforeAll(async () => {
  await world.start();
  deps = { ...world.stores, blobs: world.blobs, secrets: world.secrets, wecom: world.wecom, due, clock };
});
afterAll(() => world.close());

async function tenantWithCustomer() {
  const corpId = await world.newTenant('mat', { secret: `secret-${randomUUID()}` });
  const addedAt = Math.floor(clock.now() / 1000) - 86_400;
  const externalUserId = `wmmat${randomUUID().slice(0, 8)}`;
  world.sim.state.addCustomers(corpId, [{ externalUserId, name: '客户', follows: [{ userId: 'zhangsan', createTime: addedAt }] }]);
  await world.stores.follows.apply({
    corpId,
    externalUserId,
    userId: 'zhangsan',
    status: 'active',
    changedAt: addedAt,
    rank: 2,
    eventKey: randomUUID(),
    added: { at: addedAt },
  });
  return corpId;
}

const templateCalls = (corpId: string) => world.sim.state.calls({ corpId, path: '/cgi-bin/externalcontact/add_msg_template' });
// Successful uploads (after 3 days the first try may meet an expired access token, 42001, and is retried).
const uploads = (corpId: string) => world.sim.state.calls({ corpId, path: '/cgi-bin/media/upload' }).filter((c) => c.errcode === 0);

async function broadcastNow(corpId: string, materialId: string) {
  const created = await invoke(broadcastRoutes.create, deps as never, corpId, {
    body: { target: 'customers', filter: { staff: 'zhangsan' }, content: { text: '新品', attachments: [{ materialId }] } },
  });
  if (created.kind !== 'json') throw new Error('expected JSON');
  await runBroadcasts(deps, { nowMs: clock.now() });
  return (created.body as { id: string }).id;
}

describe('material library', () => {
  it('uploads to S3, lists, and a broadcast sends a media_id the simulator issued; after 3 days it is uploaded again', async () => {
    const corpId = await tenantWithCustomer();
    const original = png(4096);
    const m = await call(materialRoutes.create, corpId, { body: imageBody(original) });
    expect(Buffer.from((await world.blobs.get(objectKeyOf(corpId, m.id)))!)).toEqual(original);
    const listed = await call(materialRoutes.list, corpId, { query: { kind: 'image' } });
    expect(listed.items.map((i: { id: string }) => i.id)).toEqual([m.id]);

    await broadcastNow(corpId, m.id);
    const sent = templateCalls(corpId);
    expect(sent).toHaveLength(1);
    expect(sent[0]!.errcode).toBe(0);
    const mediaId = (sent[0]!.body as { attachments: Array<{ image: { media_id: string } }> }).attachments[0]!.image.media_id;
    expect(world.sim.state.corp(corpId).media.get(mediaId)?.bytes).toBe(original.length);
    expect(uploads(corpId)).toHaveLength(1);

    // The same day: the cached media_id is reused, no second upload.
    await broadcastNow(corpId, m.id);
    expect(uploads(corpId)).toHaveLength(1);
    expect((templateCalls(corpId)[1]!.body as { attachments: Array<{ image: { media_id: string } }> }).attachments[0]!.image.media_id).toBe(mediaId);

    // Three days on, WeCom refuses the old id (the simulator: 40007); we upload again before using it.
    clock.advance(3 * 86_400_000);
    await broadcastNow(corpId, m.id);
    expect(uploads(corpId)).toHaveLength(2);
    const last = templateCalls(corpId).at(-1)!;
    expect(last.errcode).toBe(0);
    expect((last.body as { attachments: Array<{ image: { media_id: string } }> }).attachments[0]!.image.media_id).not.toBe(mediaId);
  });

  it('the simulator refuses an expired media_id with 40007', async () => {
    const corpId = await tenantWithCustomer();
    const m = await call(materialRoutes.create, corpId, { body: imageBody(png(100)) });
    await broadcastNow(corpId, m.id);
    const mediaId = (templateCalls(corpId)[0]!.body as { attachments: Array<{ image: { media_id: string } }> }).attachments[0]!.image.media_id;
    // Replay the stale attachment as given (not through a material): WeCom's answer after 3 days.
    clock.advance(3 * 86_400_000 + 1000);
    const created = await invoke(broadcastRoutes.create, deps as never, corpId, {
      body: { target: 'customers', filter: { staff: 'zhangsan' }, content: { attachments: [{ msgtype: 'image', image: { media_id: mediaId } }] } },
    });
    if (created.kind !== 'json') throw new Error('expected JSON');
    await runBroadcasts(deps, { nowMs: clock.now() });
    expect(templateCalls(corpId).at(-1)!.errcode).toBe(40007);
  });

  it.each([
    { name: 'an image over 10 MB', body: imageBody(png(10 * 1024 * 1024 + 1)), status: 413 },
    { name: 'a GIF', body: imageBody(Buffer.from('GIF89a0123456789'), 'image/gif'), status: 400 },
  ])('refuses $name with a $status and stores nothing', async ({ body, status }) => {
    const corpId = await tenantWithCustomer();
    await expect(call(materialRoutes.create, corpId, { body })).rejects.toMatchObject({ httpStatus: status });
    expect((await call(materialRoutes.list, corpId, { query: {} })).items).toEqual([]);
  });
});
