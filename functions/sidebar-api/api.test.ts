// The sidebar API's gate and route table with fakes: who may ask for signatures, bad input, and that a
// refusal fetches no ticket.
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { newApiKey, sha256Hex, type Role } from '../../shared/auth/api-key';
import { toHttpError } from '../../shared/http/error-handler';
import type { SecretBox } from '../../shared/secrets/secret-box';
import type { TenantRecord } from '../../shared/tenants/tenant';
import { jssdkSignature } from '../../shared/wecom/jssdk-signature';
import { trustedDomainOf } from '../../shared/wecom/trusted-domain';
import { InMemoryApiKeyStore } from '../../test/support/fakes/auth';
import { manualClock } from '../../test/support/clock';
import { makeSidebarApi, type SidebarApiDeps } from './api';
import { InMemorySessionStore } from '../../test/support/fakes/sessions';

const CORP = 'wwsidebar0001';
const plainBox: SecretBox = { encrypt: async (p) => p, decrypt: async (c) => c };
const at = new Date(0).toISOString();
const tenant: TenantRecord = {
  corpId: CORP,
  name: 'x',
  agentId: '1000002',
  notify: [],
  tokenEnc: 't',
  encodingAesKeyEnc: 'k',
  secretEnc: 'sec',
  createdAt: at,
  updatedAt: at,
};

async function setup(o: { agentId?: string } = {}) {
  const apiKeys = new InMemoryApiKeyStore();
  const fetched: string[] = [];
  const keyOf = async (role: Exclude<Role, 'superadmin'>) => {
    const k = newApiKey(CORP);
    await apiKeys.put({ corpId: CORP, keyId: k.keyId, secretHash: sha256Hex(k.secret), role, userId: 'zhangsan', createdAt: at });
    return k.key;
  };
  const api = makeSidebarApi({
    sessions: new InMemorySessionStore(),
    sessionKey: undefined,
    staffRegistry: { get: async () => undefined },
    apiKeys,
    superAdminKeyHash: sha256Hex('super-secret-key'),
    clock: manualClock(1414587457_000),
    secrets: plainBox,
    tenants: { get: async (c: string) => (c === CORP ? { ...tenant, agentId: o.agentId ?? tenant.agentId } : undefined), put: async () => {} },
    tickets: {
      corpTicket: async () => (fetched.push('corp'), 'CORP-TICKET'),
      agentTicket: async () => (fetched.push('agent'), 'AGENT-TICKET'),
    },
    trustedDomain: trustedDomainOf('https://scrm.example.com'),
  } as unknown as SidebarApiDeps);
  const call = async (query: Record<string, string>, authorization?: string, method = 'GET', rawPath = '/sidebar/v1/jssdk') => {
    const event = {
      rawPath,
      requestContext: { http: { method } },
      headers: authorization ? { authorization: `Bearer ${authorization}` } : {},
      queryStringParameters: query,
    } as unknown as APIGatewayProxyEventV2;
    try {
      const r = await api(event);
      return { status: r.statusCode ?? 0, body: JSON.parse(String(r.body)) as Record<string, unknown> };
    } catch (e) {
      const r = toHttpError(e);
      return { status: r.statusCode ?? 0, body: JSON.parse(String(r.body)) as Record<string, unknown> };
    }
  };
  return { call, keyOf, fetched };
}

describe('GET /sidebar/v1/jssdk', () => {
  it('signs the page URL with both tickets for a staff key', async () => {
    const { call, keyOf } = await setup();
    const url = 'https://sidebar.scrm.example.com/sidebar/?x=1#/c';
    const r = await call({ url }, await keyOf('staff'));
    expect(r.status).toBe(200);
    const body = r.body as {
      corpId: string;
      agentId: string;
      config: { timestamp: number; nonceStr: string; signature: string };
      agentConfig: typeof body.config;
    };
    expect(body).toMatchObject({ corpId: CORP, agentId: '1000002', config: { timestamp: 1414587457 } });
    expect(body.config.signature).toBe(jssdkSignature('CORP-TICKET', body.config.nonceStr, 1414587457, url));
    expect(body.agentConfig.signature).toBe(jssdkSignature('AGENT-TICKET', body.agentConfig.nonceStr, 1414587457, url));
  });

  it('refuses without a key (401), an auditor or the super-admin (403), and fetches nothing', async () => {
    const { call, keyOf, fetched } = await setup();
    const url = 'https://scrm.example.com/sidebar/';
    expect((await call({ url })).status).toBe(401);
    expect((await call({ url }, await keyOf('auditor'))).status).toBe(403);
    expect((await call({ url }, 'super-secret-key')).status).toBe(403);
    expect(fetched).toEqual([]);
  });

  it('refuses an untrusted or missing url with 400 and fetches nothing', async () => {
    const { call, keyOf, fetched } = await setup();
    const key = await keyOf('staff');
    for (const url of ['https://evil.example.org/', 'https://scrm.example.com.evil.org/', 'ftp://scrm.example.com/', 'https://u:p@scrm.example.com/']) {
      const r = await call({ url }, key);
      expect(r.status).toBe(400);
      expect(r.body).toMatchObject({ error: { code: 'validation_failed' } });
    }
    expect((await call({}, key)).status).toBe(400);
    expect(fetched).toEqual([]);
  });

  it('a tenant without an agentId is 422; a wrong method 405; an unknown route 404', async () => {
    const { call, keyOf, fetched } = await setup({ agentId: '' });
    expect((await call({ url: 'https://scrm.example.com/' }, await keyOf('staff'))).status).toBe(422);
    expect((await call({ url: 'https://scrm.example.com/' }, await keyOf('staff'), 'POST')).status).toBe(405);
    expect((await call({ url: 'https://scrm.example.com/' }, await keyOf('staff'), 'GET', '/sidebar/v1/nothing')).status).toBe(404);
    expect(fetched).toEqual([]);
  });
});
