// The sidebar's texts: Chinese first (zh-CN), English on request; the choice is shared with the console
// (localStorage siyu.lang) so a member who reads English there reads it here too.
import { createI18n } from 'vue-i18n';

const zh = {
  title: '思域侧边栏',
  loading: '加载中…',
  retry: '重试',
  lang: { zh: '中文', en: 'English' },
  flow: {
    noCorp: '请从企业微信的聊天工具栏打开此页面（页面地址需带 ?corpId=企业ID）。',
    loginFailed: '登录未成功，请关闭侧边栏后重新打开。',
    jssdkFailed: '企业微信 JS-SDK 注册失败：{reason}。请确认应用的可信域名与「客户联系」权限已配置。',
    otherEntry: '侧边栏在与客户的单聊或客户群聊中可用。请从客户聊天的工具栏打开。',
    error: '出错了：{reason}',
  },
  tabs: { profile: '客户资料', replies: '快捷回复', group: '群信息', materials: '素材' },
  customer: {
    refused: '你不是该客户的跟进人，无法查看其资料。',
    typeWechat: '微信用户',
    typeWecom: '企业微信用户',
    remark: '备注',
    description: '描述',
    save: '保存',
    saved: '已保存',
    tags: '标签',
    noTags: '暂无标签',
    addTag: '添加标签',
    removeTag: '移除标签 {name}',
    pickerTitle: '选择标签',
    done: '完成',
    channel: '来源渠道',
    noChannel: '未知渠道',
    addedAt: '添加于 {at}',
    followers: '跟进员工',
    timeline: '客户动态',
    noTimeline: '暂无动态',
    rfm: 'RFM 分层',
    orders: '订单',
    ordersValue: '{count} 笔 · ¥{total}',
  },
  replies: {
    search: '搜索话术',
    allGroups: '全部分组',
    none: '没有找到话术',
    send: '发送',
    sent: '已发送',
    uses: '已用 {n} 次',
    attachment: '附件',
    sendFailed: '发送失败：{reason}',
  },
  fields: {
    stage: '客户阶段',
    noStage: '未设置',
    title: '自定义字段',
    none: '管理员尚未设置自定义字段',
    save: '保存字段',
    saved: '已保存',
    choose: '请选择',
  },
  materials: {
    all: '全部',
    kinds: { image: '图片', file: '文件', video: '视频', link: '链接', miniprogram: '小程序' },
    none: '素材库为空',
    send: '发送',
    sent: '已发送',
    sendFailed: '发送失败：{reason}',
  },
  group: {
    refused: '你不是该群的群主或成员，无法查看群信息。',
    owner: '群主',
    members: '群成员',
    memberCount: '{n} 人',
    groupCode: '所属群活码',
    noGroupCode: '无',
    customers: '群内客户',
    noCustomers: '暂无',
    recent: '最近入群',
    join: '入群',
    leave: '退群',
  },
};

const en: typeof zh = {
  title: 'Siyu sidebar',
  loading: 'Loading…',
  retry: 'Retry',
  lang: { zh: '中文', en: 'English' },
  flow: {
    noCorp: "Open this page from WeCom's chat toolbar (its address needs ?corpId=<corp ID>).",
    loginFailed: 'Sign-in did not succeed; close the sidebar and open it again.',
    jssdkFailed: "WeCom JS-SDK registration failed: {reason}. Check the app's trusted domain and the Customer Contact permission.",
    otherEntry: 'The sidebar works in one-to-one chats with customers and in customer group chats. Open it from a chat toolbar.',
    error: 'Something went wrong: {reason}',
  },
  tabs: { profile: 'Profile', replies: 'Quick replies', group: 'Group', materials: 'Materials' },
  customer: {
    refused: 'You do not follow this customer, so their profile is not shown.',
    typeWechat: 'WeChat user',
    typeWecom: 'WeCom user',
    remark: 'Remark',
    description: 'Description',
    save: 'Save',
    saved: 'Saved',
    tags: 'Tags',
    noTags: 'No tags',
    addTag: 'Add tag',
    removeTag: 'Remove tag {name}',
    pickerTitle: 'Choose tags',
    done: 'Done',
    channel: 'Channel',
    noChannel: 'Unknown channel',
    addedAt: 'added {at}',
    followers: 'Followed by',
    timeline: 'Timeline',
    noTimeline: 'Nothing yet',
    rfm: 'RFM class',
    orders: 'Orders',
    ordersValue: '{count} · ¥{total}',
  },
  replies: {
    search: 'Search replies',
    allGroups: 'All groups',
    none: 'No replies found',
    send: 'Send',
    sent: 'Sent',
    uses: 'used {n}×',
    attachment: 'attachment',
    sendFailed: 'Sending failed: {reason}',
  },
  fields: {
    stage: 'Stage',
    noStage: 'not set',
    title: 'Custom fields',
    none: 'No custom fields defined yet',
    save: 'Save fields',
    saved: 'Saved',
    choose: 'Choose',
  },
  materials: {
    all: 'All',
    kinds: { image: 'Image', file: 'File', video: 'Video', link: 'Link', miniprogram: 'Mini program' },
    none: 'The library is empty',
    send: 'Send',
    sent: 'Sent',
    sendFailed: 'Sending failed: {reason}',
  },
  group: {
    refused: 'You neither own nor are in this group, so its details are not shown.',
    owner: 'Owner',
    members: 'Members',
    memberCount: '{n}',
    groupCode: 'Group code',
    noGroupCode: 'none',
    customers: 'Our customers in it',
    noCustomers: 'none',
    recent: 'Recent joins',
    join: 'joined',
    leave: 'left',
  },
};

export type SidebarLang = 'zh-CN' | 'en';
const STORAGE_KEY = 'siyu.lang';

function savedLang(): SidebarLang {
  try {
    return localStorage.getItem(STORAGE_KEY) === 'en' ? 'en' : 'zh-CN';
  } catch {
    return 'zh-CN';
  }
}

export const sidebarI18n = createI18n({ legacy: false, locale: savedLang(), fallbackLocale: 'zh-CN', messages: { 'zh-CN': zh, en } });

export const sidebarLang = (): SidebarLang => sidebarI18n.global.locale.value as SidebarLang;

export function setSidebarLang(lang: SidebarLang): void {
  sidebarI18n.global.locale.value = lang;
  document.documentElement.lang = lang;
  try {
    localStorage.setItem(STORAGE_KEY, lang);
  } catch {
    // private mode: this page only
  }
}

export const yuan = (fen: number) => (fen / 100).toLocaleString('zh-CN', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
