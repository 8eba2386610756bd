// What the ingest path costs in DynamoDB (issue #19): a signed customer add through acceptMessage into DynamoDB
// Local, every command sent with ReturnConsumedCapacity INDEXES and its units summed (table and each index).
// The queues are the recording fake: this counts the event log's writes and reads, not SQS.
import { randomBytes, randomUUID } from 'node:crypto';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { ConsumedCapacity } from '@aws-sdk/client-dynamodb';
import { makeDynamoClient } from '../aws/clients';
import { DynamoEventLog } from '../db/event-log-repository';
import { acceptMessage } from '../../functions/wecom-callback/accept-message';
import { manualClock } from '../../test/support/clock';
import { InMemoryCallbackKeys, RecordingQueuePublisher } from '../../test/support/fakes';
import { signedCallback } from '../../simulator/callbacks';
import { decodeAesKey } from '../wecom/crypto';

interface Tally {
  requests: number;
  /** Units DynamoDB reported (table + indexes), by kind of command. */
  write: number;
  read: number;
  /** Conditional writes that failed: billed (≥ 1 write unit each) but reported without capacity. */
  failedWrites: number;
  byIndex: Record<string, number>;
}

const WRITES = new Set(['PutItemCommand', 'UpdateItemCommand', 'DeleteItemCommand', 'BatchWriteItemCommand', 'TransactWriteItemsCommand']);

/** A document client whose commands all ask for their consumed capacity, summed into `tally`. */
function countingClient(tally: Tally): DynamoDBDocumentClient {
  const doc = DynamoDBDocumentClient.from(makeDynamoClient({ endpoint: process.env.DYNAMODB_ENDPOINT }), {
    marshallOptions: { removeUndefinedValues: true },
  });
  doc.middlewareStack.add(
    (next, context) => async (args) => {
      (args.input as Record<string, unknown>).ReturnConsumedCapacity = 'INDEXES';
      const write = WRITES.has(context.commandName ?? '');
      tally.requests++;
      try {
        const out = await next(args);
        add(tally, write, (out.output as { ConsumedCapacity?: ConsumedCapacity | ConsumedCapacity[] }).ConsumedCapacity);
        return out;
      } catch (e) {
        if (write) tally.failedWrites++;
        throw e;
      }
    },
    { step: 'initialize', name: 'countCapacity' },
  );
  return doc;
}

function add(t: Tally, write: boolean, c: ConsumedCapacity | ConsumedCapacity[] | undefined): void {
  for (const one of c === undefined ? [] : Array.isArray(c) ? c : [c]) {
    if (write) t.write += one.CapacityUnits ?? 0;
    else t.read += one.CapacityUnits ?? 0;
    if (one.Table) t.byIndex.table = (t.byIndex.table ?? 0) + (one.Table.CapacityUnits ?? 0);
    for (const [name, v] of Object.entries(one.GlobalSecondaryIndexes ?? {})) t.byIndex[name] = (t.byIndex[name] ?? 0) + (v.CapacityUnits ?? 0);
  }
}

const corpId = `wwcap${randomUUID().replace(/-/g, '').slice(0, 12)}`;
const tenant = { corpId, token: 'Tok3nForTests', encodingAesKey: randomBytes(32).toString('base64').slice(0, 43).replace(/[+/]/g, 'a') };
const NOW = 1_760_000_000_000;

function addXml(ext: string): string {
  return (
    `<xml><ToUserName><![CDATA[${corpId}]]></ToUserName><FromUserName><![CDATA[sys]]></FromUserName>` +
    `<CreateTime>${NOW / 1000 - 5}</CreateTime><MsgType><![CDATA[event]]></MsgType>` +
    `<Event><![CDATA[change_external_contact]]></Event><ChangeType><![CDATA[add_external_contact]]></ChangeType>` +
    `<UserID><![CDATA[zhangsan]]></UserID><ExternalUserID><![CDATA[${ext}]]></ExternalUserID>` +
    `<State><![CDATA[ch_spring]]></State><WelcomeCode><![CDATA[WELCOMECODE-${ext}]]></WelcomeCode></xml>`
  );
}

function delivery(xml: string, nonce: string) {
  const cb = signedCallback({ corpId, token: tenant.token, aesKey: decodeAesKey(tenant.encodingAesKey), xml, agentId: '1000002', nonce });
  return { corpId, query: cb.query, body: cb.body };
}

function world() {
  const tally: Tally = { requests: 0, write: 0, read: 0, failedWrites: 0, byIndex: {} };
  const queues = new RecordingQueuePublisher();
  const eventLog = new DynamoEventLog(countingClient(tally), process.env.TABLE_NAME!);
  const deps = { keys: new InMemoryCallbackKeys([tenant]), eventLog, queues, clock: manualClock(NOW) };
  return { tally, queues, eventLog, deps };
}

describe('the ingest path in DynamoDB units (one customer add)', () => {
  it('a new add: one write of the event item (fan-out recorded in it), nothing written twice', async () => {
    const w = world();
    const ext = `wm${randomUUID().slice(0, 12)}`;
    await acceptMessage(w.deps, delivery(addXml(ext), 'n1'));
    expect(w.queues.sent.map((s) => s.concern).sort()).toEqual(['auto-accept', 'greeting', 'relationship']);
    console.log('ingest of one add:', JSON.stringify(w.tally));
    // The event item (under 1 KiB) is written once, fan-out included: its put (1 unit, and 1 in gsi1) and the
    // duplicate check (a consistent read, 1 unit). Before issue #19: the put and an update, 2 units each.
    expect(w.tally).toMatchObject({ requests: 2, write: 2, read: 1, failedWrites: 0 });
  });

  it('a repeated delivery reads and writes nothing but its lookup', async () => {
    const w = world();
    const ext = `wm${randomUUID().slice(0, 12)}`;
    await acceptMessage(w.deps, delivery(addXml(ext), 'n1'));
    const before = { ...w.tally };
    const again = await acceptMessage(w.deps, delivery(addXml(ext), 'n2'));
    expect(again.accepted?.duplicate).toBe(true);
    console.log(
      'repeated delivery:',
      JSON.stringify({
        write: w.tally.write - before.write,
        read: w.tally.read - before.read,
        failedWrites: w.tally.failedWrites - before.failedWrites,
        requests: w.tally.requests - before.requests,
      }),
    );
    // One read; before issue #19 also a conditional put that failed (billed like a write).
    expect(w.tally.write - before.write).toBe(0);
    expect(w.tally.failedWrites - before.failedWrites).toBe(0);
    expect(w.tally.requests - before.requests).toBe(1);
    expect(w.queues.sent).toHaveLength(3);
  });
});
