// ingest(): the fan-out recorded in the event's first write, and what happens when two deliveries of one
// event overlap or a queue fails (the in-memory event log and recording queues of test/support/fakes.ts).
import type { Concern } from '../domain/fanout';
import { InMemoryEventLog, RecordingQueuePublisher } from '../../test/support/fakes';
import { DependencyError } from '../errors';
import { ingest } from './deliver';
import type { EventRecord } from './ports';

const KEY = 'a'.repeat(64);
const CONCERNS: Concern[] = ['relationship', 'auto-accept', 'greeting'];
const entry = (receivedAt = 1): EventRecord => ({
  corpId: 'c',
  eventKey: KEY,
  type: 'change_external_contact.add_external_contact',
  occurredAt: 10,
  receivedAt,
  concerns: CONCERNS,
  message: { v: 1, eventKey: KEY, corpId: 'c', type: 'change_external_contact.add_external_contact', occurredAt: 10, receivedAt, event: {} },
});

/** An event log whose reads miss the entry until `visible` (another delivery's put not seen yet). */
class LaggingEventLog extends InMemoryEventLog {
  visible = false;
  override async get(corpId: string, eventKey: string) {
    return this.visible ? super.get(corpId, eventKey) : undefined;
  }
}

describe('ingest', () => {
  it('publishes before it writes, and writes the event once with the queues that took it', async () => {
    const log = new InMemoryEventLog();
    const marks = jest.spyOn(log, 'markEnqueued');
    const queues = new RecordingQueuePublisher();
    const out = await ingest({ eventLog: log, queues }, entry());
    expect(out.created).toBe(true);
    expect([...out.stored.enqueued].sort()).toEqual(['auto-accept', 'greeting', 'relationship']);
    expect([...log.all()[0]!.enqueued].sort()).toEqual(['auto-accept', 'greeting', 'relationship']);
    expect(marks).not.toHaveBeenCalled();
  });

  it('when every queue fails, the entry is written with none enqueued and the error is retryable', async () => {
    const log = new InMemoryEventLog();
    const queues = new RecordingQueuePublisher().failFor(...CONCERNS);
    await expect(ingest({ eventLog: log, queues }, entry())).rejects.toBeInstanceOf(DependencyError);
    expect(log.all().map((e) => e.enqueued.size)).toEqual([0]);
  });

  it('an event type without concerns is one put and no read', async () => {
    const log = new InMemoryEventLog();
    const get = jest.spyOn(log, 'get');
    await ingest({ eventLog: log, queues: new RecordingQueuePublisher() }, { ...entry(), concerns: [] });
    expect(log.size).toBe(1);
    expect(get).not.toHaveBeenCalled();
  });

  it('overlapping deliveries: the later put loses, its sends are recorded, and it answers as a duplicate', async () => {
    // Given a delivery that reached only relationship and was logged so
    const log = new LaggingEventLog();
    const queues = new RecordingQueuePublisher().failFor('auto-accept', 'greeting');
    await expect(ingest({ eventLog: log, queues }, entry(1))).rejects.toBeInstanceOf(DependencyError);
    // When a second delivery does not see that entry yet and its own sends all succeed
    queues.recover();
    const second = await ingest({ eventLog: log, queues }, entry(2));
    // Then it is a duplicate, the log keeps the first message and now names every queue
    expect(second.created).toBe(false);
    expect(log.all()[0]!.message.receivedAt).toBe(1);
    expect([...log.all()[0]!.enqueued].sort()).toEqual(['auto-accept', 'greeting', 'relationship']);
    // And a further delivery (which sees the entry) sends nothing
    log.visible = true;
    const attempts = queues.attempts.length;
    await ingest({ eventLog: log, queues }, entry(3));
    expect(queues.attempts.length).toBe(attempts);
  });

  it('overlapping deliveries where a queue neither reached: the later one fails too, until a send reaches it', async () => {
    const log = new LaggingEventLog();
    const queues = new RecordingQueuePublisher().failFor('greeting');
    await expect(ingest({ eventLog: log, queues }, entry(1))).rejects.toBeInstanceOf(DependencyError);
    await expect(ingest({ eventLog: log, queues }, entry(2))).rejects.toBeInstanceOf(DependencyError);
    queues.recover();
    await expect(ingest({ eventLog: log, queues }, entry(3))).resolves.toMatchObject({ created: false });
    // (the third did not see the entry either, so it sent its own copy; the log keeps the first message)
    expect(queues.on('greeting')).toHaveLength(1);
    expect(log.all()[0]!.message.receivedAt).toBe(1);
    expect([...log.all()[0]!.enqueued].sort()).toEqual(['auto-accept', 'greeting', 'relationship']);
  });
});
