// Queue messages across a stop of the stack: what fauxqs holds (ready, in flight, DLQ; FIFO order) is saved at
// the stop and put back into a new emulator at the next start.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DeleteMessageCommand, ReceiveMessageCommand, SendMessageCommand, type Message } from '@aws-sdk/client-sqs';
// fauxqs exports ESM only (an "import" condition jest's resolver does not use): its file, transformed by jest.
import { startFauxqs, type FauxqsServer } from '../../node_modules/fauxqs/dist/app.js';
import { makeSqsClient } from '../../shared/aws/clients';
import { heldMessages } from './emulators';
import { restoreQueues, saveQueues } from './queue-snapshot';
import { createQueues } from './resources';

let dir: string;
// Own emulators (not the run's shared one): the test stops one and starts another, as a restart does.
const running: FauxqsServer[] = [];
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'siyu-queues-test-'));
});
afterAll(async () => {
  await Promise.all(running.map((r) => r.stop()));
  rmSync(dir, { recursive: true, force: true });
});

async function emulator() {
  const fauxqs = await startFauxqs({ port: 0, logger: false });
  running.push(fauxqs);
  const server = { held: (name: string) => heldMessages(fauxqs, name), stop: () => fauxqs.stop(), fauxqs };
  const sqs = makeSqsClient({ endpoint: fauxqs.address });
  const { queues, dlqs } = await createQueues(sqs, { tableName: 'unused', idempotencyTableName: 'unused', queuePrefix: 'snap' });
  const urlByName = Object.fromEntries([...Object.values(queues), ...Object.values(dlqs)].map((u) => [u.split('/').pop()!, u]));
  return { server, sqs, queues, dlqs, urlByName };
}

const receiveAll = async (sqs: ReturnType<typeof makeSqsClient>, url: string): Promise<Message[]> =>
  (await sqs.send(new ReceiveMessageCommand({ QueueUrl: url, MaxNumberOfMessages: 10, MessageAttributeNames: ['All'], WaitTimeSeconds: 1 }))).Messages ?? [];

describe('saveQueues / restoreQueues', () => {
  it('puts back ready, in-flight and dead-lettered messages with their attributes, FIFO in order', async () => {
    const file = join(dir, 'queues.json');
    const before = await emulator();
    const attrs = { eventKey: { DataType: 'String', StringValue: 'k1' } };
    await before.sqs.send(new SendMessageCommand({ QueueUrl: before.queues.relationship, MessageBody: '{"n":1}', MessageAttributes: attrs }));
    await before.sqs.send(new SendMessageCommand({ QueueUrl: before.queues.relationship, MessageBody: '{"n":2}' }));
    await before.sqs.send(new SendMessageCommand({ QueueUrl: before.dlqs.greeting, MessageBody: '{"n":"dead"}' }));
    for (const n of [1, 2, 3]) {
      await before.sqs.send(
        new SendMessageCommand({ QueueUrl: before.queues.archive, MessageBody: `{"a":${n}}`, MessageGroupId: 'wwcorp', MessageDeduplicationId: `d${n}` }),
      );
    }
    // One relationship message is in flight when the stack stops.
    const taken = await before.sqs.send(new ReceiveMessageCommand({ QueueUrl: before.queues.relationship, MaxNumberOfMessages: 1 }));
    expect(taken.Messages).toHaveLength(1);

    expect(saveQueues(file, before.server.held, Object.keys(before.urlByName))).toBe(6);
    await before.server.stop();
    running.splice(running.indexOf(before.server.fauxqs), 1);
    before.sqs.destroy();

    const after = await emulator();
    expect(await restoreQueues(file, after.sqs, after.urlByName)).toMatchObject({ restored: 6, unknownQueues: [] });
    expect(existsSync(file)).toBe(false);

    const rel = await receiveAll(after.sqs, after.queues.relationship);
    expect(rel.map((m) => m.Body).sort()).toEqual(['{"n":1}', '{"n":2}']);
    expect(rel.find((m) => m.Body === '{"n":1}')?.MessageAttributes?.eventKey).toMatchObject({ DataType: 'String', StringValue: 'k1' });
    expect((await receiveAll(after.sqs, after.dlqs.greeting)).map((m) => m.Body)).toEqual(['{"n":"dead"}']);
    // FIFO: a group's next message is served once the one before it is deleted.
    const archive: string[] = [];
    for (let i = 0; i < 5 && archive.length < 3; i++) {
      for (const m of await receiveAll(after.sqs, after.queues.archive)) {
        archive.push(m.Body!);
        await after.sqs.send(new DeleteMessageCommand({ QueueUrl: after.queues.archive, ReceiptHandle: m.ReceiptHandle! }));
      }
    }
    expect(archive).toEqual(['{"a":1}', '{"a":2}', '{"a":3}']);
    after.sqs.destroy();
  });

  it('writes no file when the queues are empty, and a start without one restores nothing', async () => {
    const file = join(dir, 'empty.json');
    const e = await emulator();
    expect(saveQueues(file, e.server.held, Object.keys(e.urlByName))).toBe(0);
    expect(existsSync(file)).toBe(false);
    expect(await restoreQueues(file, e.sqs, e.urlByName)).toEqual({ restored: 0, unknownQueues: [] });
    e.sqs.destroy();
  });
});
