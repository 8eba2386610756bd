// The demo tenant: known to the simulator (seeded by default), upserted by `npm start`, targeted by
// `npm run simulate`. All values are fixed, public and for local use only.
import type { SimCorp, SimCustomer, SimDepartment, SimGroupChat, SimStaff, SimTagGroup } from './model';

export interface DemoTenant {
  readonly corpId: string;
  readonly secret: string;
  readonly token: string;
  readonly encodingAesKey: string;
  readonly agentId: string;
  readonly name: string;
}

export const DEMO_TENANT: DemoTenant = {
  corpId: 'wwsiyudemo000001',
  /** 43 characters, like a real WeCom app secret. */
  secret: 'SiyuDemoCorpSecret0123456789abcdefghijklmno',
  /** Callback Token (letters/digits, ≤ 32). */
  token: 'SiyuDemoToken2024',
  /** Callback EncodingAESKey: 43 characters of [A-Za-z0-9], decodes to 32 bytes. */
  encodingAesKey: 'SiyuDemoEncodingAesKey0123456789abcdefghijA',
  agentId: '1000002',
  name: 'Siyu Demo',
};

export const DEMO_DEPARTMENTS: SimDepartment[] = [
  { id: 1, name: 'Siyu Demo', parentId: 0, order: 100000000 },
  { id: 2, name: '销售部', parentId: 1, order: 99999000 },
  { id: 3, name: '客服部', parentId: 1, order: 99998000 },
];

export const DEMO_STAFF: SimStaff[] = [
  { userId: 'zhangsan', name: '张三', department: [2], position: '销售经理' },
  { userId: 'lisi', name: '李四', department: [2], position: '销售顾问' },
  { userId: 'wangwu', name: '王五', department: [3], position: '客服专员' },
  { userId: 'zhaoliu', name: '赵六', department: [3], position: '客服主管' },
];

export const DEMO_TAG_GROUPS: SimTagGroup[] = [
  {
    groupId: 'etsiyudemogroup01',
    groupName: '客户等级',
    order: 1,
    tags: [
      { id: 'etsiyudemotag0001', name: '重要客户', order: 2 },
      { id: 'etsiyudemotag0002', name: '普通客户', order: 1 },
    ],
  },
];

export const DEMO_CUSTOMERS: SimCustomer[] = [
  {
    externalUserId: 'wmsiyudemocust0000000000000001',
    name: '陈小姐',
    gender: 2,
    follows: [{ userId: 'zhangsan', remark: '陈小姐-展会', state: 'expo2024', tags: ['etsiyudemotag0001'], createTime: 1_700_000_000 }],
  },
  {
    externalUserId: 'wmsiyudemocust0000000000000002',
    name: '刘先生',
    gender: 1,
    follows: [
      { userId: 'zhangsan', createTime: 1_700_000_100 },
      { userId: 'lisi', createTime: 1_700_000_200, tags: ['etsiyudemotag0002'] },
    ],
  },
];

export const DEMO_GROUP_CHATS: SimGroupChat[] = [
  {
    chatId: 'wrsiyudemochat0000000000000001',
    name: 'Siyu 体验群',
    owner: 'zhangsan',
    createTime: 1_700_000_000,
    members: [
      { userId: 'zhangsan', type: 1, joinTime: 1_700_000_000, joinScene: 1 },
      { userId: 'wmsiyudemocust0000000000000001', type: 2, joinTime: 1_700_000_300, joinScene: 3 },
    ],
    admins: [],
  },
];

export const DEMO_KF_ACCOUNT = 'wksiyudemo0000000000000000001';

/** Everything the simulator seeds for the demo tenant. */
export const DEMO_CORP: SimCorp = {
  corpId: DEMO_TENANT.corpId,
  secret: DEMO_TENANT.secret,
  name: DEMO_TENANT.name,
  agentId: DEMO_TENANT.agentId,
  token: DEMO_TENANT.token,
  encodingAesKey: DEMO_TENANT.encodingAesKey,
  staff: DEMO_STAFF,
  departments: DEMO_DEPARTMENTS,
  customers: DEMO_CUSTOMERS,
  groupChats: DEMO_GROUP_CHATS,
  tagGroups: DEMO_TAG_GROUPS,
  kfAccounts: [DEMO_KF_ACCOUNT],
};
