// Results of moments campaigns (朋友圈结果) against DynamoDB Local and the WeCom simulator over HTTP: once
// published, the moments job reads each member's publish status (get_moment_task) and likes/comments
// (get_moment_comments) every hour for 3 days; GET …/moments/{id} shows them. The clock is moved by hand.
import { DynamoDueStore } from '../../shared/db/due-repository';
import { integrationWorld } from '../../test/support/integration-world';
import { runMoments, type MomentsJobDeps } from '../schedules/moments/run-moments';
import { invokeJson } from './dispatch';
import { getMoment } from './moments';
import { momentRoutes } from './routes/moments';

const at = (iso: string) => Date.parse(`${iso}+08:00`);
const world = integrationWorld({ simulator: { config: { momentTaskSeconds: 60 } }, clockAt: at('2026-11-23T10:00:00') });
const clock = world.clock;
let deps: MomentsJobDeps;
const { moments } = world.stores;
const due = new DynamoDueStore(world.doc, world.table, clock);

async function simHook(path: string, body: unknown) {
  const res = await fetch(`${world.sim.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  expect(res.status).toBe(200);
  return res.json() as Promise<{ updated: boolean }>;
}
let corp = '';
const run = () => runMoments(deps, { corpId: corp, nowMs: clock.now() });

beforeAll(async () => {
  await world.start();
  deps = { ...world.stores, blobs: world.blobs, secrets: world.secrets, wecom: world.wecom, moments, due, clock };
});
afterAll(() => world.close());

it('follows per-member publish status, likes and comments after publishing, for 3 days', async () => {
  const corpId = (corp = await world.newTenant('mres'));
  const c = await invokeJson(momentRoutes.create, { ...deps, moments, due }, corpId, { body: { text: '新品试用', senders: ['zhangsan', 'lisi'] } });
  await run(); // add_moment_task
  clock.advance(60_000);
  await run(); // task done: published
  const published = await getMoment(deps, corpId, c.id);
  expect(published.status).toBe('published');
  expect(published.engagement).toBeUndefined();
  const momentId = published.results!.momentId!;

  clock.advance(3600_000);
  expect((await run()).failed).toEqual([]);
  expect((await getMoment(deps, corpId, c.id)).engagement).toMatchObject({
    total: 2,
    published: 0,
    likes: 0,
    comments: 0,
    members: [
      { userid: 'lisi', published: false, likes: 0, comments: 0 },
      { userid: 'zhangsan', published: false, likes: 0, comments: 0 },
    ],
  });

  // zhangsan publishes; two customers like it, one comments.
  expect((await simHook('/__sim/moment-published', { corpId, momentId, userId: 'zhangsan', likes: ['wmA', 'wmB'], comments: ['wmA'] })).updated).toBe(true);
  clock.advance(3600_000);
  await run();
  const after = (await getMoment(deps, corpId, c.id)).engagement!;
  expect(after).toMatchObject({ total: 2, published: 1, likes: 2, comments: 1, checkedAt: new Date(clock.now()).toISOString() });
  expect(after.members).toContainEqual({ userid: 'zhangsan', published: true, likes: 2, comments: 1 });
  // Comments are read only for published copies.
  expect(world.sim.state.calls({ corpId, path: '/cgi-bin/externalcontact/get_moment_comments' }).map((x) => (x.body as { userid: string }).userid)).toEqual([
    'zhangsan',
  ]);

  // After 3 days the marker stops coming back.
  clock.advance(3 * 86_400_000);
  await run();
  expect(await due.get(corpId, 'moments', c.id)).toBeUndefined();
  const reads = world.sim.state.calls({ corpId, path: '/cgi-bin/externalcontact/get_moment_task' }).length;
  clock.advance(3600_000);
  expect((await run()).due).toBe(0);
  expect(world.sim.state.calls({ corpId, path: '/cgi-bin/externalcontact/get_moment_task' })).toHaveLength(reads);
}, 60_000);
