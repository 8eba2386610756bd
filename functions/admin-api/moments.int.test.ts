// Moments campaigns against DynamoDB Local and the WeCom simulator over HTTP: the admin use cases create
// them, the moments job submits each one once (add_moment_task) and polls get_moment_task_result until
// WeCom is done. The clock (ours and the simulator's) is fixed and moved by hand.
import { randomUUID } from 'node:crypto';
import { DynamoDueStore } from '../../shared/db/due-repository';
import { ValidationError } from '../../shared/errors';
import { integrationWorld } from '../../test/support/integration-world';
import { strictIssues } from '../../test/support/strict-schema';
import { runMoments, type MomentsJobDeps } from '../schedules/moments/run-moments';
import { invoke, invokeJson } from './dispatch';
import { materialRoutes } from './routes/materials';
import { getMoment, listMoments } from './moments';
import { momentRoutes } from './routes/moments';

const at = (iso: string) => Date.parse(`${iso}+08:00`);
const TASK_SECONDS = 150;
const world = integrationWorld({ simulator: { config: { momentTaskSeconds: TASK_SECONDS } }, clockAt: at('2026-11-23T10:00:00') });
const clock = world.clock;
const secret = `secret-${randomUUID()}`;
let sim: typeof world.sim;
let deps: MomentsJobDeps;
const { moments } = world.stores;
const due = new DynamoDueStore(world.doc, world.table, clock);
const ADD = '/cgi-bin/externalcontact/add_moment_task';

async function newTenant() {
  const corpId = await world.newTenant('mo', { secret, corp: { tagGroups: [{ groupId: 'g1', groupName: '会员', tags: [{ id: 'tagvip', name: 'VIP' }] }] } });
  return corpId;
}

/** POST …/moments as the API runs it (the body parsed by the route), with the job's clock. */
const created = (corpId: string, body: unknown) => invokeJson(momentRoutes.create, { ...deps, moments, due }, corpId, { body });
const addCalls = (corpId: string) => sim.state.calls({ corpId, path: ADD });
const accepted = (corpId: string) => addCalls(corpId).filter((c) => c.errcode === 0);
const images = (n: number) => Array.from({ length: n }, (_, i) => ({ msgtype: 'image', image: { media_id: `img${i}` } }));
const video = { msgtype: 'video', video: { media_id: 'vid1' } };

async function rejected(p: Promise<unknown>) {
  const e = await p.then(
    () => undefined,
    (x: unknown) => x,
  );
  expect(e).toBeInstanceOf(ValidationError);
  expect((e as ValidationError).httpStatus).toBe(400);
  return (e as ValidationError).details as Array<{ field: string; message: string }>;
}

beforeAll(async () => {
  await world.start();
  sim = world.sim;
  deps = { ...world.stores, blobs: world.blobs, secrets: world.secrets, wecom: world.wecom, moments, due, clock };
});
afterAll(() => world.close());
beforeEach(() => {
  clock.set(at('2026-11-23T10:00:00'));
});

describe('moments campaigns', () => {
  it('submits exactly one add_moment_task under concurrent runs, then polls until published', async () => {
    const corpId = await newTenant();
    // The images were uploaded for Moments (upload_attachment, attachment_type 1) just now.
    for (const i of [0, 1, 2])
      sim.state.corp(corpId).media.set(`img${i}`, { mediaId: `img${i}`, type: 'image', createdAt: clock.now(), bytes: 100, attachmentType: 1 });
    const c = await created(corpId, { text: '周末活动', attachments: images(3), senders: ['zhangsan', 'lisi', 'ghost'], visibleTags: ['tagvip', 'tagnone'] });
    expect(c).toMatchObject({ status: 'scheduled', sendAt: new Date(clock.now()).toISOString(), refusals: 0, polls: 0 });
    expect(c.jobId).toBeUndefined();

    const reports = await Promise.all([runMoments(deps, { corpId, nowMs: clock.now() }), runMoments(deps, { corpId, nowMs: clock.now() })]);
    expect(reports.map((r) => r.done).sort()).toEqual([0, 1]);
    expect(reports.flatMap((r) => r.failed)).toEqual([]);
    const calls = addCalls(corpId);
    expect(calls).toHaveLength(1);
    expect(calls[0]!.body).toEqual({
      text: { content: '周末活动' },
      attachments: images(3),
      visible_range: { sender_list: { user_list: ['zhangsan', 'lisi', 'ghost'] }, external_contact_list: { tag_list: ['tagvip', 'tagnone'] } },
    });
    const submitted = await getMoment(deps, corpId, c.id);
    expect(submitted).toMatchObject({ status: 'submitted', jobId: expect.any(String), submittedAt: new Date(clock.now()).toISOString() });
    expect(submitted.results).toBeUndefined();

    // Not due again before the poll interval.
    expect((await runMoments(deps, { corpId, nowMs: clock.now() + 30_000 })).due).toBe(0);
    // Status 1/2: still submitted, polled again a minute later.
    clock.advance(60_000);
    const polled = await runMoments(deps, { corpId, nowMs: clock.now() });
    expect(polled).toMatchObject({ due: 1, done: 1, failed: [] });
    expect(polled.results[0]).toMatchObject({ status: 'submitted', taskStatus: 1 });
    clock.advance(60_000);
    expect((await runMoments(deps, { corpId, nowMs: clock.now() })).results[0]).toMatchObject({ status: 'submitted', taskStatus: 2 });
    clock.advance(60_000); // 180 s after submission: the simulator's task is done (150 s)
    expect((await runMoments(deps, { corpId, nowMs: clock.now() })).results[0]).toMatchObject({ status: 'published' });

    const published = await getMoment(deps, corpId, c.id);
    expect(published).toMatchObject({
      status: 'published',
      jobId: submitted.jobId,
      polls: 3,
      results: { momentId: expect.stringMatching(/^mom/), invalidSenders: ['ghost'], invalidTags: ['tagnone'] },
      finishedAt: new Date(clock.now()).toISOString(),
    });
    expect(published.results?.errcode).toBeUndefined();
    // As stored in DynamoDB, the answer is the route's declared schema exactly.
    expect(strictIssues(momentRoutes.get.response, published)).toEqual([]);
    // Final: the task is never read or submitted again; the marker only comes back hourly for the results
    // (朋友圈结果, moment-results.int.test.ts).
    expect(await due.get(corpId, 'moments', c.id)).toMatchObject({ dueAt: Math.floor(clock.now() / 1000) + 3600 });
    clock.advance(3600_000);
    expect((await runMoments(deps, { corpId, nowMs: clock.now() })).failed).toEqual([]);
    expect(addCalls(corpId)).toHaveLength(1);
    expect(sim.state.calls({ corpId, path: '/cgi-bin/externalcontact/get_moment_task_result' })).toHaveLength(3);
  }, 60_000);

  it('refuses mixes and too many attachments with 400 and field details, and stores nothing', async () => {
    const corpId = await newTenant();
    expect(await rejected(created(corpId, { text: 'x', attachments: [video, video] }))).toEqual([{ field: 'attachments', message: 'at most 1 video (got 2)' }]);
    expect(await rejected(created(corpId, { text: 'x', attachments: images(10) }))).toEqual([{ field: 'attachments', message: 'at most 9 images (got 10)' }]);
    expect((await rejected(created(corpId, { attachments: [...images(1), video] })))[0]).toMatchObject({
      field: 'attachments',
      message: expect.stringContaining('not a mix'),
    });
    expect(await rejected(created(corpId, { text: '字'.repeat(2001) }))).toEqual([{ field: 'text', message: 'at most 2000 characters (got 2001)' }]);
    expect(await rejected(created(corpId, {}))).toEqual([{ field: 'text', message: 'text or attachments is required' }]);
    expect((await rejected(created(corpId, { text: 'x', attachments: [{ msgtype: 'file', file: { media_id: 'f' } }] })))[0]!.field).toBe(
      'attachments.0.msgtype',
    );
    expect((await rejected(created(corpId, { text: 'x', attachments: [{ msgtype: 'link', link: { title: 't' } }] })))[0]!.field).toBe('attachments.0.link.url');
    expect((await rejected(created(corpId, { text: 'x', sendAt: 'tomorrow' })))[0]!.field).toBe('sendAt');

    expect(await listMoments(deps, corpId, {})).toEqual({ items: [], cursor: null });
    expect(await due.due('moments', Math.floor(clock.now() / 1000) + 86_400, 50, corpId)).toEqual([]);
    expect((await runMoments(deps, { corpId, nowMs: clock.now() })).due).toBe(0);
    expect(addCalls(corpId)).toHaveLength(0);
  });

  it('does not submit a campaign before its sendAt; lists newest first with GET showing status, jobId and results', async () => {
    const corpId = await newTenant();
    const later = await created(corpId, { text: '晚上八点', sendAt: '2026-11-23T20:00:00+08:00' });
    clock.advance(1000);
    const now = await created(corpId, { attachments: [{ msgtype: 'link', link: { title: '新品', url: 'https://example.com/new' } }] });
    expect(later.sendAt).toBe('2026-11-23T12:00:00.000Z');

    const first = await runMoments(deps, { corpId, nowMs: clock.now() });
    expect(first).toMatchObject({ due: 1, done: 1 });
    expect(addCalls(corpId)).toHaveLength(1);
    expect(await getMoment(deps, corpId, later.id)).toMatchObject({ status: 'scheduled' });
    expect(await getMoment(deps, corpId, now.id)).toMatchObject({ status: 'submitted', jobId: expect.any(String) });

    clock.set(at('2026-11-23T19:59:59'));
    await runMoments(deps, { corpId, nowMs: clock.now() }); // polls `now` (done by then) but leaves `later` alone
    expect(addCalls(corpId)).toHaveLength(1);
    expect(await getMoment(deps, corpId, later.id)).toMatchObject({ status: 'scheduled' });
    clock.set(at('2026-11-23T20:00:00'));
    await runMoments(deps, { corpId, nowMs: clock.now() });
    expect(addCalls(corpId)).toHaveLength(2);
    expect(await getMoment(deps, corpId, later.id)).toMatchObject({ status: 'submitted' });

    const list = await listMoments(deps, corpId, {});
    expect(list.items.map((m) => m.id)).toEqual([now.id, later.id]);
    expect(list.items[0]).toMatchObject({ status: 'published', results: { momentId: expect.any(String), invalidSenders: [], invalidTags: [] } });
    expect(strictIssues(momentRoutes.list.response, list)).toEqual([]);
    const page1 = await listMoments(deps, corpId, { limit: 1 });
    expect(page1.items.map((m) => m.id)).toEqual([now.id]);
    const page2 = await listMoments(deps, corpId, { limit: 1, cursor: page1.cursor! });
    expect(page2.items.map((m) => m.id)).toEqual([later.id]);
  }, 60_000);

  it('a refused add_moment_task is retried next run; a permanent refusal fails; an interrupted submission is failed, never resubmitted', async () => {
    const corpId = await newTenant();
    // WeCom busy (-1) on every attempt the client makes: nothing created, back to scheduled, due again.
    sim.state.addFaults([{ path: ADD, errcode: -1, times: 3, corpId }]);
    const busy = await created(corpId, { text: '重试' });
    const r1 = await runMoments(deps, { corpId, nowMs: clock.now() });
    expect(r1.failed).toHaveLength(1);
    expect(await getMoment(deps, corpId, busy.id)).toMatchObject({ status: 'scheduled', refusals: 1 });
    clock.advance(60_000);
    const r2 = await runMoments(deps, { corpId, nowMs: clock.now() });
    expect(r2).toMatchObject({ due: 1, done: 1, failed: [] });
    expect(accepted(corpId)).toHaveLength(1);
    expect(await getMoment(deps, corpId, busy.id)).toMatchObject({ status: 'submitted' });

    // A permanent refusal (40058) is final, with WeCom's errcode in results.
    sim.state.addFaults([{ path: ADD, errcode: 40058, errmsg: 'invalid attachments size', times: 1, corpId }]);
    const refused = await created(corpId, { text: '拒绝' });
    await runMoments(deps, { corpId, nowMs: clock.now() });
    expect(await getMoment(deps, corpId, refused.id)).toMatchObject({
      status: 'failed',
      results: { errcode: 40058, errmsg: expect.stringContaining('invalid attachments size') },
    });
    expect(await due.get(corpId, 'moments', refused.id)).toBeUndefined();

    // A run that died between scheduled → submitting and storing the jobid: failed with a reason, no call.
    const stuck = await created(corpId, { text: '中断' });
    const before = accepted(corpId).length;
    const stored = (await moments.get(corpId, stuck.id))!;
    expect(await moments.update({ ...stored, status: 'submitting', version: stored.version + 1 }, 'scheduled')).toBe(true);
    expect(await moments.update({ ...stored, status: 'submitting', version: stored.version + 1 }, 'scheduled')).toBe(false);
    await runMoments(deps, { corpId, nowMs: clock.now() });
    expect(await getMoment(deps, corpId, stuck.id)).toMatchObject({ status: 'failed', reason: expect.stringContaining('not resubmitted') });
    expect(accepted(corpId)).toHaveLength(before);
    expect(addCalls(corpId).filter((c) => (c.body as { text?: { content: string } }).text?.content === '中断')).toHaveLength(0);
  }, 60_000);

  it('publishes materials: an image becomes a Moments media id (upload_attachment, attachment_type 1), cached; refusals are 400s', async () => {
    const corpId = await newTenant();
    const material = async (body: unknown) => {
      const reply = await invoke(materialRoutes.create, { ...deps, moments, due } as never, corpId, { body });
      if (reply.kind !== 'json') throw new Error('expected JSON');
      return reply.body as { id: string };
    };
    const png = Buffer.concat([Buffer.from('89504e470d0a1a0a', 'hex'), Buffer.alloc(3000, 7)]);
    const image = await material({ kind: 'image', filename: 'poster.png', contentType: 'image/png', data: png.toString('base64') });
    const link = await material({ kind: 'link', title: '双十一', url: 'https://example.com/sale', coverId: image.id });
    const file = await material({ kind: 'file', filename: 'a.pdf', contentType: 'application/pdf', data: Buffer.from('%PDF-1.4 test').toString('base64') });
    const uploads = () => sim.state.calls({ corpId, path: '/cgi-bin/media/upload_attachment' }).filter((c) => c.errcode === 0);

    const withImage = await created(corpId, { text: '海报', attachments: [{ materialId: image.id }, { materialId: image.id }] });
    expect(withImage.attachments).toEqual([
      { msgtype: 'image', materialId: image.id },
      { msgtype: 'image', materialId: image.id },
    ]);
    await runMoments(deps, { corpId, nowMs: clock.now() });
    const sent = accepted(corpId);
    expect(sent).toHaveLength(1);
    const ids = (sent[0]!.body as { attachments: Array<{ image: { media_id: string } }> }).attachments.map((a) => a.image.media_id);
    expect(ids[0]).toBe(ids[1]);
    expect(sim.state.corp(corpId).media.get(ids[0]!)).toMatchObject({ type: 'image', attachmentType: 1, bytes: png.length });
    expect(uploads()).toHaveLength(1);
    expect(sim.state.calls({ corpId, path: '/cgi-bin/media/upload' })).toHaveLength(0);

    // A link material: its cover image goes as link.media_id (the cached Moments id, no new upload).
    await created(corpId, { attachments: [{ materialId: link.id }] });
    await runMoments(deps, { corpId, nowMs: clock.now() });
    expect(accepted(corpId)).toHaveLength(2);
    expect((accepted(corpId)[1]!.body as { attachments: unknown[] }).attachments).toEqual([
      { msgtype: 'link', link: { title: '双十一', url: 'https://example.com/sale', media_id: ids[0] } },
    ]);
    expect(uploads()).toHaveLength(1);

    // Refused when saved, nothing stored: a missing material, a kind Moments cannot carry, a mix with a link.
    const before = (await listMoments(deps, corpId, {})).items.length;
    expect((await rejected(created(corpId, { attachments: [{ materialId: 'mat000000000000' }] })))[0]!.field).toBe('attachments.0');
    expect((await rejected(created(corpId, { attachments: [{ materialId: file.id }] })))[0]!.field).toBe('attachments.0');
    expect((await rejected(created(corpId, { attachments: [{ materialId: image.id }, { materialId: link.id }] })))[0]).toMatchObject({
      field: 'attachments',
      message: expect.stringContaining('not a mix'),
    });
    expect((await listMoments(deps, corpId, {})).items).toHaveLength(before);

    // Deleted between saving and publishing: the campaign fails, nothing submitted.
    const gone = await created(corpId, { attachments: [{ materialId: link.id }], sendAt: '2026-11-23T20:00:00+08:00' });
    await invoke(materialRoutes.delete, { ...deps, moments, due } as never, corpId, { params: { id: link.id } });
    clock.set(at('2026-11-23T20:00:00'));
    await runMoments(deps, { corpId, nowMs: clock.now() });
    expect(await getMoment(deps, corpId, gone.id)).toMatchObject({ status: 'failed', reason: expect.stringContaining(link.id) });
    expect(addCalls(corpId)).toHaveLength(2);
  }, 60_000);
});
