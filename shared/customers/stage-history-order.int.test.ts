// A customer's stage history on DynamoDB Local lists moves newest first even when they share a clock reading: the
// history key once held the move's second and a random nonce, so moves within one second came back in random order.
import { recordStageMove } from './customer-attributes';
import { integrationWorld } from '../../test/support/integration-world';

const world = integrationWorld({ clockAt: Date.parse('2026-11-30T02:00:00Z') });
beforeAll(() => world.start());
afterAll(() => world.close());

it('moves made at the same instant are listed newest first, each from the stage the previous one left', async () => {
  const corpId = `wwsho${Date.now()}`;
  const by = { keyId: 'k1', role: 'admin' as const };
  const path = ['新客', '意向', '成交', '复购', '意向', '成交', '复购', '新客'];
  // The clock does not move: every move shares one millisecond.
  const deps = { ...world.stores, clock: world.clock };
  for (const stage of path) await recordStageMove(deps, corpId, by, 'wmC1', { stage });
  const history = await world.stores.customerFields.history(corpId, 'wmC1', 20);
  expect(history.map((m) => m.to)).toEqual([...path].reverse());
  expect(history.map((m) => m.from)).toEqual([null, ...path.slice(0, -1)].reverse());
  expect((await world.stores.customerFields.attributes(corpId, 'wmC1'))?.stage).toBe('新客');
  // The customer's timeline lists the same moves in the same order.
  const timeline = await world.stores.customerRecords.timeline(corpId, 'wmC1', 20);
  expect(timeline.filter((t) => t.kind === 'stage_changed').map((t) => t.detail?.to)).toEqual([...path].reverse());
});
