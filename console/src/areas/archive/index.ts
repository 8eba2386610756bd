// 会话存档: search the archived chats (dates, staff, customer, words), page by page.
import type { ConsoleArea } from '../../area';

const zh = {
  archive: {
    title: '会话存档',
    intro: '检索员工与客户的存档消息（需客户同意存档）。时间为上海时区，一次最多 31 天。',
    from: '开始日期',
    to: '结束日期',
    staff: '员工 userId',
    customer: '客户 externalUserId',
    q: '关键词',
    search: '搜索',
    at: '时间',
    sender: '发送方',
    type: '类型',
    content: '内容',
    more: '加载更多',
    empty: '没有符合条件的消息。可放宽日期或去掉关键词；存档消息每隔几分钟从企业微信拉取。',
    noAccess: '你的角色无权查看会话存档。如需查看，请联系管理员。',
  },
};
const en: typeof zh = {
  archive: {
    title: 'Chat archive',
    intro: 'Search archived messages between staff and customers (where customers agreed). Times in Asia/Shanghai; at most 31 days at once.',
    from: 'From',
    to: 'To',
    staff: 'Staff userId',
    customer: 'Customer externalUserId',
    q: 'Words',
    search: 'Search',
    at: 'Time',
    sender: 'From',
    type: 'Type',
    content: 'Content',
    more: 'Load more',
    empty: 'No messages match. Widen the dates or drop the words; archived messages are fetched from WeCom every few minutes.',
    noAccess: 'Your role may not view the chat archive. Ask an admin if you need it.',
  },
};

export default {
  path: 'archive',
  routes: [{ path: 'archive', name: 'archive', component: () => import('./ArchivePage.vue') }],
  messages: { zh, en },
} satisfies ConsoleArea;
