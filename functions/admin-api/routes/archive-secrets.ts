// Routes of a tenant's chat-archive secrets (会话内容存档 secret and RSA private keys per publickey_ver):
// set (write-only), read versions and fingerprints, delete one key version. Admins only.
import {
  archiveSecretsInput,
  deleteArchiveKey,
  keyVersionParams,
  putArchiveSecrets,
  readArchiveSecrets,
  type ArchiveSecretsDeps,
} from '../../../shared/archive/archive-secrets';
import { archiveSecretsView } from '../../../shared/archive/archive-secrets.view';
import { msg } from '../../../shared/i18n/messages';
import { json, route } from '../route';

/** The operation log compares the view (versions and fingerprints; the secret only as set or not). */
const audit = { read: (d: ArchiveSecretsDeps, corpId: string) => readArchiveSecrets(d, corpId).catch(() => undefined) };

export const archiveSecretRoutes = {
  put: route({
    method: 'PUT',
    path: '/admin/v1/tenants/{corpId}/archive-secrets',
    permission: 'archivesecrets:write',
    scope: 'tenant',
    body: archiveSecretsInput,
    invalid: { body: msg('invalid_archive_secrets') },
    response: archiveSecretsView,
    audit,
    run: async (d: ArchiveSecretsDeps, c) => json(await putArchiveSecrets(d, c.corpId, c.body)),
  }),
  get: route({
    method: 'GET',
    path: '/admin/v1/tenants/{corpId}/archive-secrets',
    permission: 'archivesecrets:read',
    scope: 'tenant',
    response: archiveSecretsView,
    run: async (d: ArchiveSecretsDeps, c) => json(await readArchiveSecrets(d, c.corpId)),
  }),
  deleteKey: route({
    method: 'DELETE',
    path: '/admin/v1/tenants/{corpId}/archive-secrets/keys/{version}',
    permission: 'archivesecrets:write',
    scope: 'tenant',
    params: keyVersionParams,
    response: archiveSecretsView,
    audit,
    run: async (d: ArchiveSecretsDeps, c) => json(await deleteArchiveKey(d, c.corpId, c.params.version)),
  }),
};
