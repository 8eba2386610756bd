// 操作日志: who changed what through the admin API (filters, more pages, CSV) and the hash chain's check.
import type { ConsoleArea } from '../../area';

const zh = {
  operationLog: {
    title: '操作日志',
    intro: '每一次写操作（谁、何时、改了什么），以哈希链串联，可随时校验是否被篡改。',
    from: '开始日期',
    to: '结束日期',
    actor: '操作人',
    actorHint: '密钥 id、会话 id 或成员 userId',
    route: '接口',
    routeHint: '如 POST /admin/v1/tenants/{corpId}/keyword-rules',
    search: '查询',
    seq: '序号',
    at: '时间',
    status: '状态码',
    target: '对象',
    diff: '变更',
    more: '加载更多',
    verify: '校验哈希链',
    verifyOk: '哈希链完整：已校验 {n} 条。',
    verifyBroken: '哈希链在第 {seq} 条断开：{reason}',
    noAccess: '你的角色无权查看操作日志。如需查看，请联系管理员。',
    empty: '还没有操作记录。在控制台或 API 中做的修改会记在这里。',
  },
};
const en: typeof zh = {
  operationLog: {
    title: 'Operation log',
    intro: 'Every write (who, when, what changed), chained by hashes so tampering can be checked at any time.',
    from: 'From',
    to: 'To',
    actor: 'Actor',
    actorHint: 'Key id, session id or member userId',
    route: 'Route',
    routeHint: 'e.g. POST /admin/v1/tenants/{corpId}/keyword-rules',
    search: 'Search',
    seq: 'No.',
    at: 'Time',
    status: 'Status',
    target: 'Target',
    diff: 'Changes',
    more: 'Load more',
    verify: 'Verify hash chain',
    verifyOk: 'The chain is intact: {n} entries checked.',
    verifyBroken: 'The chain breaks at entry {seq}: {reason}',
    noAccess: 'Your role may not view the operation log. Ask an admin if you need it.',
    empty: 'No operations yet. Changes made in the console or through the API are recorded here.',
  },
};

export default {
  path: 'operation-log',
  routes: [{ path: 'operation-log', name: 'operation-log', component: () => import('./OperationLogPage.vue') }],
  messages: { zh, en },
} satisfies ConsoleArea;
