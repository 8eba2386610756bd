// Every key of the single table, in one place (docs/architecture.md#single-table). Every partition key starts with the
// tenant (`T#<corpId>`), so one tenant's data can never be addressed through another tenant's keys.
// infra/dynamodb.yml declares the same attributes: pk, sk, gsi1pk, gsi1sk, ttl.

export interface Key {
  pk: string;
  sk: string;
}

const CORP_ID = /^[A-Za-z0-9_-]{1,64}$/;

/** Corp ids become part of keys: they are validated before any key is built. */
export function tenantPrefix(corpId: string): string {
  if (!CORP_ID.test(corpId)) throw new Error(`invalid corp id for a key: ${JSON.stringify(corpId)}`);
  return `T#${corpId}`;
}

export const keys = {
  /** Tenant settings and encrypted secrets. */
  tenant: (corpId: string): Key => ({ pk: tenantPrefix(corpId), sk: 'TENANT' }),

  /** An operator session of a tenant (the id's hash only; TTL at its absolute end), and a one-time login token's hash. */
  session: (corpId: string, idHash: string): Key => ({ pk: tenantPrefix(corpId), sk: `SESSION#${idHash}` }),
  loginToken: (corpId: string, tokenHash: string): Key => ({ pk: tenantPrefix(corpId), sk: `LOGINTOKEN#${tokenHash}` }),

  /** An API key of a tenant (hash only). */
  apiKey: (corpId: string, keyId: string): Key => ({ pk: tenantPrefix(corpId), sk: `APIKEY#${keyId}` }),

  /** One event of the event log, addressed by its content key (conditional put = dedupe). */
  event: (corpId: string, eventKey: string): Key => ({ pk: `${tenantPrefix(corpId)}#EV#${eventKey}`, sk: 'EV' }),
  /** GSI1 of events: one partition per tenant and Asia/Shanghai day, sorted by occurrence time. */
  eventsByDay: (corpId: string, day: string) => `${tenantPrefix(corpId)}#EVDAY#${day}`,
  eventsByDaySort: (occurredAt: number, eventKey: string) => `${String(occurredAt).padStart(10, '0')}#${eventKey}`,

  /** A customer ↔ staff follow relationship (projection of change_external_contact). */
  follow: (corpId: string, externalUserId: string, userId: string): Key => ({
    pk: `${tenantPrefix(corpId)}#CUST#${externalUserId}`,
    sk: `FOLLOW#${userId}`,
  }),
  followsOfCustomer: (corpId: string, externalUserId: string) => `${tenantPrefix(corpId)}#CUST#${externalUserId}`,
  /** GSI1 of follows: a staff member's customers. */
  followsOfStaff: (corpId: string, userId: string) => `${tenantPrefix(corpId)}#STAFF#${userId}#FOLLOWS`,

  /** A customer's profile (externalcontact/get), next to their follows; GSI1: the tenant's customers. */
  customer: (corpId: string, externalUserId: string): Key => ({ pk: `${tenantPrefix(corpId)}#CUST#${externalUserId}`, sk: 'PROFILE' }),
  customersOfTenant: (corpId: string) => `${tenantPrefix(corpId)}#CUSTOMERS`,
  /** One timeline item of a customer, by time then the event's content key (a conditional put = once). */
  timeline: (corpId: string, externalUserId: string, at: number, eventKey: string): Key => ({
    pk: `${tenantPrefix(corpId)}#CUST#${externalUserId}`,
    sk: `TL#${String(at).padStart(10, '0')}#${eventKey}`,
  }),
  /** A staff member of a tenant's directory (synced from WeCom; resigned staff stay). */
  staffMember: (corpId: string, userId: string): Key => ({ pk: tenantPrefix(corpId), sk: `STAFF#${userId}` }),
  /** A corp tag of the tenant's tag mirror (get_corp_tag_list; deleted tags stay, marked deleted). */
  corpTag: (corpId: string, tagId: string): Key => ({ pk: `${tenantPrefix(corpId)}#TAGS`, sk: `TAG#${tagId}` }),
  corpTags: (corpId: string) => `${tenantPrefix(corpId)}#TAGS`,

  /** A channel (contact way) of a tenant. */
  channel: (corpId: string, id: string): Key => ({ pk: tenantPrefix(corpId), sk: `CHANNEL#${id}` }),
  /** A channel's adds and deletions of one Asia/Shanghai day: per-staff counters and once-only markers. */
  channelDay: (corpId: string, channelId: string, day: string) => `${tenantPrefix(corpId)}#CHDAY#${channelId}#${day}`,
  channelDayStaff: (userId: string) => `STAFF#${userId}`,
  channelDayAdd: (userId: string, externalUserId: string) => `ADD#${userId}#${externalUserId}`,
  channelDayDeletion: (eventKey: string) => `DEL#${eventKey}`,
  /** A channel's stats: one item per day (`DAY#<day>`); the all-time total is their sum (older versions also kept `TOTAL`). */
  channelStats: (corpId: string, channelId: string) => `${tenantPrefix(corpId)}#CHSTATS#${channelId}`,
  /**
   * GSI1 of channels due for a contact-way review (window edge or midnight restore). The one partition
   * that is not a tenant's: a system schedule index whose items are the tenants' own channel items,
   * each carrying its corp id; every read goes back through keys.channel.
   */
  channelsDue: () => 'SYS#DUE#channel-review',
  /** A named lease of a tenant (e.g. `channel#<id>`), held by one writer until it expires. */
  lease: (corpId: string, name: string): Key => ({ pk: tenantPrefix(corpId), sk: `LEASE#${name}` }),
  channelsDueSort: (reviewAt: number, corpId: string, id: string) => `${String(reviewAt).padStart(10, '0')}#${corpId}#${id}`,

  /** A keyword rule of a tenant, and the tenant's rule-set version (bumped on every rule write). */
  keywordRule: (corpId: string, id: string): Key => ({ pk: tenantPrefix(corpId), sk: `KWRULE#${id}` }),
  keywordRuleSet: (corpId: string): Key => ({ pk: tenantPrefix(corpId), sk: 'KWRULES' }),
  /** The kf/sync_msg cursor of one 微信客服 account, and once-only markers of replies sent per message. */
  kfAccount: (corpId: string, openKfId: string) => `${tenantPrefix(corpId)}#KF#${openKfId}`,

  /** Conversation archive: messages by Shanghai day (time-sorted); GSI1 by customer. */
  archiveDay: (corpId: string, day: string) => `${tenantPrefix(corpId)}#ARCHDAY#${day}`,
  archiveSort: (msgtimeMs: number, msgid: string) => `${String(msgtimeMs).padStart(13, '0')}#${msgid}`,
  archiveOfCustomer: (corpId: string, externalUserId: string) => `${tenantPrefix(corpId)}#ARCHCUST#${externalUserId}`,
  /** The archive puller's cursor (Finance SDK seq) of a tenant. */
  archiveCursor: (corpId: string): Key => ({ pk: tenantPrefix(corpId), sk: 'ARCHIVECURSOR' }),
  /** A tenant's archive secret and private keys (SecretBox ciphertexts); GSI1: the system list of archive tenants. */
  archiveSecrets: (corpId: string): Key => ({ pk: tenantPrefix(corpId), sk: 'ARCHIVESECRETS' }),
  archiveTenants: () => 'SYS#ARCHIVE#tenants',
  /** A customer's consent to archiving (agree/disagree), next to their follows. */
  consent: (corpId: string, externalUserId: string): Key => ({ pk: `${tenantPrefix(corpId)}#CUST#${externalUserId}`, sk: 'CONSENT' }),
  /** Red-packet ledger of a Shanghai day: per-staff totals and once-only markers per message. */
  ledgerDay: (corpId: string, day: string) => `${tenantPrefix(corpId)}#LEDGER#${day}`,
  /** A quick reply (话术) of a tenant. */
  quickReply: (corpId: string, id: string): Key => ({ pk: tenantPrefix(corpId), sk: `QUICKREPLY#${id}` }),
  /** How often a member sent a quick reply from the sidebar: one partition per member. */
  quickReplyUse: (corpId: string, userId: string, id: string): Key => ({ pk: `${tenantPrefix(corpId)}#QRUSE#${userId}`, sk: `QRUSE#${id}` }),
  /** A material of the tenant's library (素材库): metadata only, the original is in S3 (shared/materials). */
  material: (corpId: string, id: string): Key => ({ pk: `${tenantPrefix(corpId)}#MATERIALS`, sk: `MAT#${id}` }),
  materials: (corpId: string) => `${tenantPrefix(corpId)}#MATERIALS`,
  /** The tenant's sensitive words (one item, versioned). */
  sensitiveWords: (corpId: string): Key => ({ pk: tenantPrefix(corpId), sk: 'SENSITIVE' }),

  /** Audit rows of a tenant, time-ordered (append-only; low volume, so one partition per tenant). */
  audit: (corpId: string, at: number, eventKey: string): Key => ({
    pk: `${tenantPrefix(corpId)}#AUDIT`,
    sk: `${String(at).padStart(10, '0')}#${eventKey}`,
  }),
  auditOfTenant: (corpId: string) => `${tenantPrefix(corpId)}#AUDIT`,
  /** The operation log of a tenant: entries (sk `E#<atMs>#<seq>`, shared/oplog/store.ts) and the chain head (sk `HEAD`). */
  operationLog: (corpId: string) => `${tenantPrefix(corpId)}#OPLOG`,

  /** The group registry of a tenant: one item per customer group chat (projection of change_external_chat). */
  groupChat: (corpId: string, chatId: string): Key => ({ pk: `${tenantPrefix(corpId)}#GROUPS`, sk: `CHAT#${chatId}` }),
  groupChats: (corpId: string) => `${tenantPrefix(corpId)}#GROUPS`,
  /** A group code (群活码, join way) of a tenant. */
  groupCode: (corpId: string, id: string): Key => ({ pk: tenantPrefix(corpId), sk: `GROUPCODE#${id}` }),
  /** A group welcome template (入群欢迎语素材) of a tenant. */
  groupWelcomeTemplate: (corpId: string, id: string): Key => ({ pk: tenantPrefix(corpId), sk: `GWTEMPLATE#${id}` }),

  // ── jobs keys ──
  /** A due marker of scheduled work: (tenant, job, id) → dueAt; GSI1 = jobsDue bucket of its Shanghai day. */
  dueMarker: (corpId: string, job: string, id: string): Key => ({ pk: tenantPrefix(corpId), sk: `DUE#${job}#${id}` }),
  /**
   * GSI1 of due markers: one partition per job and Shanghai day of the due time (a system schedule index
   * like channelsDue; every read goes back through keys.dueMarker). A run reads the buckets of the last
   * days up to now, never a scan and never the future.
   */
  jobsDue: (job: string, day: string) => `SYS#DUE#${job}#${day}`,
  jobsDueSort: (dueAt: number, corpId: string, id: string) => `${String(dueAt).padStart(10, '0')}#${corpId}#${id}`,
  // ── outreach keys ──
  /**
   * Quota ledger: the mass messages one recipient (customer external_userid or group chat_id) received in
   * one Shanghai month (`YYYY-MM`): total `n`, per-day counters `dDD`, and the send ids counted (`sends`,
   * a string set: a conditional add makes every count once per (send, recipient)).
   */
  quotaMonth: (corpId: string, recipient: string, month: string): Key => ({ pk: `${tenantPrefix(corpId)}#QUOTA#${recipient}`, sk: `M#${month}` }),
  /** A broadcast (群发) of a tenant: its request, status, batches and blocked recipients. */
  broadcast: (corpId: string, id: string): Key => ({ pk: tenantPrefix(corpId), sk: `BCAST#${id}` }),
  /** A SOP plan of a tenant. */
  sopPlan: (corpId: string, id: string): Key => ({ pk: tenantPrefix(corpId), sk: `SOPPLAN#${id}` }),
  /** A plan's runs (`RUN#<recipient>`, one per enrolled customer) and its outcome counters (`STATS`). */
  sopRuns: (corpId: string, planId: string) => `${tenantPrefix(corpId)}#SOP#${planId}`,
  /** The runs whose step `step` is due at `at` (unix seconds): sk = the run's recipient. */
  sopSlot: (corpId: string, planId: string, step: number, at: number) => `${tenantPrefix(corpId)}#SOPSLOT#${planId}#${step}#${at}`,
  // ── moments keys ──
  /** A moments campaign (客户朋友圈) of a tenant; ids start with the creation time, so a reverse Query is newest first. */
  moment: (corpId: string, id: string): Key => ({ pk: tenantPrefix(corpId), sk: `MOMENT#${id}` }),
  // ── transfer keys ──
  /** An inheritance (离职/在职继承) of a tenant with its per-customer / per-group items; ids are time-ordered (newest first in a reverse Query). */
  transfer: (corpId: string, id: string): Key => ({ pk: tenantPrefix(corpId), sk: `TRANSFER#${id}` }),
  // ── metrics keys ──
  /** An imported order (id unique per tenant); GSI1: the orders paid on a Shanghai day. */
  order: (corpId: string, orderId: string): Key => ({ pk: `${tenantPrefix(corpId)}#ORDER#${orderId}`, sk: 'ORDER' }),
  ordersByDay: (corpId: string, day: string) => `${tenantPrefix(corpId)}#ORDERDAY#${day}`,
  ordersByDaySort: (paidAt: number, orderId: string) => `${String(paidAt).padStart(10, '0')}#${orderId}`,
  /** A customer's order summary next to their follows; GSI1: the customers of an RFM class. */
  customerOrders: (corpId: string, externalUserId: string): Key => ({ pk: `${tenantPrefix(corpId)}#CUST#${externalUserId}`, sk: 'ORDERS' }),
  rfmClass: (corpId: string, cls: string) => `${tenantPrefix(corpId)}#RFM#${cls}`,
  /** A channel's spend of one day (fen). */
  channelSpend: (corpId: string, channelId: string, day: string): Key => ({ pk: `${tenantPrefix(corpId)}#SPEND#${channelId}`, sk: `D#${day}` }),
  /** The daily metrics of a Shanghai day: sk = dimension (`tenant`, `staff#<id>`, `channel#<id>`) or `TOTALS`. */
  metricsDay: (corpId: string, day: string) => `${tenantPrefix(corpId)}#METRICS#${day}`,
  /** Cohort contributions of a dimension: sk = `<cohortDay>#<eventDay>` (one item per pair, overwritten by re-runs). */
  cohorts: (corpId: string, dimension: string) => `${tenantPrefix(corpId)}#COHORT#${dimension}`,
  /** The tenant's metric settings (RFM thresholds). */
  metricSettings: (corpId: string): Key => ({ pk: tenantPrefix(corpId), sk: 'METRICSETTINGS' }),
  /** RFM bookkeeping of a tenant: the day the classes are as of and the thresholds they were computed with. */
  rfmState: (corpId: string): Key => ({ pk: tenantPrefix(corpId), sk: 'RFMSTATE' }),
  /** The earliest day whose rollup is out of date (orders or spend imported for it after it was rolled up). */
  rollupDirty: (corpId: string): Key => ({ pk: tenantPrefix(corpId), sk: 'ROLLUPDIRTY' }),
  // ── customer fields & stages keys (shared/db/customer-field-repository.ts) ──
  /** A custom field definition of a tenant (deleted ones stay, marked deleted). */
  customerField: (corpId: string, id: string): Key => ({ pk: tenantPrefix(corpId), sk: `CFIELD#${id}` }),
  /** The tenant's stage pipeline (absent: the default pipeline). */
  customerStages: (corpId: string): Key => ({ pk: tenantPrefix(corpId), sk: 'CSTAGES' }),
  /** A customer's custom field values and current stage, next to their follows; GSI1: the customers in a stage. */
  customerAttributes: (corpId: string, externalUserId: string): Key => ({ pk: `${tenantPrefix(corpId)}#CUST#${externalUserId}`, sk: 'ATTRS' }),
  customersInStage: (corpId: string, stage: string) => `${tenantPrefix(corpId)}#STAGE#${stage}`,
  /** One stage move of a customer (sk by time); GSI1: the moves of a Shanghai day (stage conversion). */
  stageMove: (corpId: string, externalUserId: string, atMs: number, nonce: string): Key => ({
    pk: `${tenantPrefix(corpId)}#CUST#${externalUserId}`,
    sk: `STAGEH#${String(atMs).padStart(13, '0')}#${nonce}`,
  }),
  stageMovesOfDay: (corpId: string, day: string) => `${tenantPrefix(corpId)}#STAGEDAY#${day}`,
  // ── reconcile keys ──
  /** One reconcile run's report: what it found and repaired; sk sorts by Shanghai day, then run time (ms). */
  reconcileRun: (corpId: string, day: string, ranAtMs: number): Key => ({
    pk: tenantPrefix(corpId),
    sk: `RECONCILE#${day}#${String(ranAtMs).padStart(13, '0')}`,
  }),

  /** Cached WeCom access token for one (corp, secret) pair; `secretId` is a fingerprint, never the secret. */
  accessToken: (corpId: string, secretId: string): Key => ({
    pk: `${tenantPrefix(corpId)}#TOKEN#${secretId}`,
    sk: 'TOKEN',
  }),

  /** Per-tenant, per-API call budget for one minute window. */
  rateWindow: (corpId: string, api: string, minute: number): Key => ({
    pk: `${tenantPrefix(corpId)}#RATE#${api}#${minute}`,
    sk: 'RATE',
  }),
  // ── webhooks ──
  /** A webhook subscription of a tenant (its secret encrypted). */
  webhook: (corpId: string, id: string): Key => ({ pk: tenantPrefix(corpId), sk: `WEBHOOK#${id}` }),
  /** A recorded webhook event, by time (replay reads a window); TTL 30 days. */
  webhookEvents: (corpId: string) => `${tenantPrefix(corpId)}#WHEV`,
  webhookEvent: (corpId: string, occurredAt: number, id: string): Key => ({
    pk: `${tenantPrefix(corpId)}#WHEV`,
    sk: `${String(occurredAt).padStart(13, '0')}#${id}`,
  }),
  /** A delivery of a subscription; ids start with the creation time, so the partition reads newest first; TTL 30 days. */
  webhookDelivery: (corpId: string, subscriptionId: string, id: string): Key => ({ pk: `${tenantPrefix(corpId)}#WH#${subscriptionId}`, sk: `DLV#${id}` }),
} as const;

/** The attributes every item carries besides its record: keys, entity, version, tenant. */
const ITEM_ATTRIBUTES = new Set(['pk', 'sk', 'gsi1pk', 'gsi1sk', 'entity', 'v', 'tenantId', 'ttl']);

/** A stored item without its key and bookkeeping attributes. */
export function recordOf<T>(item: Record<string, unknown>): T {
  return Object.fromEntries(Object.entries(item).filter(([k]) => !ITEM_ATTRIBUTES.has(k))) as T;
}

/** Named access patterns, mirrored by infra/dynamodb.yml (GSI1). */
export const accessPatterns = [
  'tenant by corp id: GetItem keys.tenant',
  'materials of a tenant: Query pk = keys.materials, sk begins_with MAT# (id order, paged); one: GetItem keys.material',
  'api key by id: GetItem keys.apiKey',
  'sessions of a tenant: GetItem / PutItem / UpdateItem / DeleteItem keys.session; list: Query pk = tenant, sk begins_with SESSION#; login token: PutItem, DeleteItem ALL_OLD keys.loginToken',
  'event by content key: GetItem / conditional PutItem keys.event',
  'events of a tenant and day, by time: Query GSI1 eventsByDay between eventsByDaySort bounds',
  'follows of a customer: Query pk = followsOfCustomer, sk begins_with FOLLOW#',
  'customers of a staff member: Query GSI1 followsOfStaff',
  'channels of a tenant: Query pk = tenant, sk begins_with CHANNEL#',
  'adds/deletions of a channel and day: Query pk = channelDay, sk begins_with STAFF#; once-only markers by conditional put',
  'stats of a channel: Query pk = channelStats, sk between DAY# bounds; total: Query sk begins_with DAY# (summed)',
  'channels due for review: Query GSI1 channelsDue, gsi1sk <= now',
  'lease of (tenant, name): conditional UpdateItem / DeleteItem keys.lease',
  'keyword rules of a tenant: Query pk = tenant, sk begins_with KWRULE#; version: GetItem keys.keywordRuleSet',
  "archive of a day, by time: Query pk = archiveDay, sk between archiveSort bounds; of a customer: Query GSI1 archiveOfCustomer; a message's keyword actions: GetItem / conditional UpdateItem (ADD actionsDone) on its item",
  'consent of a customer: GetItem / conditional UpdateItem keys.consent',
  'ledger of a day: Query pk = ledgerDay, sk begins_with STAFF#; markers: conditional PutItem sk MSG#<msgid>',
  'sensitive words of a tenant: GetItem / UpdateItem keys.sensitiveWords',
  'archive secrets of a tenant: GetItem / PutItem keys.archiveSecrets; tenants with archive secrets (the puller): Query GSI1 archiveTenants',
  'quick replies of a tenant: Query pk = tenant, sk begins_with QUICKREPLY#',
  'kf cursor of an account: GetItem pk = kfAccount, sk CURSOR; reply markers: conditional PutItem sk REPLY#<msgid>',
  'audit rows of a tenant by time: Query pk = auditOfTenant, sk between time bounds',
  'operation log of a tenant: TransactWrite (Put entry if absent + Put HEAD conditioned on the previous seq); newest first: Query pk = operationLog, sk between E# time bounds (ScanIndexForward false); chain order: Query ascending',
  'access token of (corp, secret): GetItem / conditional UpdateItem keys.accessToken',
  'api budget of (corp, api, minute): conditional UpdateItem keys.rateWindow',
  'customer profile: GetItem / UpdateItem keys.customer; customers of a tenant: Query GSI1 customersOfTenant',
  'timeline of a customer: Query pk = followsOfCustomer, sk begins_with TL# (newest first); items by conditional PutItem keys.timeline',
  'staff of a tenant: Query pk = tenant, sk begins_with STAFF#; one: GetItem / conditional UpdateItem keys.staffMember',
  'corp tags of a tenant: Query pk = corpTags, sk begins_with TAG#; one: conditional UpdateItem keys.corpTag',
  'groups of a tenant: Query pk = groupChats, sk begins_with CHAT#; one: GetItem / conditional PutItem (changedAt) / UpdateItem keys.groupChat',
  'group codes of a tenant: Query pk = tenant, sk begins_with GROUPCODE#; one: GetItem / PutItem keys.groupCode',
  'group welcome templates of a tenant: Query pk = tenant, sk begins_with GWTEMPLATE#; one: GetItem / PutItem keys.groupWelcomeTemplate',
  // ── jobs patterns ──
  'due markers of a job: Query GSI1 jobsDue(job, day) for the last DUE_LOOKBACK_DAYS days, gsi1sk <= now; one: GetItem / conditional Put/Update/Delete keys.dueMarker',
  // ── outreach patterns ──
  'quota ledger of recipients: BatchGetItem keys.quotaMonth (month of the day, and of the ISO week start); count once: conditional UpdateItem (NOT contains(sends, sendId) AND n < cap)',
  'broadcasts of a tenant: GetItem / conditional PutItem / UpdateItem keys.broadcast (status-guarded); newest first: Query pk = tenant, sk begins_with BCAST# (ScanIndexForward false; ids start with the creation time)',
  'SOP plans of a tenant: Query pk = tenant, sk begins_with SOPPLAN#; one: GetItem / PutItem keys.sopPlan',
  'runs of a SOP plan: Query pk = sopRuns, sk begins_with RUN#; one: conditional PutItem (enrol once) / UpdateItem (step-guarded); counters: UpdateItem sk STATS',
  'runs due in a SOP slot: Query pk = sopSlot(plan, step, at); membership by PutItem',
  // ── moments patterns ──
  'moments campaigns of a tenant, newest first: Query pk = tenant, sk begins_with MOMENT# (ScanIndexForward false); one: GetItem / conditional PutItem keys.moment (version- and status-guarded)',
  // ── metrics patterns ──
  'orders: conditional PutItem keys.order (once per orderId) in a transaction with the customer summary (version-guarded, holding the customer’s orders); orders of a day: Query GSI1 ordersByDay',
  'customer order summaries: BatchGetItem keys.customerOrders; RFM class: conditional UpdateItem (rfmAsOf <= day); a class: Query GSI1 rfmClass (Select COUNT for counts)',
  'channel spend: PutItem / GetItem keys.channelSpend',
  'daily metrics: BatchWriteItem pk = metricsDay(day); read: Query pk = metricsDay(day), sk begins_with dimension kind; running totals: GetItem sk TOTALS',
  // ── webhook patterns ──
  'webhook subscriptions of a tenant: Query pk = tenant, sk begins_with WEBHOOK#; one: GetItem / PutItem / DeleteItem keys.webhook',
  'webhook events of a window: Query pk = webhookEvents, sk between time bounds; once: conditional PutItem keys.webhookEvent (event id = its time + id)',
  'deliveries of a subscription, newest first: Query pk = webhookDelivery(sub), sk begins_with DLV# (ScanIndexForward false); one: conditional PutItem / PutItem / GetItem',
  'cohort contributions: BatchWriteItem pk = cohorts(dimension), sk = cohortDay#eventDay; read: Query sk BETWEEN from# AND to#~',
  'metric settings: GetItem / PutItem keys.metricSettings',
  // ── customer fields & stages patterns ──
  'custom field definitions of a tenant: Query pk = tenant, sk begins_with CFIELD#; one: GetItem / PutItem keys.customerField; pipeline: GetItem / PutItem keys.customerStages',
  "a customer's values and stage: GetItem / conditional PutItem keys.customerAttributes (version-guarded); customers in a stage: Query GSI1 customersInStage (Select COUNT for counts)",
  "stage moves: TransactWrite (attributes conditioned on the stage moved from + Put keys.stageMove); a customer's history: Query pk = followsOfCustomer, sk begins_with STAGEH#; moves of a day: Query GSI1 stageMovesOfDay",
  // ── reconcile patterns ──
  'reconcile reports of a tenant: PutItem keys.reconcileRun; newest first: Query pk = tenant, sk begins_with RECONCILE# (ScanIndexForward false)',
] as const;
