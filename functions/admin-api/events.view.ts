// The event log as the admin API answers it, field by field (the OpenAPI document is generated from it): a
// page of stored events, and what a replay re-delivered.
import * as z from 'zod';
import { CONCERNS } from '../../shared/domain/fanout';

const concern = z.enum(CONCERNS);

export const eventView = z.object({
  eventKey: z.string().describe('事件去重键（sha256 十六进制）/ the dedupe key, sha256 hex'),
  type: z.string().describe('事件类型，如 change_external_contact/add_external_contact / the event type'),
  occurredAt: z.iso.datetime().describe('事件发生时间（企业微信 CreateTime）/ when it happened (WeCom CreateTime)'),
  receivedAt: z.iso.datetime().describe('Siyu 收到的时间 / when Siyu received it'),
  concerns: z.array(concern).readonly().describe('订阅该事件的处理队列 / the concern queues it fans out to'),
  enqueued: z.array(concern).describe('已确认投递的队列 / the queues it is known to be on'),
  event: z.record(z.string(), z.unknown()).describe('解密后的事件原文（字段随类型而异）/ the decrypted event as received; fields vary by type'),
});
export type EventView = z.output<typeof eventView>;
export const eventsPage = z.object({ items: z.array(eventView), cursor: z.string().nullable() });

export const replayResponse = z.object({
  events: z.number().int().min(0).describe('本次重放的事件数（每次最多 500）/ events replayed by this request (at most 500)'),
  enqueued: z.number().int().min(0).describe('投递到队列的消息数 / messages sent to the concern queues'),
  cursor: z.string().nullable().describe('窗口未完时继续重放的游标 / continue with this cursor; null when the window is done'),
});
