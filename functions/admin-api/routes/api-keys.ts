// Routes of a tenant's API keys: create (the key is shown once), list, revoke.
import { apiKeyBody, createApiKey, listApiKeys, revokeApiKey, type CreateApiKeyDeps } from '../create-api-key';
import { apiKeysList, apiKeyView, createdApiKey } from '../create-api-key.view';
import { created, idParams, json, route } from '../route';
import { msg } from '../../../shared/i18n/messages';

export const apiKeyRoutes = {
  create: route({
    method: 'POST',
    path: '/admin/v1/tenants/{corpId}/api-keys',
    permission: 'apikey:create',
    scope: 'tenant',
    body: apiKeyBody,
    invalid: { body: msg('invalid_api_key_request') },
    response: createdApiKey,
    run: async (d: CreateApiKeyDeps, c) => created(await createApiKey(d, c.corpId, c.body)),
  }),
  list: route({
    method: 'GET',
    path: '/admin/v1/tenants/{corpId}/api-keys',
    permission: 'apikey:read',
    scope: 'tenant',
    response: apiKeysList,
    run: async (d: CreateApiKeyDeps, c) => json(await listApiKeys(d, c.corpId)),
  }),
  revoke: route({
    method: 'DELETE',
    path: '/admin/v1/tenants/{corpId}/api-keys/{id}',
    permission: 'apikey:revoke',
    scope: 'tenant',
    params: idParams,
    response: apiKeyView,
    run: async (d: CreateApiKeyDeps, c) => json(await revokeApiKey(d, c.corpId, c.params.id)),
  }),
};
