// Routes of channels (渠道活码): create, list, read with stats, update, delete, and a day's spend.
import { channelCreateSchema, channelPatchSchema } from '../../../shared/channels/channel.schema';
import { channelStatsQuery, createChannel, deleteChannel, getChannel, listChannels, updateChannel, type ChannelDeps } from '../channels';
import { putChannelSpend, spendBody, spendView, type MetricsDeps } from '../metrics';
import { auditById } from '../operation-log';
import { channelListView, channelView, channelWithStatsView } from '../../../shared/channels/channel.view';
import { created, idParams, json, route } from '../route';
import { msg } from '../../../shared/i18n/messages';

export const channelRoutes = {
  create: route({
    method: 'POST',
    path: '/admin/v1/tenants/{corpId}/channels',
    permission: 'channels:write',
    scope: 'tenant',
    body: channelCreateSchema,
    invalid: { body: msg('invalid_channel') },
    response: channelView,
    audit: auditById((d: ChannelDeps, corpId, id) => d.channels.get(corpId, id)),
    run: async (d: ChannelDeps, c) => created(await createChannel(d, c.corpId, c.body)),
  }),
  list: route({
    method: 'GET',
    path: '/admin/v1/tenants/{corpId}/channels',
    permission: 'channels:read',
    scope: 'tenant',
    response: channelListView,
    run: async (d: ChannelDeps, c) => json(await listChannels(d, c.corpId)),
  }),
  get: route({
    method: 'GET',
    path: '/admin/v1/tenants/{corpId}/channels/{id}',
    permission: 'channels:read',
    scope: 'tenant',
    params: idParams,
    query: channelStatsQuery,
    invalid: { query: msg('invalid_stats_range') },
    response: channelWithStatsView,
    run: async (d: ChannelDeps, c) => json(await getChannel(d, c.corpId, c.params.id, c.query)),
  }),
  update: route({
    method: 'PATCH',
    path: '/admin/v1/tenants/{corpId}/channels/{id}',
    permission: 'channels:write',
    scope: 'tenant',
    params: idParams,
    body: channelPatchSchema,
    invalid: { body: msg('invalid_channel') },
    response: channelView,
    audit: auditById((d: ChannelDeps, corpId, id) => d.channels.get(corpId, id)),
    run: async (d: ChannelDeps, c) => json(await updateChannel(d, c.corpId, c.params.id, c.body)),
  }),
  delete: route({
    method: 'DELETE',
    path: '/admin/v1/tenants/{corpId}/channels/{id}',
    permission: 'channels:write',
    scope: 'tenant',
    params: idParams,
    response: channelView,
    audit: auditById((d: ChannelDeps, corpId, id) => d.channels.get(corpId, id)),
    run: async (d: ChannelDeps, c) => json(await deleteChannel(d, c.corpId, c.params.id)),
  }),
  spend: route({
    method: 'PUT',
    path: '/admin/v1/tenants/{corpId}/channels/{id}/spend',
    permission: 'orders:write',
    scope: 'tenant',
    params: idParams,
    body: spendBody,
    invalid: { body: msg('invalid_spend') },
    response: spendView,
    run: async (d: MetricsDeps, c) => json(await putChannelSpend(d, c.corpId, c.params.id, c.body)),
  }),
};
