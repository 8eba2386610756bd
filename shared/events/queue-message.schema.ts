// The body of every message on a concern queue: the validated event plus its metadata.
// Consumers parse it with this schema (a trust boundary like any other).
import { z } from 'zod';

export const queueMessageSchema = z.object({
  v: z.literal(1),
  eventKey: z.string().regex(/^[0-9a-f]{64}$/),
  corpId: z.string().min(1).max(64),
  type: z.string().min(1).max(200),
  occurredAt: z.number().int().nonnegative(),
  receivedAt: z.number().int().nonnegative(),
  event: z.record(z.string(), z.unknown()),
});

export type QueueMessage = z.infer<typeof queueMessageSchema>;
