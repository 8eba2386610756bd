// The contract test: every operation of the OpenAPI document (fetched from the real handler at
// GET /admin/v1/openapi.json) is called once with a valid request through the real admin API handler on
// DynamoDB Local, the SQS emulator and the WeCom simulator, and each answer is checked against the document
// (test/support/openapi-check.ts: declared status and content type, the JSON body against the response
// schema with Ajv; zod's output mode closes objects, so an extra field fails too). An operation without a
// request below fails the test, as does a request for an operation the document lacks.
import { createHash, generateKeyPairSync, randomUUID } from 'node:crypto';
import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { dailyMetrics, emptyCounters } from '../../../shared/domain/metrics';
import { addDays, shanghaiDay } from '../../../shared/events/time';
import { DEMO_DEPARTMENTS, DEMO_STAFF } from '../../../simulator/demo-tenant';
import { apiEvent } from '../../../test/support/api-events';
import { recordContactEvent } from '../../../test/support/contact-events';
import { integrationWorld } from '../../../test/support/integration-world';
import { lambdaContext } from '../../../test/support/lambda-context';
import { responseChecker } from '../../../test/support/openapi-check';
import { testAesKey } from '../../../test/support/tenants';
import { requireTenantApi } from '../../../shared/tenants/tenant-api';
import type { OpenApiDocument } from './document';

const SUPER = `super-${randomUUID()}`;
const corpId = `wwcontract${randomUUID().replace(/-/g, '').slice(0, 8)}`;
const secret = `contract-secret-${randomUUID()}`;
const world = integrationWorld({ simulator: true, queues: 'contract' });
const STAFF = 'lisi';
const CUSTOMER = `wmcontract${randomUUID().slice(0, 8)}`;
const CHAT = `wrcontract${randomUUID().slice(0, 8)}`;
const now = Math.floor(Date.now() / 1000);
const today = shanghaiDay(now);
const yesterday = addDays(today, -1);
const base = `/admin/v1/tenants/${corpId}`;
const SESSION_HASH = createHash('sha256').update(randomUUID()).digest('hex');
/** A broadcast WeCom has accepted (seeded below): remind and cancel act on it. */
const ACCEPTED_BROADCAST = `bcontract${randomUUID().replace(/-/g, '').slice(0, 10)}`;
/** An archive private key (RSA, PEM) for the archive-secrets operations. */
const ARCHIVE_PEM = generateKeyPairSync('rsa', { modulusLength: 1024 }).privateKey.export({ type: 'pkcs1', format: 'pem' }).toString();

let handler: (event: unknown, context: unknown) => Promise<APIGatewayProxyStructuredResultV2>;
let doc: OpenApiDocument;
const ids: Record<string, string> = {};

async function call(method: string, path: string, o: { body?: unknown; query?: Record<string, string> } = {}) {
  const res = await handler(
    apiEvent({
      method,
      path,
      headers: { authorization: `Bearer ${SUPER}`, host: '127.0.0.1:3000' },
      ...(o.query ? { query: o.query } : {}),
      ...(o.body === undefined ? {} : { body: JSON.stringify(o.body) }),
    }),
    lambdaContext('adminApi'),
  );
  return { status: res.statusCode!, type: res.headers?.['content-type'] as string | undefined, text: String(res.body) };
}

beforeAll(async () => {
  await world.start();
  world.sim.state.registerCorp({
    corpId,
    secret,
    staff: DEMO_STAFF,
    departments: DEMO_DEPARTMENTS,
    groupChats: [{ chatId: CHAT, name: '福利群', owner: STAFF, members: [{ userId: STAFF, type: 1, joinTime: now - 900, joinScene: 1 }] }],
  });
  Object.assign(process.env, world.adminEnv(SUPER));
  jest.isolateModules(() => {
    handler = jest.requireActual<{ handler: typeof handler }>('../handler').handler;
  });
  const created = await call('PUT', base, { body: { name: '契约', token: 'ContractTok1', encodingAesKey: testAesKey(), secret, agentId: '1000002' } });
  if (created.status !== 201) throw new Error(`tenant: ${created.status} ${created.text}`);
  doc = JSON.parse((await call('GET', '/admin/v1/openapi.json')).text) as OpenApiDocument;

  // Data the consumers and jobs write (no route creates it): an event and a follow, an audit row, a
  // red-packet ledger row, an archived message, a group, a day of metrics.
  const s = world.stores;
  await recordContactEvent(s, { corpId, change: 'add_external_contact', occurredAt: now - 86_400, userId: STAFF, externalUserId: CUSTOMER });
  await s.customerRecords.touch(corpId, CUSTOMER, now - 86_400);
  world.sim.state.addCustomers(corpId, [{ externalUserId: CUSTOMER, name: '契约客户', follows: [{ userId: STAFF }] }]);
  await s.auditLog.append({
    corpId,
    eventKey: randomUUID(),
    type: 'customer_deleted_staff',
    at: now - 3600,
    staff: STAFF,
    customer: CUSTOMER,
    detail: {},
    alert: false,
  });
  await s.ledger.record({ corpId, day: yesterday, userId: STAFF, direction: 'out', amountFen: 888, count: 1, msgid: randomUUID() });
  await s.archive.put({
    corpId,
    msgid: randomUUID(),
    seq: 1,
    msgtime: (now - 600) * 1000,
    msgtype: 'text',
    action: 'send',
    from: STAFF,
    tolist: [CUSTOMER],
    roomid: '',
    staff: STAFF,
    customer: CUSTOMER,
    text: '你好',
    body: { content: '你好' },
  });
  await s.groups.applySnapshot({
    corpId,
    chatId: CHAT,
    name: '福利群',
    owner: STAFF,
    memberCount: 3,
    status: 'active',
    changedAt: now - 600,
    updatedAt: new Date().toISOString(),
  });
  await s.metrics.replaceDay(
    corpId,
    yesterday,
    [dailyMetrics({ day: yesterday, dimension: 'tenant', counters: { ...emptyCounters(), newCustomers: 1 }, cohorts: {} })],
    {},
  );
  await s.orders.setRfm(corpId, CUSTOMER, 'A', yesterday);
  // A broadcast WeCom accepted (the broadcast job sends them): a group mass message of STAFF's group.
  const api = await requireTenantApi({ tenants: s.tenants, secrets: world.secrets, wecom: world.wecom }, corpId);
  const { msgid } = await api.call('externalcontact/add_msg_template', { chat_type: 'group', sender: STAFF, chat_id_list: [CHAT], text: { content: '契约' } });
  const iso = new Date().toISOString();
  await s.broadcasts.create({
    corpId,
    id: ACCEPTED_BROADCAST,
    target: 'groups',
    filter: { staff: [STAFF] },
    content: { text: '契约' },
    sendAt: now - 600,
    status: 'sent',
    audience: 1,
    sent: 1,
    blockedCount: 0,
    blockedByReason: {},
    blocked: [],
    failedCount: 0,
    failed: [],
    remaining: 0,
    msgids: [msgid],
    batches: [{ sender: STAFF, size: 1, msgid, failed: 0, at: now - 600 }],
    runs: 1,
    delivery: { status: 'accepted', acceptedAt: now - 600, staff: [], recipients: { unsent: 1, sent: 0, notFriend: 0, alreadyReceived: 0 }, reminders: [] },
    createdAt: iso,
    updatedAt: iso,
    version: 1,
  });
  // An operator session (WeCom login opens them; functions/auth).
  const at = new Date().toISOString();
  await s.sessions.put({
    corpId,
    idHash: SESSION_HASH,
    userId: STAFF,
    createdAt: at,
    lastSeenAt: at,
    expiresAt: new Date(Date.now() + 3_600_000).toISOString(),
  });
}, 60_000);

afterAll(() => world.close());

type Param = string | (() => string);
interface Request {
  /** Path parameters (a function: an id saved by an earlier request). */
  params?: Record<string, Param>;
  query?: Record<string, string>;
  /** A function: a body naming an id saved by an earlier request. */
  body?: unknown;
  /** Keeps an id of the answer for later requests. */
  save?: string;
}
const id = (key: string) => () => ids[key]!;
const groupIdNamed = (name: string) => [...world.sim.state.corp(corpId).tagGroups.values()].find((g) => g.groupName === name)!.groupId;
const tagGroupId = () => groupIdNamed('客户等级');

/** One valid request per operation (some more: the CSV form of an export), in the order they run; deletes last. */
const STEPS: Array<[operationId: string, request: Request]> = [
  ['getOpenApiDocument', {}],
  ['putTenant', { body: { name: '契约 2' } }],
  ['getTenant', {}],
  ['postApiKeys', { body: { role: 'auditor', name: 'BI' }, save: 'apiKey' }],
  ['getApiKeys', {}],
  ['putArchiveSecrets', { body: { secret: 'archive-secret', privateKeys: [1, 2].map((version) => ({ version, pem: ARCHIVE_PEM })) } }],
  ['getArchiveSecrets', {}],
  ['getEvents', {}],
  ['postEventsReplay', { body: { from: now - 2 * 86_400, to: now, concerns: ['audit'] } }],
  ['postStaffSync', {}],
  ['getStaff', {}],
  ['postChannels', { body: { name: '门店码', staff: [STAFF] }, save: 'channel' }],
  ['getChannels', {}],
  ['getChannelsById', { params: { id: id('channel') } }],
  ['patchChannelsById', { params: { id: id('channel') }, body: { name: '门店码 2' } }],
  ['putChannelsByIdSpend', { params: { id: id('channel') }, body: { date: today, amount: 100 } }],
  // 获客链接 (acquisition links: channels of kind acquisition_link)
  ['postAcquisitionLinks', { body: { name: '投放链接', staff: [STAFF] }, save: 'link' }],
  ['patchAcquisitionLinksById', { params: { id: id('link') }, body: { name: '投放链接 2' } }],
  ['getAcquisitionLinksQuota', {}],
  ['getAcquisitionLinksByIdStatistics', { params: { id: id('link') } }],
  ['postKeywordRules', { body: { keywords: ['价格'], reply: { text: '请看价格表' } }, save: 'rule' }],
  ['getKeywordRules', {}],
  ['patchKeywordRulesById', { params: { id: id('rule') }, body: { keywords: ['价目表'] } }],
  ['postQuickReplies', { body: { group: '售后', title: '退款', content: '您好' } }],
  ['getQuickReplies', {}],
  ['putSensitiveWords', { body: { words: ['回扣'] } }],
  ['getSensitiveWords', {}],
  ['getArchive', {}],
  ['getRedPacketLedger', { query: { date: yesterday } }],
  ['getRedPacketLedger', { query: { date: yesterday, format: 'csv' } }],
  ['postGroupCodes', { body: { name: '福利群码', chatIds: [CHAT] }, save: 'groupCode' }],
  ['getGroupCodes', {}],
  ['getGroupCodesById', { params: { id: id('groupCode') } }],
  ['patchGroupCodesById', { params: { id: id('groupCode') }, body: { name: '福利群码 2' } }],
  ['postGroupWelcomeTemplates', { body: { name: '欢迎', text: '欢迎入群' }, save: 'template' }],
  ['getGroupWelcomeTemplates', {}],
  ['patchGroupWelcomeTemplatesById', { params: { id: id('template') }, body: { name: '欢迎 2' } }],
  ['getGroups', {}],
  ['getAudit', {}],
  ['getAudit', { query: { format: 'csv' } }],
  ['getCustomers', {}],
  ['getCustomers', { query: { format: 'csv' } }],
  ['getCustomersByExternalUserId', { params: { externalUserId: CUSTOMER } }],
  ['postCustomerFields', { body: { name: '预算', type: 'single', options: ['低', '高'] }, save: 'field' }],
  ['getCustomerFields', {}],
  ['patchCustomerFieldsById', { params: { id: id('field') }, body: { options: ['低', '高', '中'] } }],
  ['getCustomerStages', {}],
  ['putCustomerStages', { body: { stages: ['新客', '意向', '成交', '复购', '流失'] } }],
  ['putCustomersByExternalUserIdFields', { params: { externalUserId: CUSTOMER }, body: () => ({ values: { [ids.field!]: '高' } }) }],
  ['putCustomersByExternalUserIdStage', { params: { externalUserId: CUSTOMER }, body: { stage: '意向', note: '询价' } }],
  ['getCustomers', { query: { stage: '意向' } }],
  ['getMetricsStages', { query: { from: yesterday, to: yesterday } }],
  ['getTags', {}],
  ['postTags', { body: { groupName: '客户等级', name: '重要' }, save: 'tag' }],
  // tag edits (issue #17)
  [
    'patchCustomersByExternalUserIdTags',
    {
      params: { externalUserId: CUSTOMER },
      body: {
        get add() {
          return [ids.tag];
        },
      },
    },
  ],
  ['patchTagsById', { params: { id: id('tag') }, body: { name: '很重要' } }],
  ['patchTagGroupsByGroupId', { params: { groupId: tagGroupId }, body: { name: '客户分级' } }],
  ['postJobsByJobRun', { params: { job: 'sop' }, body: {} }],
  ['getReconcileReports', {}],
  ['postBroadcasts', { body: { target: 'customers', content: { text: '您好' }, sendAt: new Date((now + 86_400) * 1000).toISOString() }, save: 'broadcast' }],
  ['getBroadcastsById', { params: { id: id('broadcast') } }],
  ['getBroadcastsById', { params: { id: id('broadcast') }, query: { format: 'csv' } }],
  ['getBroadcasts', {}],
  ['postBroadcastsByIdRemind', { params: { id: ACCEPTED_BROADCAST } }],
  ['postBroadcastsByIdCancel', { params: { id: ACCEPTED_BROADCAST } }],
  [
    'postSopPlans',
    { body: { name: '新客', trigger: 'added', audience: {}, steps: [{ after: 'PT1H', send: { text: '欢迎' }, via: 'mass_message' }] }, save: 'sop' },
  ],
  ['getSopPlans', {}],
  ['getSopPlansById', { params: { id: id('sop') } }],
  ['patchSopPlansById', { params: { id: id('sop') }, body: { name: '新客 2' } }],
  ['postMoments', { body: { text: '新品上市', senders: [STAFF], sendAt: now + 3600 }, save: 'moment' }],
  ['getMoments', {}],
  ['getMomentsById', { params: { id: id('moment') } }],
  ['getStaffByUseridUnassigned', { params: { userid: STAFF } }],
  ['postTransfers', { body: { kind: 'onjob', from: STAFF, to: 'zhangsan', customers: [CUSTOMER], groups: [] }, save: 'transfer' }],
  ['getTransfers', {}],
  ['getTransfersById', { params: { id: id('transfer') } }],
  // the material library: a small PNG (magic bytes + padding), base64 in the JSON body
  [
    'postMaterials',
    {
      body: {
        kind: 'image',
        filename: 'a.png',
        contentType: 'image/png',
        data: Buffer.concat([Buffer.from('89504e470d0a1a0a', 'hex'), Buffer.alloc(32)]).toString('base64'),
      },
      save: 'material',
    },
  ],
  ['getMaterials', { query: { kind: 'image' } }],
  ['getMaterialsById', { params: { id: id('material') } }],
  ['postOrders', { body: { orders: [{ orderId: `o-${randomUUID().slice(0, 8)}`, externalUserId: CUSTOMER, amount: 100, paidAt: now - 600 }] } }],
  ['getMetricsDaily', { query: { from: yesterday, to: yesterday } }],
  ['getMetricsDaily', { query: { from: yesterday, to: yesterday, format: 'csv' } }],
  ['getMetricsCohorts', { query: { from: yesterday, to: yesterday } }],
  ['getMetricsRfm', {}],
  ['getMetricsRfm', { query: { class: 'A' } }],
  ['getMetricsSettings', {}],
  ['putMetricsSettings', { body: { rfm: { recentDays: 60, frequentOrders: 3, monetaryFen: 50_000 } } }],
  ['postWebhooks', { body: { url: 'http://127.0.0.1:9/hook', events: ['customer.added'], description: '契约' }, save: 'webhook' }],
  ['getWebhooks', {}],
  ['getWebhooksById', { params: { id: id('webhook') } }],
  ['patchWebhooksById', { params: { id: id('webhook') }, body: { enabled: false } }],
  ['postWebhooksByIdRotateSecret', { params: { id: id('webhook') } }],
  ['getWebhooksByIdDeliveries', { params: { id: id('webhook') } }],
  ['patchWebhooksById', { params: { id: id('webhook') }, body: { enabled: true } }],
  [
    'postWebhooksByIdReplay',
    { params: { id: id('webhook') }, body: { from: new Date((now - 3600) * 1000).toISOString(), to: new Date(now * 1000).toISOString() } },
  ],
  ['getOperationLog', {}],
  ['getOperationLog', { query: { format: 'csv' } }],
  ['getOperationLogVerify', {}],
  ['deleteKeywordRulesById', { params: { id: id('rule') } }],
  ['deleteCustomerFieldsById', { params: { id: id('field') } }],
  ['deleteMaterialsById', { params: { id: id('material') } }],
  ['deleteGroupCodesById', { params: { id: id('groupCode') } }],
  ['deleteGroupWelcomeTemplatesById', { params: { id: id('template') } }],
  ['deleteChannelsById', { params: { id: id('channel') } }],
  ['deleteTagsById', { params: { id: id('tag') } }],
  ['postTags', { body: { groupName: '待删组', name: '临时' } }],
  ['deleteTagGroupsByGroupId', { params: { groupId: () => groupIdNamed('待删组') } }],
  ['deleteApiKeysById', { params: { id: id('apiKey') } }],
  ['deleteArchiveSecretsKeysByVersion', { params: { version: '1' } }],
  ['deleteWebhooksById', { params: { id: id('webhook') } }],
  ['getSessions', {}],
  ['deleteSessionsById', { params: { id: SESSION_HASH.slice(0, 16) } }],
  // personal data (issue #17): export, then erase (last: it pseudonymises the customer)
  ['getCustomersByExternalUserIdExport', { params: { externalUserId: CUSTOMER } }],
  ['deleteCustomersByExternalUserIdPersonalData', { params: { externalUserId: CUSTOMER } }],
];

function operations(): Map<string, { method: string; path: string }> {
  const out = new Map<string, { method: string; path: string }>();
  for (const [path, item] of Object.entries(doc.paths as Record<string, Record<string, { operationId: string }>>)) {
    for (const [method, op] of Object.entries(item)) out.set(op.operationId, { method: method.toUpperCase(), path });
  }
  return out;
}

it('has a request for every operation of the document, and none for an operation it lacks', () => {
  const ops = operations();
  const asked = new Set(STEPS.map(([op]) => op));
  expect([...ops.keys()].filter((op) => !asked.has(op))).toEqual([]);
  expect([...asked].filter((op) => !ops.has(op))).toEqual([]);
});

it('answers every operation as the document declares (status, content type, body schema)', async () => {
  const ops = operations();
  const check = responseChecker(doc);
  const problems: string[] = [];
  for (const [operationId, req] of STEPS) {
    const op = ops.get(operationId);
    if (!op) continue;
    const values = Object.fromEntries(Object.entries(req.params ?? {}).map(([k, v]) => [k, typeof v === 'function' ? v() : v]));
    const path = op.path.replace('{corpId}', corpId).replace(/\{(\w+)\}/g, (_m, name: string) => encodeURIComponent(values[name] ?? ''));
    const res = await call(op.method, path, {
      ...(req.query ? { query: req.query } : {}),
      ...(req.body === undefined ? {} : { body: typeof req.body === 'function' ? (req.body as () => unknown)() : req.body }),
    });
    if (res.status >= 300) {
      problems.push(`${operationId}: ${res.status} ${res.text.slice(0, 300)}`);
      continue;
    }
    problems.push(...check(op.method, op.path, res.status, res.type, res.text));
    if (req.save) ids[req.save] = (JSON.parse(res.text) as { id: string }).id;
  }
  expect(problems).toEqual([]);
}, 120_000);
