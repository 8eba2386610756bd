// What one customer add through a channel (with a welcome that names the customer) costs the three consumers
// that handle it — relationship, auto-accept, greeting — counted on DynamoDB Local (every request with
// ReturnConsumedCapacity; a write refused by its condition still costs its write units, as DynamoDB bills it)
// and on the WeCom simulator (calls per path). The use cases run as the consumers run them, without the
// event log and the idempotency records (those belong to the event path). Bounds are request counts, never
// times; the numbers are printed for docs/architecture.md#cost-per-add.
import { randomUUID } from 'node:crypto';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { tableStores } from '../../shared/aws/table-stores';
import { CachedTenantStore } from '../../shared/tenants/cached-tenants';
import { integrationWorld } from '../../test/support/integration-world';
import { messageFor, queueMessage } from '../../test/support/queue-messages';
import { invokeJson } from '../admin-api/dispatch';
import { channelRoutes } from '../admin-api/routes/channels';
import { applyAutoAccept } from '../auto-accept/apply-auto-accept';
import { sendWelcome } from '../greeting/send-welcome';
import { applyContactChange } from './apply-contact-change';

interface Tally {
  wecom: string[];
  requests: number;
  writeUnits: number;
  readUnits: number;
  failedConditions: number;
  byCommand: Record<string, number>;
}
const tally = (): Tally => ({ wecom: [], requests: 0, writeUnits: 0, readUnits: 0, failedConditions: 0, byCommand: {} });
let current = tally();

/** A DocumentClient whose every request asks for its consumed capacity and adds it to `current`. */
function countingDoc(): DynamoDBDocumentClient {
  const client = new DynamoDBClient({
    region: 'ap-east-1',
    endpoint: process.env.DYNAMODB_ENDPOINT!,
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const input = args.input as Record<string, unknown>;
      input.ReturnConsumedCapacity = 'TOTAL';
      const name = context.commandName ?? '?';
      current.requests++;
      current.byCommand[name] = (current.byCommand[name] ?? 0) + 1;
      if (process.env.COST_TRACE) console.log(name, JSON.stringify(input.Key ?? input.KeyConditionExpression ?? ''));
      try {
        const out = await next(args);
        const cc = (out.output as { ConsumedCapacity?: unknown }).ConsumedCapacity;
        // DynamoDB Local reports one unit per transaction item; DynamoDB bills two (prepare + commit).
        if (name === 'TransactWriteItemsCommand') {
          current.writeUnits += 2 * ((input.TransactItems as unknown[] | undefined)?.length ?? 0);
          return out;
        }
        for (const c of (Array.isArray(cc) ? cc : cc ? [cc] : []) as Array<{
          WriteCapacityUnits?: number;
          ReadCapacityUnits?: number;
          CapacityUnits?: number;
        }>) {
          current.writeUnits += c.WriteCapacityUnits ?? (name.match(/Put|Update|Delete|Write/) ? (c.CapacityUnits ?? 0) : 0);
          current.readUnits += c.ReadCapacityUnits ?? (name.match(/Get|Query|Scan/) ? (c.CapacityUnits ?? 0) : 0);
        }
        return out;
      } catch (e) {
        // A refused condition is billed: one write unit (items under 1 KB).
        if ((e as Error).name === 'ConditionalCheckFailedException') {
          current.failedConditions++;
          current.writeUnits += 1;
        }
        if ((e as Error).name === 'TransactionCanceledException') current.failedConditions++;
        throw e;
      }
    },
    { step: 'initialize', name: 'countCapacity' },
  );
  return DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true, convertEmptyValues: false } });
}

const world = integrationWorld({ simulator: true });
let corpId: string;
const doc = countingDoc();
const stores = tableStores(doc, process.env.TABLE_NAME!);

beforeAll(async () => {
  await world.start();
  // A tenant of its own: other test files change the demo tenant's settings in the same table at the same time.
  corpId = await world.newTenant('cpa');
});
afterAll(async () => {
  doc.destroy();
  await world.close();
});

const wecomCallsSince = (from: number) =>
  world.sim.state
    .calls({ corpId })
    .slice(from)
    .map((c) => c.path.replace('/cgi-bin/', ''));

it('one add through a channel with a welcome: DynamoDB units and requests, WeCom calls, per consumer', async () => {
  const tenants = new CachedTenantStore(stores.tenants);
  const deps = { ...stores, tenants, blobs: world.blobs, secrets: world.secrets, wecom: world.wecom, clock: world.clock, sleep: async () => undefined };
  const ch = (await invokeJson(channelRoutes.create, deps, corpId, {
    body: { name: '成本测量', staff: ['zhangsan'], welcome: { text: '您好 {{name}}，欢迎！' } },
  })) as { state: string };
  // A warm container: the channel's first add and the token are paid once, not per add.
  const warm = async (ext: string) => {
    world.sim.state.addCustomers(corpId, [{ externalUserId: ext, name: '预热', follows: [{ userId: 'zhangsan' }] }]);
    return ext;
  };
  const results: Record<string, Tally> = {};
  for (const round of ['warm-up', 'measured']) {
    const ext = await warm(`wm${randomUUID().replace(/-/g, '')}`);
    if (round === 'measured') world.sim.state.addCustomers(corpId, [{ externalUserId: ext, name: '陈小姐', follows: [{ userId: 'zhangsan' }] }]);
    const code = world.sim.state.issueWelcomeCode({ corpId, userId: 'zhangsan', externalUserId: ext });
    const m = queueMessage({
      corpId,
      occurredAt: Math.floor(world.clock.now() / 1000),
      event: { UserID: 'zhangsan', ExternalUserID: ext, State: ch.state, WelcomeCode: code },
    });
    const run = async (name: string, f: () => Promise<unknown>) => {
      current = tally();
      const from = world.sim.state.calls({ corpId }).length;
      await f();
      current.wecom = wecomCallsSince(from);
      results[name] = current;
    };
    await run('relationship', () => applyContactChange(deps, messageFor('relationship', m)));
    await run('auto-accept', () => applyAutoAccept(deps, messageFor('auto-accept', m)));
    await run('greeting', () =>
      sendWelcome({ ...deps, customers: stores.customerRecords, audit: stores.auditLog, count: () => undefined }, messageFor('greeting', m)),
    );
    if (round === 'measured') {
      const calls = Object.values(results).flatMap((t) => t.wecom);
      const total = Object.values(results).reduce(
        (a, t) => ({
          ...a,
          requests: a.requests + t.requests,
          writeUnits: a.writeUnits + t.writeUnits,
          readUnits: a.readUnits + t.readUnits,
          failedConditions: a.failedConditions + t.failedConditions,
        }),
        tally(),
      );
      console.log(JSON.stringify({ perConsumer: results, total, wecomCalls: calls }, null, 1));
      // One profile write and one follow write (each also written to GSI1) and the timeline item; no refused condition.
      expect(results.relationship).toMatchObject({ writeUnits: 5, failedConditions: 0 });
      // The add's marker, the member's day counter and the day stats: a 3-item transaction.
      expect(results['auto-accept']!.writeUnits).toBe(6);
      // The greeting names the customer from the profile the relationship consumer stored: one externalcontact/get.
      expect(calls.filter((c) => c === 'externalcontact/get')).toHaveLength(1);
      expect(
        world.sim.state
          .sent(corpId)
          .welcomes.filter((w) => w.externalUserId === ext)
          .map((w) => w.text),
      ).toEqual([{ content: '您好 陈小姐，欢迎！' }]);
    }
  }
});
