// The archive stream contract. A decrypted 会话内容存档 message is WeCom's official JSON (docs/wecom.md#conversation-archive):
// msgid, action (send | recall | switch), from, tolist, roomid, msgtime (ms), msgtype and a body named after
// the type. The puller (Finance SDK, outside Lambda) wraps each one with the tenant and the SDK's `seq` and
// sends it to the `archive` queue in the one shape every concern queue carries (QueueMessage): the event
// key is derived from the tenant and the msgid, so a replayed message is the same event and changes nothing.
import { createHash } from 'node:crypto';
import * as z from 'zod';
import type { ArchiveEventType } from '../domain/fanout';

export const archiveMessageSchema = z.looseObject({
  msgid: z.string().min(1).max(256),
  action: z.enum(['send', 'recall', 'switch']),
  from: z.string().max(256).optional(),
  tolist: z.array(z.string().max(256)).max(5000).optional(),
  roomid: z.string().max(256).optional(),
  /** Milliseconds since the epoch. `switch` messages carry `time` instead. */
  msgtime: z.number().int().nonnegative().optional(),
  time: z.number().int().nonnegative().optional(),
  msgtype: z.string().min(1).max(64).optional(),
});
export type ArchiveMessage = z.infer<typeof archiveMessageSchema>;

export const archiveEntrySchema = z.object({
  corpId: z.string().min(1).max(64),
  /** The Finance SDK's sequence number, increasing per tenant. */
  seq: z.number().int().nonnegative(),
  message: archiveMessageSchema,
});
export type ArchiveEntry = z.infer<typeof archiveEntrySchema>;

/** Queue event types of archive messages: `archive.<msgtype>` (`archive.switch` for log switches). */
export const archiveTypeOf = (m: ArchiveMessage): ArchiveEventType => `archive.${m.action === 'switch' ? 'switch' : (m.msgtype ?? 'unknown')}`;

export function archiveEventKey(corpId: string, msgid: string): string {
  return createHash('sha256').update(`archive\n${corpId}\n${msgid}`).digest('hex');
}

/** The queue message of an archive entry (shared/events/queue-message.schema.ts reads it back typed). */
export function archiveQueueMessage(entry: ArchiveEntry, receivedAtMs: number) {
  const m = entry.message;
  return {
    v: 1 as const,
    eventKey: archiveEventKey(entry.corpId, m.msgid),
    corpId: entry.corpId,
    type: archiveTypeOf(m),
    occurredAt: Math.floor((m.msgtime ?? m.time ?? receivedAtMs) / 1000),
    receivedAt: receivedAtMs,
    event: { ...m, seq: entry.seq },
  };
}
