// The moments job with fakes: one add_moment_task per campaign (never a second one when the outcome is
// unknown), refusals retried or final by errcode, then polls until WeCom is done or the jobid expires.
import type { MomentCampaign } from '../../../shared/domain/moments';
import { manualClock } from '../../../test/support/clock';
import { FakeWecom } from '../../../test/support/fake-wecom';
import { InMemoryDueStore } from '../../../test/support/fakes/due';
import { InMemoryLeaseStore } from '../../../test/support/fakes/leases';
import { InMemoryBlobStore, InMemoryMaterialStore } from '../../../test/support/fakes/materials';
import { InMemoryMomentStore } from '../../../test/support/fakes/outreach';
import { FakeSecretBox, InMemoryTenantStore, fakeTenant } from '../../../test/support/fakes/tenants';
import { DEFAULT_RESULTS_POLL_SECONDS, runMoments, type MomentsJobDeps } from './run-moments';

const CORP = 'wwmoments';
const NOW = 1_764_000_000;

async function world() {
  const secrets = new FakeSecretBox();
  const tenants = new InMemoryTenantStore();
  await tenants.put(await fakeTenant(secrets, CORP));
  const clock = manualClock(NOW * 1000);
  const wecom = new FakeWecom().on('externalcontact/add_moment_task', { jobid: 'job-1' }).on('externalcontact/get_moment_task_result', { status: 1 });
  const due = new InMemoryDueStore(clock);
  const moments = new InMemoryMomentStore();
  const materials = new InMemoryMaterialStore();
  const deps: MomentsJobDeps = { tenants, secrets, wecom, due, leases: new InMemoryLeaseStore(), moments, clock, materials, blobs: new InMemoryBlobStore() };
  const campaign = async (id: string, over: Partial<MomentCampaign> = {}) => {
    const c: MomentCampaign = {
      corpId: CORP,
      id,
      sendAt: NOW - 10,
      status: 'scheduled',
      text: `动态 ${id}`,
      attachments: [],
      senders: ['zhangsan'],
      visibleTags: [],
      refusals: 0,
      polls: 0,
      createdAt: '',
      updatedAt: '',
      version: 1,
      ...over,
    };
    await moments.create(c);
    await due.schedule({ corpId: CORP, job: 'moments', id, dueAt: c.sendAt });
    return c;
  };
  const run = () => runMoments(deps, { nowMs: clock.now() });
  return { deps, wecom, clock, due, moments, campaign, run };
}

describe('runMoments', () => {
  it('submits once, stores the jobid, polls every minute until WeCom is done, then publishes', async () => {
    const w = await world();
    await w.campaign('m1', { visibleTags: ['et1'] });
    expect(await w.run()).toMatchObject({ due: 1, done: 1, failed: [] });
    expect(w.wecom.callsTo('externalcontact/add_moment_task')).toEqual([
      { text: { content: '动态 m1' }, visible_range: { sender_list: { user_list: ['zhangsan'] }, external_contact_list: { tag_list: ['et1'] } } },
    ]);
    expect(await w.moments.get(CORP, 'm1')).toMatchObject({ status: 'submitted', jobId: 'job-1', submittedAt: NOW, version: 3 });
    expect(await w.due.get(CORP, 'moments', 'm1')).toMatchObject({ dueAt: NOW + 60 });

    expect(await w.run()).toMatchObject({ due: 0 });
    w.clock.advance(60_000);
    await w.run();
    expect(await w.moments.get(CORP, 'm1')).toMatchObject({ status: 'submitted', polls: 1 });
    w.wecom.on('externalcontact/get_moment_task_result', {
      status: 3,
      result: { errcode: 0, moment_id: 'mom-1', invalid_sender_list: { user_list: ['gone'] } },
    });
    w.clock.advance(60_000);
    const done = await w.run();
    expect(done.results).toEqual([
      expect.objectContaining({ id: 'm1', status: 'published', results: { momentId: 'mom-1', invalidSenders: ['gone'], invalidTags: [] } }),
    ]);
    // Published: the marker comes back hourly for the results (朋友圈结果), never to submit or read the task again.
    expect(await w.due.get(CORP, 'moments', 'm1')).toMatchObject({ dueAt: Math.floor(w.clock.now() / 1000) + DEFAULT_RESULTS_POLL_SECONDS });
    expect(w.wecom.callsTo('externalcontact/add_moment_task')).toHaveLength(1);
    expect(w.wecom.callsTo('externalcontact/get_moment_task_result')).toEqual([{ jobid: 'job-1' }, { jobid: 'job-1' }]);
  });

  it('does not submit before sendAt (the marker moves to it)', async () => {
    const w = await world();
    await w.campaign('early', { sendAt: NOW + 3600 });
    await w.due.schedule({ corpId: CORP, job: 'moments', id: 'early', dueAt: NOW - 5 }); // e.g. an edited time
    await w.run();
    expect(w.wecom.calls).toEqual([]);
    expect(await w.due.get(CORP, 'moments', 'early')).toMatchObject({ dueAt: NOW + 3600 });
  });

  it('a busy WeCom (nothing created) puts it back to scheduled and due; the next run submits', async () => {
    const w = await world();
    await w.campaign('busy');
    w.wecom.fail('externalcontact/add_moment_task', -1, 1);
    expect((await w.run()).failed).toEqual([expect.objectContaining({ id: 'busy' })]);
    expect(await w.moments.get(CORP, 'busy')).toMatchObject({ status: 'scheduled', refusals: 1 });
    w.clock.advance(60_000);
    expect(await w.run()).toMatchObject({ done: 1, failed: [] });
    expect(await w.moments.get(CORP, 'busy')).toMatchObject({ status: 'submitted' });
  });

  it('a permanent refusal fails it with the errcode, and its marker is done', async () => {
    const w = await world();
    await w.campaign('refused');
    w.wecom.fail('externalcontact/add_moment_task', 40058, 1, 'invalid attachments size');
    await w.run();
    expect(await w.moments.get(CORP, 'refused')).toMatchObject({ status: 'failed', results: { errcode: 40058, errmsg: 'invalid attachments size' } });
    expect(await w.due.get(CORP, 'moments', 'refused')).toBeUndefined();
  });

  it('an unknown outcome (network) is never resubmitted: the next run fails it with the reason', async () => {
    const w = await world();
    await w.campaign('lost');
    w.wecom.failNetwork('externalcontact/add_moment_task');
    expect((await w.run()).failed).toHaveLength(1);
    expect(await w.moments.get(CORP, 'lost')).toMatchObject({ status: 'submitting', reason: expect.stringContaining('not resubmitted') });
    await w.run();
    expect(await w.moments.get(CORP, 'lost')).toMatchObject({ status: 'failed', reason: expect.stringContaining('not resubmitted') });
    expect(w.wecom.callsTo('externalcontact/add_moment_task')).toHaveLength(1);
  });

  it('a run that died before storing the jobid (left submitting) is failed without a call', async () => {
    const w = await world();
    await w.campaign('stuck', { status: 'submitting' });
    await w.run();
    expect(await w.moments.get(CORP, 'stuck')).toMatchObject({ status: 'failed', reason: expect.stringContaining('not resubmitted') });
    expect(w.wecom.calls).toEqual([]);
  });

  it('gives up a task without a result 24 h after submitting (the jobid expired); finished campaigns are left alone', async () => {
    const w = await world();
    await w.campaign('slow', { status: 'submitted', jobId: 'job-s', submittedAt: NOW - 86_400 });
    await w.campaign('done', { status: 'published' });
    const report = await w.run();
    expect(await w.moments.get(CORP, 'slow')).toMatchObject({ status: 'failed', reason: expect.stringContaining('24 h') });
    expect(await w.moments.get(CORP, 'done')).toMatchObject({ status: 'published', version: 1 });
    expect(report).toMatchObject({ due: 2, done: 2 });
  });

  it('a campaign changed by someone else during its run is reported, not overwritten', async () => {
    const w = await world();
    await w.campaign('edited');
    // Someone edits the campaign while add_moment_task is in flight: the run's next write finds another version.
    const update = w.moments.update.bind(w.moments);
    w.moments.update = async (c, from) => {
      if (c.status === 'submitted') {
        const stored = (await w.moments.get(CORP, c.id))!;
        await update({ ...stored, version: stored.version + 1, text: '改了' }, 'submitting');
      }
      return update(c, from);
    };
    const report = await w.run();
    expect(report.failed).toEqual([expect.objectContaining({ id: 'edited', error: expect.stringContaining('changed during its run') })]);
    expect(await w.moments.get(CORP, 'edited')).toMatchObject({ text: '改了', status: 'submitting' });
  });
});
