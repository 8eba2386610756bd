// A webhook subscription and one delivery as the admin API answers them, and the event types (shared with the API).
import { WEBHOOK_EVENT_TYPES, type WebhookEventType } from '../../../../shared/domain/webhooks';

export type WebhookEvent = WebhookEventType;
export const WEBHOOK_EVENTS: readonly WebhookEvent[] = WEBHOOK_EVENT_TYPES;

export interface Webhook {
  id: string;
  url: string;
  events: WebhookEvent[];
  description: string | null;
  enabled: boolean;
  createdAt: string;
  updatedAt: string;
}

export interface Delivery {
  id: string;
  eventId: string;
  eventType: WebhookEvent;
  status: 'pending' | 'retrying' | 'delivered' | 'failed' | 'skipped';
  attempts: number;
  responseCode: number | null;
  durationMs: number | null;
  snippet: string | null;
  replay: boolean;
  createdAt: string;
  updatedAt: string;
}
