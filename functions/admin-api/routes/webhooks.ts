// Routes of outbound webhook subscriptions: CRUD, secret rotation, the delivery log, replay of a window.
import * as z from 'zod';
import { msg } from '../../../shared/i18n/messages';
import { auditById } from '../operation-log';
import { created, idParams, json, route } from '../route';
import {
  createWebhook,
  deleteWebhook,
  deliveriesQuery,
  getWebhook,
  listDeliveries,
  listWebhooks,
  readWebhook,
  replayBody,
  replayWebhook,
  rotateWebhookSecret,
  updateWebhook,
  webhookBody,
  webhookPatch,
  type WebhookDeps,
} from '../webhooks';
import { webhookCreatedView, webhookDeliveriesView, webhookListView, webhookReplayView, webhookSecretView, webhookView } from '../webhooks.view';

const audit = auditById((d: WebhookDeps, corpId, id) => readWebhook(d, corpId, id));
const base = '/admin/v1/tenants/{corpId}/webhooks';

export const webhookRoutes = {
  create: route({
    method: 'POST',
    path: base,
    permission: 'webhooks:write',
    scope: 'tenant',
    body: webhookBody,
    invalid: { body: msg('invalid_webhook') },
    response: webhookCreatedView,
    audit,
    run: async (d: WebhookDeps, c) => created(await createWebhook(d, c.corpId, c.body)),
  }),
  list: route({
    method: 'GET',
    path: base,
    permission: 'webhooks:read',
    scope: 'tenant',
    response: webhookListView,
    run: async (d: WebhookDeps, c) => json(await listWebhooks(d, c.corpId)),
  }),
  get: route({
    method: 'GET',
    path: `${base}/{id}`,
    permission: 'webhooks:read',
    scope: 'tenant',
    params: idParams,
    response: webhookView,
    run: async (d: WebhookDeps, c) => json(await getWebhook(d, c.corpId, c.params.id)),
  }),
  update: route({
    method: 'PATCH',
    path: `${base}/{id}`,
    permission: 'webhooks:write',
    scope: 'tenant',
    params: idParams,
    body: webhookPatch,
    invalid: { body: msg('invalid_webhook') },
    response: webhookView,
    audit,
    run: async (d: WebhookDeps, c) => json(await updateWebhook(d, c.corpId, c.params.id, c.body)),
  }),
  delete: route({
    method: 'DELETE',
    path: `${base}/{id}`,
    permission: 'webhooks:write',
    scope: 'tenant',
    params: idParams,
    response: webhookView,
    audit,
    run: async (d: WebhookDeps, c) => json(await deleteWebhook(d, c.corpId, c.params.id)),
  }),
  rotateSecret: route({
    method: 'POST',
    path: `${base}/{id}/rotate-secret`,
    permission: 'webhooks:write',
    scope: 'tenant',
    params: idParams,
    body: z.strictObject({}).optional(),
    response: webhookSecretView,
    audit,
    summary: '轮换 Webhook 签名密钥 · Rotate a webhook’s signing secret',
    run: async (d: WebhookDeps, c) => json(await rotateWebhookSecret(d, c.corpId, c.params.id)),
  }),
  deliveries: route({
    method: 'GET',
    path: `${base}/{id}/deliveries`,
    permission: 'webhooks:read',
    scope: 'tenant',
    params: idParams,
    query: deliveriesQuery,
    response: webhookDeliveriesView,
    summary: 'Webhook 投递记录 · A webhook’s delivery log',
    run: async (d: WebhookDeps, c) => json(await listDeliveries(d, c.corpId, c.params.id, c.query)),
  }),
  replay: route({
    method: 'POST',
    path: `${base}/{id}/replay`,
    permission: 'webhooks:write',
    scope: 'tenant',
    params: idParams,
    body: replayBody,
    invalid: { body: msg('invalid_webhook_replay', { days: 7 }) },
    response: webhookReplayView,
    summary: '重放时间窗内的 Webhook 事件 · Replay a window of webhook events',
    run: async (d: WebhookDeps, c) => json(await replayWebhook(d, c.corpId, c.params.id, c.body)),
  }),
};
