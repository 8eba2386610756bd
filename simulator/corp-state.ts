// Everything the simulator knows about one corp, in memory: directory, customers and follows, tags,
// group chats, contact/join ways, templates, tasks, kf accounts, uploaded media, login codes and what was sent.
import {
  simCustomerSchema,
  simGroupChatSchema,
  simGroupMemberSchema,
  type SentAppMessage,
  type SentKfMessage,
  type SentWelcome,
  type SimCorpSeed,
  type SimCustomer,
  type SimGroupChat,
} from './model';
import { randomId, seconds } from './args';

export interface Staff {
  userId: string;
  name: string;
  department: number[];
  position: string;
  status: number;
}
export interface Department {
  id: number;
  name: string;
  parentId: number;
  order: number;
}
export interface Customer {
  externalUserId: string;
  name: string;
  type: number;
  gender: number;
  unionid?: string | undefined;
  avatar: string;
  corpName?: string | undefined;
}
export interface Follow {
  userId: string;
  externalUserId: string;
  remark: string;
  description: string;
  createTime: number;
  tags: Set<string>;
  state?: string | undefined;
  addWay: number;
  operUserId: string;
  remarkMobiles: string[];
  remarkCorpName: string;
}
export interface Tag {
  id: string;
  name: string;
  createTime: number;
  order: number;
}
export interface TagGroup {
  groupId: string;
  groupName: string;
  createTime: number;
  order: number;
  tags: Map<string, Tag>;
}
export interface GroupMember {
  userid: string;
  type: number;
  join_time: number;
  join_scene: number;
  invitor?: { userid: string };
  group_nickname: string;
  name: string;
  unionid?: string;
}
export interface GroupChat {
  chatId: string;
  name: string;
  owner: string;
  createTime: number;
  notice: string;
  status: number;
  members: GroupMember[];
  admins: string[];
  memberVersion: string;
  /** Dismissed by its owner: groupchat/get and join ways no longer know it (40050). */
  dismissed?: boolean;
}
export interface WelcomeCode {
  code: string;
  userId: string;
  externalUserId: string;
  issuedAt: number;
  usedAt?: number;
}
export interface MsgTemplate {
  msgid: string;
  chatType: 'single' | 'group';
  createdAt: number;
  body: Record<string, unknown>;
  sendList: Array<{ external_userid?: string; chat_id?: string; userid: string; status: number; send_time?: number }>;
  /** Members who confirmed the task in the client (userid → epoch ms): get_groupmsg_task status 2. */
  confirmed?: Record<string, number>;
  /** cancel_groupmsg_send: nothing more is sent after this (epoch ms). */
  cancelledAt?: number;
  /** remind_groupmsg_send calls (epoch ms), for the ≤3 per 24 h limit. */
  reminders?: number[];
}
/** One member's day in get_user_behavior_data. */
export interface BehaviourDay {
  new_apply_cnt?: number;
  new_contact_cnt?: number;
  chat_cnt: number;
  message_cnt: number;
  reply_percentage?: number;
  avg_reply_time?: number;
  negative_feedback_cnt?: number;
}

export interface MomentTask {
  jobid: string;
  createdAt: number;
  momentId: string;
  invalidSenders: string[];
  invalidDepartments: number[];
  invalidTags: string[];
  body: Record<string, unknown>;
  /** Members who published it in the client (userid → epoch ms): get_moment_task publish_status 1. */
  published?: Record<string, number>;
  /** Likes and comments on each member's copy (get_moment_comments), set by `/__sim/moment-published`. */
  interactions?: Record<string, { likes: string[]; comments: string[]; at: number }>;
}
export interface KfMessage extends Record<string, unknown> {
  msgid: string;
  open_kfid: string;
  send_time: number;
  origin: number;
  msgtype: string;
}
export interface KfSession {
  /** Epoch ms of the customer's last message. */
  lastCustomerMsgAt: number;
  /** Messages sent through send_msg since then. */
  sentSince: number;
}
export interface KfAccount {
  openKfId: string;
  messages: KfMessage[];
  msgIds: Set<string>;
  sessions: Map<string, KfSession>;
}
export interface KfEventCode {
  code: string;
  openKfId: string;
  externalUserId: string;
  issuedAt: number;
  ttlMs: number;
  usedAt?: number;
}
export interface Media {
  mediaId: string;
  type: string;
  createdAt: number;
  filename?: string | undefined;
  bytes: number;
  /** media/upload_attachment's attachment_type (1 moments, 2 product albums); absent for media/upload ids. */
  attachmentType?: number | undefined;
}

/** A stable member_version: changes whenever the member list changes. */
function memberVersion(members: GroupMember[]): string {
  let h = 0x811c9dc5;
  for (const m of members) for (const c of `${m.userid}|`) h = Math.imul(h ^ c.charCodeAt(0), 0x01000193) >>> 0;
  return `${h.toString(16).padStart(8, '0')}${members.length.toString(16).padStart(8, '0')}`.repeat(2);
}

export interface GroupMemberChange {
  chatId: string;
  /** userids / external_userids that joined or left (MemChangeList). */
  members: string[];
  lastMemVer: string;
  curMemVer: string;
  memberCount: number;
}

/** Who logs in: a member of the corp, or a WeChat/WeCom user who is not one. */
export type LoginIdentity = { userid: string } | { openid: string };

export interface LoginCode {
  code: string;
  identity: LoginIdentity;
  issuedAt: number;
  usedAt?: number;
}

export class CorpState {
  readonly corpId: string;
  readonly secret: string;
  readonly name: string;
  readonly agentId: number | null;
  readonly staff = new Map<string, Staff>();
  readonly departments = new Map<number, Department>();
  readonly customers = new Map<string, Customer>();
  /** externalUserId → userId → follow */
  readonly follows = new Map<string, Map<string, Follow>>();
  readonly tagGroups = new Map<string, TagGroup>();
  readonly groupChats = new Map<string, GroupChat>();
  readonly contactWays = new Map<string, Record<string, unknown> & { config_id: string; createdAt: number }>();
  readonly joinWays = new Map<string, Record<string, unknown> & { config_id: string }>();
  readonly welcomeTemplates = new Map<string, Record<string, unknown>>();
  readonly msgTemplates = new Map<string, MsgTemplate>();
  readonly momentTasks = new Map<string, MomentTask>();
  /** Behaviour stats set by a test for one member's day (`<userid>|<day start>`); others are derived. */
  readonly behaviour = new Map<string, BehaviourDay | null>();
  readonly welcomeCodes = new Map<string, WelcomeCode>();
  /** Login/OAuth codes issued for this corp's app (single use, loginCodeTtlSeconds). */
  readonly loginCodes = new Map<string, LoginCode>();
  readonly kfAccounts = new Map<string, KfAccount>();
  /** sync_msg tokens handed out with kf callbacks: token → expiry (epoch ms) */
  readonly kfTokens = new Map<string, number>();
  readonly kfCodes = new Map<string, KfEventCode>();
  readonly media = new Map<string, Media>();
  readonly sentWelcomes: SentWelcome[] = [];
  readonly appMessages: SentAppMessage[] = [];
  readonly kfSent: SentKfMessage[] = [];
  /** userId → epoch-minute → app messages received (WeCom drops beyond 30 per minute) */
  readonly appMessageRate = new Map<string, { minute: number; count: number }>();

  constructor(seed: SimCorpSeed, now: number) {
    this.corpId = seed.corpId;
    this.secret = seed.secret;
    this.name = seed.name ?? seed.corpId;
    this.agentId = seed.agentId ? Number(seed.agentId) : null;
    for (const d of seed.departments) this.departments.set(d.id, { ...d });
    if (!this.departments.has(1)) this.departments.set(1, { id: 1, name: this.name, parentId: 0, order: 100000000 });
    for (const s of seed.staff) {
      this.staff.set(s.userId, { userId: s.userId, name: s.name, department: s.department, position: s.position ?? '', status: s.status });
    }
    for (const g of seed.tagGroups) {
      const t = seconds(now);
      this.tagGroups.set(g.groupId, {
        groupId: g.groupId,
        groupName: g.groupName,
        createTime: t,
        order: g.order,
        tags: new Map(g.tags.map((x) => [x.id, { id: x.id, name: x.name, order: x.order, createTime: t }])),
      });
    }
    this.addCustomers(seed.customers, now);
    for (const c of seed.groupChats) this.addGroupChat(c, now);
    for (const k of seed.kfAccounts) this.kfAccount(k, true);
  }

  /** Adds or updates customers and their follow relationships (control API and seeds). */
  addCustomers(list: SimCustomer[], now: number): void {
    for (const raw of list) {
      const c = simCustomerSchema.parse(raw);
      const existing = this.customers.get(c.externalUserId);
      this.customers.set(c.externalUserId, {
        externalUserId: c.externalUserId,
        name: c.name,
        type: c.type,
        gender: c.gender,
        unionid: c.unionid ?? existing?.unionid,
        avatar: c.avatar ?? existing?.avatar ?? `https://wework.qpic.cn/wwhead/${c.externalUserId}/0`,
        corpName: c.corpName ?? existing?.corpName,
      });
      for (const f of c.follows) {
        this.upsertFollow({
          userId: f.userId,
          externalUserId: c.externalUserId,
          remark: f.remark,
          description: f.description,
          createTime: f.createTime ?? seconds(now),
          tags: new Set(f.tags),
          state: f.state,
          addWay: f.addWay,
          operUserId: f.operUserId ?? c.externalUserId,
          remarkMobiles: f.remarkMobiles,
          remarkCorpName: '',
        });
      }
    }
  }

  upsertFollow(f: Follow): void {
    let byUser = this.follows.get(f.externalUserId);
    if (!byUser) this.follows.set(f.externalUserId, (byUser = new Map()));
    byUser.set(f.userId, f);
  }

  follow(externalUserId: string, userId: string): Follow | undefined {
    return this.follows.get(externalUserId)?.get(userId);
  }

  /** Follows of one customer, oldest first. */
  followsOf(externalUserId: string): Follow[] {
    return [...(this.follows.get(externalUserId)?.values() ?? [])].sort((a, b) => a.createTime - b.createTime);
  }

  /** Follows of one staff member, by customer id (stable order for paging). */
  followsOfStaff(userId: string): Follow[] {
    const out: Follow[] = [];
    for (const byUser of this.follows.values()) {
      const f = byUser.get(userId);
      if (f) out.push(f);
    }
    return out.sort((a, b) => a.createTime - b.createTime || a.externalUserId.localeCompare(b.externalUserId));
  }

  addGroupChat(raw: SimGroupChat, now: number): void {
    const g = simGroupChatSchema.parse(raw);
    const created = g.createTime ?? seconds(now);
    const members: GroupMember[] = g.members.map((m) => ({
      userid: m.userId,
      type: m.type,
      join_time: m.joinTime ?? created,
      join_scene: m.joinScene,
      ...(m.invitor ? { invitor: { userid: m.invitor } } : {}),
      group_nickname: m.groupNickname,
      name: m.name,
      ...(m.unionid ? { unionid: m.unionid } : {}),
    }));
    this.groupChats.set(g.chatId, {
      chatId: g.chatId,
      name: g.name,
      owner: g.owner,
      createTime: created,
      notice: g.notice,
      status: g.status,
      members,
      admins: g.admins,
      memberVersion: memberVersion(members),
    });
  }

  /** A live (not dismissed) group chat. */
  liveGroupChat(chatId: string): GroupChat | undefined {
    const chat = this.groupChats.get(chatId);
    return chat && !chat.dismissed ? chat : undefined;
  }

  /**
   * Members join a group (as they do by invitation or by scanning a join way). Returns the member-list
   * versions before and after, for the matching change_external_chat update callback.
   */
  addGroupMembers(chatId: string, members: NonNullable<SimGroupChat['members']>, now: number): GroupMemberChange {
    const chat = this.liveGroupChat(chatId);
    if (!chat) throw new Error(`unknown or dismissed chat ${chatId}`);
    const lastMemVer = chat.memberVersion;
    const joined: string[] = [];
    for (const raw of members) {
      const m = simGroupMemberSchema.parse(raw);
      if (chat.members.some((x) => x.userid === m.userId)) continue;
      chat.members.push({
        userid: m.userId,
        type: m.type,
        join_time: m.joinTime ?? seconds(now),
        join_scene: m.joinScene,
        ...(m.invitor ? { invitor: { userid: m.invitor } } : {}),
        group_nickname: m.groupNickname,
        name: m.name,
        ...(m.unionid ? { unionid: m.unionid } : {}),
      });
      joined.push(m.userId);
    }
    chat.memberVersion = memberVersion(chat.members);
    return { chatId, members: joined, lastMemVer, curMemVer: chat.memberVersion, memberCount: chat.members.length };
  }

  /** Members leave a group (or are removed). */
  removeGroupMembers(chatId: string, userIds: string[]): GroupMemberChange {
    const chat = this.liveGroupChat(chatId);
    if (!chat) throw new Error(`unknown or dismissed chat ${chatId}`);
    const lastMemVer = chat.memberVersion;
    const left = chat.members.filter((m) => userIds.includes(m.userid)).map((m) => m.userid);
    chat.members = chat.members.filter((m) => !userIds.includes(m.userid));
    chat.memberVersion = memberVersion(chat.members);
    return { chatId, members: left, lastMemVer, curMemVer: chat.memberVersion, memberCount: chat.members.length };
  }

  /** The owner dismisses the group: it is gone for the API (40050). False when it was unknown or gone. */
  dismissGroupChat(chatId: string): boolean {
    const chat = this.liveGroupChat(chatId);
    if (!chat) return false;
    chat.dismissed = true;
    return true;
  }

  kfAccount(openKfId: string, create = false): KfAccount | undefined {
    let a = this.kfAccounts.get(openKfId);
    if (!a && create) {
      a = { openKfId, messages: [], msgIds: new Set(), sessions: new Map() };
      this.kfAccounts.set(openKfId, a);
    }
    return a;
  }

  /** All tag ids of the corp. */
  tagIds(): Set<string> {
    const ids = new Set<string>();
    for (const g of this.tagGroups.values()) for (const id of g.tags.keys()) ids.add(id);
    return ids;
  }

  tagCount(): number {
    let n = 0;
    for (const g of this.tagGroups.values()) n += g.tags.size;
    return n;
  }

  /** The group and tag of a tag id. */
  findTag(tagId: string): { group: TagGroup; tag: Tag } | undefined {
    for (const group of this.tagGroups.values()) {
      const tag = group.tags.get(tagId);
      if (tag) return { group, tag };
    }
    return undefined;
  }

  /** Staff of a department, optionally with sub-departments. */
  staffOf(departmentId: number, recursive: boolean): Staff[] {
    const ids = new Set([departmentId]);
    if (recursive) {
      let grew = true;
      while (grew) {
        grew = false;
        for (const d of this.departments.values()) {
          if (ids.has(d.parentId) && !ids.has(d.id)) {
            ids.add(d.id);
            grew = true;
          }
        }
      }
    }
    return [...this.staff.values()].filter((s) => s.department.some((d) => ids.has(d)));
  }

  newId(prefix: string, length = 32): string {
    return randomId(prefix, length);
  }
}
