// Routes of 获客链接 (acquisition links as channels): create, update, the tenant's quota and a link's
// statistics. A link is a channel (kind acquisition_link): it is listed, read with its stats and deleted
// through the channel routes; create and update have their own routes because their body is WeCom's link
// (name, members ≤ 500, skip_verify), not a contact way's policy (backup staff, caps, windows).
import { acquisitionLinkCreateSchema, acquisitionLinkPatchSchema, acquisitionStatsQuery } from '../../../shared/channels/acquisition-link.schema';
import { acquisitionQuotaView, acquisitionStatsView } from '../../../shared/channels/acquisition-link.view';
import { channelView } from '../../../shared/channels/channel.view';
import { msg } from '../../../shared/i18n/messages';
import { createAcquisitionLink, getAcquisitionQuota, getAcquisitionStats, updateAcquisitionLink } from '../acquisition-links';
import type { ChannelDeps } from '../channels';
import { auditById } from '../operation-log';
import { created, idParams, json, route } from '../route';

export const acquisitionLinkRoutes = {
  create: route({
    method: 'POST',
    path: '/admin/v1/tenants/{corpId}/acquisition-links',
    permission: 'channels:write',
    scope: 'tenant',
    body: acquisitionLinkCreateSchema,
    invalid: { body: msg('invalid_acquisition_link') },
    response: channelView,
    audit: auditById((d: ChannelDeps, corpId, id) => d.channels.get(corpId, id)),
    run: async (d: ChannelDeps, c) => created(await createAcquisitionLink(d, c.corpId, c.body)),
  }),
  update: route({
    method: 'PATCH',
    path: '/admin/v1/tenants/{corpId}/acquisition-links/{id}',
    permission: 'channels:write',
    scope: 'tenant',
    params: idParams,
    body: acquisitionLinkPatchSchema,
    invalid: { body: msg('invalid_acquisition_link') },
    response: channelView,
    audit: auditById((d: ChannelDeps, corpId, id) => d.channels.get(corpId, id)),
    run: async (d: ChannelDeps, c) => json(await updateAcquisitionLink(d, c.corpId, c.params.id, c.body)),
  }),
  quota: route({
    method: 'GET',
    path: '/admin/v1/tenants/{corpId}/acquisition-links/quota',
    permission: 'channels:read',
    scope: 'tenant',
    response: acquisitionQuotaView,
    run: async (d: ChannelDeps, c) => json(await getAcquisitionQuota(d, c.corpId)),
  }),
  statistics: route({
    method: 'GET',
    path: '/admin/v1/tenants/{corpId}/acquisition-links/{id}/statistics',
    permission: 'channels:read',
    scope: 'tenant',
    params: idParams,
    query: acquisitionStatsQuery,
    invalid: { query: msg('invalid_acquisition_stats_range') },
    response: acquisitionStatsView,
    run: async (d: ChannelDeps, c) => json(await getAcquisitionStats(d, c.corpId, c.params.id, c.query)),
  }),
};
