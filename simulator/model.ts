// The simulator's own vocabulary: corps and their seed data, configuration, injected faults and recorded
// calls. Control-API bodies are validated with these schemas; the types are derived from them.
import * as z from 'zod';

export const simStaffSchema = z.object({
  userId: z.string().min(1).max(64),
  name: z.string().min(1).max(64),
  department: z.array(z.int()).default([1]),
  position: z.string().max(128).optional(),
  /** 1 active, 2 disabled, 4 not activated, 5 quit (WeCom's user status). */
  status: z.union([z.literal(1), z.literal(2), z.literal(4), z.literal(5)]).default(1),
});
export type SimStaff = z.input<typeof simStaffSchema>;

export const simDepartmentSchema = z.object({
  id: z.int().min(1),
  name: z.string().min(1).max(64),
  parentId: z.int().min(0).default(0),
  order: z.int().min(0).default(0),
});
export type SimDepartment = z.input<typeof simDepartmentSchema>;

export const simFollowSchema = z.object({
  userId: z.string().min(1).max(64),
  remark: z.string().max(64).default(''),
  description: z.string().max(256).default(''),
  state: z.string().max(64).optional(),
  /** Corp tag ids. */
  tags: z.array(z.string()).default([]),
  /** Unix seconds; defaults to "now" of the simulator clock. */
  createTime: z.int().optional(),
  /** WeCom's add_way (1 = scanned a QR code). */
  addWay: z.int().default(1),
  operUserId: z.string().optional(),
  remarkMobiles: z.array(z.string()).default([]),
});
export type SimFollow = z.input<typeof simFollowSchema>;

export const simCustomerSchema = z.object({
  externalUserId: z.string().min(1).max(64),
  name: z.string().min(1).max(64),
  /** 1 WeChat user, 2 WeCom user. */
  type: z.union([z.literal(1), z.literal(2)]).default(1),
  gender: z.union([z.literal(0), z.literal(1), z.literal(2)]).default(0),
  unionid: z.string().optional(),
  avatar: z.string().optional(),
  corpName: z.string().optional(),
  follows: z.array(simFollowSchema).default([]),
});
export type SimCustomer = z.input<typeof simCustomerSchema>;

export const simGroupMemberSchema = z.object({
  userId: z.string().min(1).max(64),
  /** 1 corp member, 2 external contact. */
  type: z.union([z.literal(1), z.literal(2)]),
  joinTime: z.int().optional(),
  /** 1 direct invite, 2 invite link, 3 QR scan. */
  joinScene: z.int().default(1),
  invitor: z.string().optional(),
  groupNickname: z.string().default(''),
  name: z.string().default(''),
  unionid: z.string().optional(),
});

export const simGroupChatSchema = z.object({
  chatId: z.string().min(1).max(64),
  name: z.string().max(64).default(''),
  owner: z.string().min(1).max(64),
  createTime: z.int().optional(),
  notice: z.string().default(''),
  /** 0 normal, 1 owner resigned, 2 inheritance in progress, 3 inheritance done. */
  status: z.int().min(0).max(3).default(0),
  members: z.array(simGroupMemberSchema).default([]),
  admins: z.array(z.string()).default([]),
});
export type SimGroupChat = z.input<typeof simGroupChatSchema>;

export const simTagGroupSchema = z.object({
  groupId: z.string().min(1),
  groupName: z.string().min(1).max(30),
  order: z.int().min(0).default(0),
  tags: z.array(z.object({ id: z.string().min(1), name: z.string().min(1).max(30), order: z.int().min(0).default(0) })).default([]),
});
export type SimTagGroup = z.input<typeof simTagGroupSchema>;

export const simCorpSchema = z.object({
  corpId: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/),
  secret: z.string().min(1).max(256),
  name: z.string().max(128).optional(),
  agentId: z
    .string()
    .regex(/^\d{1,10}$/)
    .optional(),
  /** Callback keys: not used by the API, kept so that one object describes a test tenant. */
  token: z.string().max(32).optional(),
  encodingAesKey: z.string().optional(),
  staff: z.array(simStaffSchema).default([]),
  departments: z.array(simDepartmentSchema).default([]),
  customers: z.array(simCustomerSchema).default([]),
  groupChats: z.array(simGroupChatSchema).default([]),
  tagGroups: z.array(simTagGroupSchema).default([]),
  /** open_kfid of the WeChat customer-service accounts this app may drive. */
  kfAccounts: z.array(z.string().min(1).max(64)).default([]),
});
export type SimCorp = z.input<typeof simCorpSchema>;
export type SimCorpSeed = z.output<typeof simCorpSchema>;

export const simConfigSchema = z.object({
  /** Lifetime of an access token (WeCom: 7200). */
  tokenTtlSeconds: z.number().positive(),
  /** Calls per corp, per API path, per minute window (WeCom: 10,000); over it → 45009. */
  ratePerMinute: z.int().positive(),
  /** Validity of a welcome code (WeCom: 20 s). */
  welcomeCodeTtlSeconds: z.number().positive(),
  /** Validity of a login/OAuth code for auth/getuserinfo (WeCom: 5 minutes). */
  loginCodeTtlSeconds: z.number().positive(),
  /** Time for an add_moment_task job to go from status 1 (started) to 3 (done). */
  momentTaskSeconds: z.number().min(0),
  /** Members confirm a mass message (every one of its recipients sent) this long after it was created; 0 = never by themselves. */
  groupMsgConfirmSeconds: z.number().min(0),
  /** Members publish a moment this long after its task was created; 0 = never by themselves. */
  momentPublishSeconds: z.number().min(0),
  /** Validity of the Token of a kf_msg_or_event callback (WeCom: 10 minutes). */
  kfTokenTtlSeconds: z.number().positive(),
  /** Time until a started customer transfer is taken over (WeCom: 24 h, wecom-frontier.md §7). */
  transferTakeoverSeconds: z.number().min(0),
  /** Artificial latency of every API call. */
  latencyMs: z.number().min(0),
  /** Concurrent in-flight calls per corp before 45033; 0 = unlimited. */
  maxConcurrentPerCorp: z.int().min(0),
  /** Recorded calls kept (oldest dropped first). */
  maxRecordedCalls: z.int().positive(),
});
export type SimConfig = z.infer<typeof simConfigSchema>;

export const DEFAULT_CONFIG: SimConfig = {
  tokenTtlSeconds: 7200,
  ratePerMinute: 10_000,
  welcomeCodeTtlSeconds: 20,
  loginCodeTtlSeconds: 300,
  momentTaskSeconds: 5,
  groupMsgConfirmSeconds: 0,
  momentPublishSeconds: 0,
  kfTokenTtlSeconds: 600,
  transferTakeoverSeconds: 86_400,
  latencyMs: 0,
  maxConcurrentPerCorp: 0,
  maxRecordedCalls: 10_000,
};

export const simFaultSchema = z.object({
  /** API path, with or without the /cgi-bin/ prefix (e.g. `externalcontact/send_welcome_msg`). */
  path: z.string().min(1),
  errcode: z.int(),
  errmsg: z.string().optional(),
  /** How many of the next matching calls answer this errcode. */
  times: z.int().positive().default(1),
  /** Only calls of this corp (any corp when absent). */
  corpId: z.string().optional(),
});
export type SimFault = z.input<typeof simFaultSchema>;

export interface RecordedCall {
  /** Epoch milliseconds (simulator clock). */
  at: number;
  method: string;
  path: string;
  corpId: string | null;
  /** Query parameters; access_token and corpsecret are replaced by '***'. */
  query: Record<string, string>;
  body: unknown;
  errcode: number;
}

export interface SentWelcome {
  at: number;
  corpId: string;
  userId: string;
  externalUserId: string;
  welcomeCode: string;
  text?: unknown;
  attachments: unknown[];
}

export interface SentAppMessage {
  at: number;
  corpId: string;
  msgid: string;
  agentId: number;
  msgtype: string;
  /** Recipients the message reached (after resolving parties and dropping over-limit recipients). */
  recipients: string[];
  /** Recipients beyond WeCom's 30 messages per member per minute: silently not delivered. */
  dropped: string[];
  body: unknown;
}

export interface SentKfMessage {
  at: number;
  corpId: string;
  msgid: string;
  openKfId: string;
  externalUserId: string | null;
  /** `send_msg` or `send_msg_on_event` */
  via: 'send_msg' | 'send_msg_on_event';
  code?: string;
  body: unknown;
}

// ---- control-API bodies -------------------------------------------------------------------------

export const welcomeCodeRequestSchema = z.object({
  corpId: z.string().min(1),
  userId: z.string().min(1),
  externalUserId: z.string().min(1),
  /** Channel state; when given, the customer/follow is created with it if it does not exist yet. */
  state: z.string().max(64).optional(),
  /** Create the customer and follow relationship if missing (default true). */
  ensureFollow: z.boolean().default(true),
});

/** A login code as if the member (userid) or a non-member (openid) had scanned or authorized. */
export const loginCodeRequestSchema = z
  .object({
    corpId: z.string().min(1),
    userid: z.string().min(1).max(64).optional(),
    openid: z
      .string()
      .regex(/^[A-Za-z0-9_-]{1,64}$/)
      .optional(),
  })
  .refine((r) => (r.userid === undefined) !== (r.openid === undefined), { message: 'exactly one of userid and openid' });

export const customersRequestSchema = z.object({
  corpId: z.string().min(1),
  customers: z.array(simCustomerSchema).min(1),
});

export const kfMessagesRequestSchema = z.object({
  corpId: z.string().min(1),
  openKfId: z.string().min(1),
  /** Messages in sync_msg's own shape (msgid, send_time, origin default). */
  messages: z
    .array(
      z.looseObject({
        msgtype: z.string().min(1),
        msgid: z.string().optional(),
        external_userid: z.string().optional(),
        send_time: z.int().optional(),
        origin: z.int().optional(),
      }),
    )
    .min(1),
});

export const expireTokensRequestSchema = z.object({
  corpId: z.string().optional(),
  /** `expire`: calls answer 42001 (default). `revoke`: the tokens are forgotten, calls answer 40014. */
  mode: z.enum(['expire', 'revoke']).default('expire'),
});

export const faultsRequestSchema = z.union([simFaultSchema, z.object({ faults: z.array(simFaultSchema), replace: z.boolean().default(false) })]);
