// Channels (渠道活码) in the admin API. Each channel is a WeCom 「联系我」 contact way kept as a projection
// of the channel's policy: created with add_contact_way, rewritten in full with update_contact_way (WeCom
// overwrites user lists), removed with del_contact_way. A deleted channel stays readable (status
// 'deleted'): history is never destroyed.
import { NotFoundError } from '../../shared/errors';
import {
  channelCreateSchema,
  channelPatchSchema,
  newChannelId,
  publicChannel,
  skipVerifyAt,
  stateOf,
  type ChannelRecord,
  type ChannelStore,
} from '../../shared/channels/channel.schema';
import type { SecretBox } from '../../shared/secrets/secret-box';
import type { TenantStore } from '../../shared/tenants/tenant.schema';
import { parseInput } from '../../shared/validation';
import type { WecomClient, WecomTenantClient } from '../../shared/wecom/client';

export interface ChannelDeps {
  channels: ChannelStore;
  tenants: TenantStore;
  secrets: SecretBox;
  wecom: WecomClient;
  now: () => Date;
}

async function wecomFor(deps: ChannelDeps, corpId: string): Promise<WecomTenantClient> {
  const tenant = await deps.tenants.get(corpId);
  if (!tenant) throw new NotFoundError('unknown tenant');
  const secret = await deps.secrets.decrypt(tenant.secretEnc, { tenantId: corpId });
  return deps.wecom.forTenant({ corpId, secret });
}

/** The contact way's full content for a channel at this instant. */
function contactWay(c: Pick<ChannelRecord, 'name' | 'autoAccept' | 'skipVerify' | 'state' | 'staff'>, nowSeconds: number) {
  return { remark: c.name.slice(0, 30), skip_verify: skipVerifyAt(c, nowSeconds), state: c.state, user: c.staff };
}

async function existing(deps: Pick<ChannelDeps, 'channels'>, corpId: string, id: string): Promise<ChannelRecord> {
  const c = await deps.channels.get(corpId, id);
  if (!c) throw new NotFoundError('unknown channel');
  return c;
}

export async function createChannel(deps: ChannelDeps, corpId: string, body: unknown) {
  const input = parseInput(channelCreateSchema, body, 'invalid channel');
  const api = await wecomFor(deps, corpId);
  const now = deps.now();
  const id = newChannelId();
  const draft = {
    ...input,
    autoAccept: input.autoAccept ?? { mode: input.skipVerify ? ('always' as const) : ('never' as const), windows: [] },
    corpId,
    id,
    state: stateOf(id),
  };
  const way = await api.call('externalcontact/add_contact_way', {
    type: draft.staff.length === 1 ? 1 : 2,
    scene: 2,
    ...contactWay(draft, Math.floor(now.getTime() / 1000)),
  });
  const record: ChannelRecord = {
    ...draft,
    configId: way.config_id,
    qrCode: way.qr_code ?? '',
    status: 'active',
    createdAt: now.toISOString(),
    updatedAt: now.toISOString(),
  };
  await deps.channels.put(record);
  return publicChannel(record);
}

export async function updateChannel(deps: ChannelDeps, corpId: string, id: string, body: unknown) {
  const patch = parseInput(channelPatchSchema, body, 'invalid channel');
  const current = await existing(deps, corpId, id);
  if (current.status === 'deleted') throw new NotFoundError('channel was deleted');
  const now = deps.now();
  const next: ChannelRecord = { ...current, ...patch, updatedAt: now.toISOString() };
  const api = await wecomFor(deps, corpId);
  await api.call('externalcontact/update_contact_way', { config_id: next.configId, ...contactWay(next, Math.floor(now.getTime() / 1000)) });
  await deps.channels.put(next);
  return publicChannel(next);
}

export async function deleteChannel(deps: ChannelDeps, corpId: string, id: string) {
  const current = await existing(deps, corpId, id);
  if (current.status === 'deleted') return publicChannel(current);
  const api = await wecomFor(deps, corpId);
  await api.call('externalcontact/del_contact_way', { config_id: current.configId });
  const next: ChannelRecord = { ...current, status: 'deleted', updatedAt: deps.now().toISOString() };
  await deps.channels.put(next);
  return publicChannel(next);
}

export async function getChannel(deps: Pick<ChannelDeps, 'channels'>, corpId: string, id: string) {
  return publicChannel(await existing(deps, corpId, id));
}

export async function listChannels(deps: Pick<ChannelDeps, 'channels'>, corpId: string) {
  return { items: (await deps.channels.list(corpId)).map(publicChannel) };
}
