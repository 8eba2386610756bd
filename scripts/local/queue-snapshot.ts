// Queue messages across a stop of `npm start`: fauxqs holds its queues in memory only, so at a clean stop the
// stack writes what every queue still holds (ready, delayed, in flight, and the DLQs) to a file in the data
// folder, and sends it back at the next start. Consumers are idempotent per (event, concern), so a message
// that was in flight and is delivered again changes nothing. After a hard kill there is no file: the event
// log still has every acknowledged event, and POST …/events/replay re-sends a window to the queues.
import { existsSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { SendMessageBatchCommand, type SendMessageBatchRequestEntry, type SQSClient } from '@aws-sdk/client-sqs';
import type { HeldMessage } from './emulators';

interface SavedQueues {
  savedAt: string;
  queues: Record<string, HeldMessage[]>;
}

/** Writes the messages the queues hold to `file` (nothing, and no file, when they are empty). Returns the count. */
export function saveQueues(file: string, held: (queueName: string) => HeldMessage[], queueNames: string[]): number {
  const queues: Record<string, HeldMessage[]> = {};
  let count = 0;
  for (const name of queueNames) {
    const messages = held(name);
    if (messages.length === 0) continue;
    queues[name] = messages;
    count += messages.length;
  }
  rmSync(file, { force: true });
  if (count > 0) {
    const saved: SavedQueues = { savedAt: new Date().toISOString(), queues };
    writeFileSync(`${file}.tmp`, JSON.stringify(saved), { mode: 0o600 });
    renameSync(`${file}.tmp`, file);
  }
  return count;
}

/** FIFO order where the emulator gave one (sequence numbers), else the time each was sent. */
function inSendOrder(messages: HeldMessage[]): HeldMessage[] {
  const seq = (m: HeldMessage) => (m.sequenceNumber ? BigInt(m.sequenceNumber) : undefined);
  return [...messages].sort((a, b) => {
    const sa = seq(a);
    const sb = seq(b);
    if (sa !== undefined && sb !== undefined && sa !== sb) return sa < sb ? -1 : 1;
    return a.sentTimestamp - b.sentTimestamp;
  });
}

function entry(m: HeldMessage, i: number): SendMessageBatchRequestEntry {
  return {
    Id: String(i),
    MessageBody: m.body,
    MessageAttributes: Object.fromEntries(
      Object.entries(m.attributes).map(([k, v]) => [
        k,
        {
          DataType: v.DataType,
          ...(v.StringValue !== undefined ? { StringValue: v.StringValue } : {}),
          ...(v.BinaryValue !== undefined ? { BinaryValue: Buffer.from(v.BinaryValue, 'base64') } : {}),
        },
      ]),
    ),
    ...(m.groupId ? { MessageGroupId: m.groupId } : {}),
    ...(m.deduplicationId ? { MessageDeduplicationId: m.deduplicationId } : {}),
  };
}

/**
 * Sends the saved messages back to their queues (by name) and removes the file. Queues that no longer
 * exist are reported, not fatal. A failure leaves the file for the next start (a repeat is harmless).
 */
export async function restoreQueues(
  file: string,
  sqs: SQSClient,
  urlByName: Record<string, string>,
): Promise<{ restored: number; savedAt?: string; unknownQueues: string[] }> {
  if (!existsSync(file)) return { restored: 0, unknownQueues: [] };
  const saved = JSON.parse(readFileSync(file, 'utf8')) as SavedQueues;
  let restored = 0;
  const unknownQueues: string[] = [];
  for (const [name, messages] of Object.entries(saved.queues)) {
    const url = urlByName[name];
    if (!url) {
      unknownQueues.push(name);
      continue;
    }
    const ordered = inSendOrder(messages);
    for (let i = 0; i < ordered.length; i += 10) {
      const out = await sqs.send(new SendMessageBatchCommand({ QueueUrl: url, Entries: ordered.slice(i, i + 10).map(entry) }));
      if (out.Failed?.length) throw new Error(`could not put back the messages saved for ${name}: ${out.Failed[0]?.Message ?? out.Failed[0]?.Code}`);
      restored += out.Successful?.length ?? 0;
    }
  }
  rmSync(file, { force: true });
  return { restored, savedAt: saved.savedAt, unknownQueues };
}
