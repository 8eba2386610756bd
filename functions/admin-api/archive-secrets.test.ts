// The archive secrets through the admin API on fakes: PUT stores the secret and RSA keys encrypted (tenant
// context) and answers versions and fingerprints only; a PEM that is not an RSA private key is a 400 that
// changes nothing; a later PUT adds a version and keeps the others; DELETE removes one version (unknown: 404);
// managers and staff are refused; the operation log never holds a key; the puller's view decrypts them.
import { generateKeyPairSync, createHash } from 'node:crypto';
import { newApiKey, sha256Hex, type ApiKeyRecord } from '../../shared/auth/api-key';
import { openArchiveSecrets } from '../../shared/archive/archive-secrets';
import { adminCall, adminFakes, type AdminFakes } from '../../test/support/fakes/admin';

const rsa = (bits = 1024) => generateKeyPairSync('rsa', { modulusLength: bits });
const pemOf = (k: ReturnType<typeof rsa>) => k.privateKey.export({ type: 'pkcs1', format: 'pem' }).toString();
const fingerprintOf = (k: ReturnType<typeof rsa>) =>
  `sha256:${createHash('sha256')
    .update(k.publicKey.export({ type: 'spki', format: 'der' }))
    .digest('hex')}`;

async function keyOf(f: AdminFakes, role: ApiKeyRecord['role'], userId?: string) {
  const k = newApiKey(f.corpId);
  await f.apiKeys.put({ corpId: f.corpId, keyId: k.keyId, secretHash: sha256Hex(k.secret), role, userId, createdAt: '2026-11-01T00:00:00.000Z' });
  return k.key;
}

async function world() {
  const f = await adminFakes();
  return { f, call: adminCall(f), admin: await keyOf(f, 'admin', 'zhangsan') };
}

describe('archive secrets', () => {
  it('stores the secret and keys encrypted and shows only versions and fingerprints', async () => {
    const { f, call, admin } = await world();
    const k1 = rsa();
    const put = await call('PUT', '/archive-secrets', { key: admin, body: { secret: 'archive-secret-1', privateKeys: [{ version: 1, pem: pemOf(k1) }] } });
    expect(put.status).toBe(200);
    expect(put.body).toMatchObject({ corpId: f.corpId, secret: '***', keys: [{ version: 1, fingerprint: fingerprintOf(k1), bits: 1024 }] });
    const got = await call('GET', '/archive-secrets', { key: admin });
    expect(got.body).toEqual(put.body);
    const stored = JSON.stringify(await f.archiveSecrets.get(f.corpId));
    expect(stored).not.toContain('archive-secret-1');
    expect(stored).not.toContain('PRIVATE KEY');
    const opened = await openArchiveSecrets(f, f.corpId);
    expect(opened?.secret).toBe('archive-secret-1');
    expect(opened?.keys.get(1)).toBe(pemOf(k1));
  });

  it('refuses a PEM that is not an RSA private key with a 400 and changes nothing', async () => {
    const { f, call, admin } = await world();
    const ec = generateKeyPairSync('ec', { namedCurve: 'prime256v1' }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    const pub = rsa().publicKey.export({ type: 'spki', format: 'pem' }).toString();
    for (const pem of [ec, pub, 'not a key']) {
      const r = await call('PUT', '/archive-secrets', { key: admin, body: { secret: 's', privateKeys: [{ version: 1, pem }] } });
      expect(r.status).toBe(400);
      expect(r.body.error).toMatchObject({ code: 'validation_failed', message: expect.stringContaining('RSA') });
      expect(r.body.error.details[0].field).toBe('privateKeys.0.pem');
    }
    expect(await f.archiveSecrets.get(f.corpId)).toBeUndefined();
    expect((await call('PUT', '/archive-secrets', { key: admin, body: {} })).status).toBe(400);
  });

  it('adds a version, keeps the others and the secret, deletes one version', async () => {
    const { f, call, admin } = await world();
    const [k1, k2] = [rsa(), rsa()];
    await call('PUT', '/archive-secrets', { key: admin, body: { secret: 's1', privateKeys: [{ version: 1, pem: pemOf(k1) }] } });
    const two = await call('PUT', '/archive-secrets', { key: admin, body: { privateKeys: [{ version: 2, pem: pemOf(k2) }] } });
    expect(two.body.keys.map((k: { version: number }) => k.version)).toEqual([2, 1]);
    expect((await openArchiveSecrets(f, f.corpId))?.secret).toBe('s1');
    const del = await call('DELETE', '/archive-secrets/keys/1', { key: admin });
    expect(del.status).toBe(200);
    expect(del.body.keys).toEqual([expect.objectContaining({ version: 2, fingerprint: fingerprintOf(k2) })]);
    expect((await call('DELETE', '/archive-secrets/keys/1', { key: admin })).status).toBe(404);
    expect((await call('DELETE', '/archive-secrets/keys/x', { key: admin })).status).toBe(400);
  });

  it('is for admins only, and the operation log holds no key', async () => {
    const { f, call, admin } = await world();
    const manager = await keyOf(f, 'manager', 'lisi');
    const pem = pemOf(rsa());
    expect((await call('PUT', '/archive-secrets', { key: manager, body: { secret: 's' } })).status).toBe(403);
    expect((await call('GET', '/archive-secrets', { key: manager })).status).toBe(403);
    await call('PUT', '/archive-secrets', { key: admin, body: { secret: 'very-secret', privateKeys: [{ version: 3, pem }] } });
    const log = JSON.stringify(f.operationLog.of(f.corpId));
    expect(f.operationLog.of(f.corpId)).toHaveLength(1);
    expect(log).not.toContain('very-secret');
    expect(log).not.toContain('PRIVATE KEY');
  });

  it('answers 404 for an unknown tenant', async () => {
    const { call } = await world();
    expect((await call('GET', '/archive-secrets', { corpId: 'wwnobody' })).status).toBe(404);
  });
});
