// The console's texts: Chinese first (zh-CN), English on request; the choice is remembered in this browser.
import { createI18n } from 'vue-i18n';
import { AREAS } from './area';

const zh = {
  app: { name: '思域 SCRM', console: '控制台' },
  menu: {
    dashboard: '数据看板',
    customers: '客户',
    staff: '员工',
    transfers: '客户继承',
    channels: '渠道活码',
    groups: '客户群',
    broadcasts: '群发',
    sop: 'SOP',
    moments: '朋友圈',
    keywordRules: '关键词回复',
    quickReplies: '话术库',
    archive: '会话存档',
    audit: '审计',
    operationLog: '操作日志',
    settings: '设置',
    materials: '素材库',
    webhooks: 'Webhook 推送',
  },
  header: { logout: '退出登录', language: '语言', role: { superadmin: '超级管理员', admin: '管理员', manager: '主管', staff: '员工', auditor: '审计员' } },
  login: { title: '登录思域控制台', hint: '请使用企业微信扫码登录。', button: '企业微信扫码登录', corpId: '企业 ID（corpId）' },
  placeholder: { title: '建设中', body: '此页面正在建设中，敬请期待。' },
  common: { loading: '加载中…', empty: '所选日期内暂无数据。指标每晚汇总，可在「任务」中手动运行汇总。', exportCsv: '导出 CSV', error: '出错了' },
  dashboard: {
    title: '数据看板',
    from: '开始日期',
    to: '结束日期',
    last7: '近 7 天',
    last30: '近 30 天',
    growth: '客户增长',
    newCustomers: '新增客户',
    lostByStaff: '员工删客户',
    lostByCustomer: '客户删员工',
    netGrowth: '净增',
    totalCustomers: '客户总数',
    passRate: '通过率',
    gmv: '成交额（元）',
    kpi: '员工 KPI',
    staff: '员工',
    adds: '新增',
    deletions: '流失',
    chats: '聊天数',
    replyRate: '回复率',
    avgReply: '平均首次回复',
    sortBy: '按{col}排序',
  },
};

const en: typeof zh = {
  app: { name: 'Siyu SCRM', console: 'Console' },
  menu: {
    dashboard: 'Dashboard',
    customers: 'Customers',
    staff: 'Staff',
    transfers: 'Inheritance',
    channels: 'Channel codes',
    groups: 'Groups',
    broadcasts: 'Broadcasts',
    sop: 'SOP',
    moments: 'Moments',
    keywordRules: 'Keyword replies',
    quickReplies: 'Quick replies',
    archive: 'Chat archive',
    audit: 'Audit',
    operationLog: 'Operation log',
    settings: 'Settings',
    materials: 'Materials',
    webhooks: 'Webhooks',
  },
  header: {
    logout: 'Log out',
    language: 'Language',
    role: { superadmin: 'Super admin', admin: 'Admin', manager: 'Manager', staff: 'Staff', auditor: 'Auditor' },
  },
  login: { title: 'Sign in to Siyu', hint: 'Scan with WeCom to sign in.', button: 'Sign in with WeCom', corpId: 'Corp ID' },
  placeholder: { title: 'Coming soon', body: 'This page is under construction.' },
  common: {
    loading: 'Loading…',
    empty: 'No data in this range. Metrics are rolled up nightly; run the rollup job to compute a day now.',
    exportCsv: 'Export CSV',
    error: 'Something went wrong',
  },
  dashboard: {
    title: 'Dashboard',
    from: 'From',
    to: 'To',
    last7: 'Last 7 days',
    last30: 'Last 30 days',
    growth: 'Customer growth',
    newCustomers: 'New customers',
    lostByStaff: 'Deleted by staff',
    lostByCustomer: 'Deleted by customer',
    netGrowth: 'Net growth',
    totalCustomers: 'Total customers',
    passRate: 'Pass rate',
    gmv: 'GMV (yuan)',
    kpi: 'Staff KPIs',
    staff: 'Staff',
    adds: 'Adds',
    deletions: 'Deletions',
    chats: 'Chats',
    replyRate: 'Reply rate',
    avgReply: 'Avg. first reply',
    sortBy: 'Sort by {col}',
  },
};

export type Lang = 'zh-CN' | 'en';
const STORAGE_KEY = 'siyu.lang';

function savedLang(): Lang {
  try {
    return localStorage.getItem(STORAGE_KEY) === 'en' ? 'en' : 'zh-CN';
  } catch {
    return 'zh-CN';
  }
}

// Each area's texts (console/src/areas/*/index.ts) join the shared ones.
const withAreas = <M extends object>(base: M, lang: 'zh' | 'en'): M => Object.assign({}, base, ...AREAS.map((a) => a.messages[lang])) as M;

export const i18n = createI18n({
  legacy: false,
  locale: savedLang(),
  fallbackLocale: 'zh-CN',
  messages: { 'zh-CN': withAreas(zh, 'zh'), en: withAreas(en, 'en') },
});

export const currentLang = (): Lang => i18n.global.locale.value as Lang;

export function setLang(lang: Lang): void {
  i18n.global.locale.value = lang;
  document.documentElement.lang = lang;
  try {
    localStorage.setItem(STORAGE_KEY, lang);
  } catch {
    // private mode: the choice lasts this page only
  }
}
