// 话术库: quick replies staff send, by group (list, filter by group, create).
import type { ConsoleArea } from '../../area';

const zh = {
  quickReplies: {
    title: '话术库',
    intro: '员工可直接发送的标准话术，按分组管理；关键词规则也可引用话术。',
    empty: '话术库还是空的。在下方填写分组、标题和内容，添加第一条话术。',
    emptyReadOnly: '话术库还是空的。请联系管理员添加话术。',
    group: '分组',
    allGroups: '全部分组',
    defaultGroup: '默认',
    title_: '标题',
    content: '内容',
    createdAt: '创建时间',
    create: '新建话术',
    save: '添加话术',
    created: '话术已添加',
    count: '{n} 条',
  },
};
const en: typeof zh = {
  quickReplies: {
    title: 'Quick replies',
    intro: 'Standard scripts staff can send, in groups; keyword rules can point at them.',
    empty: 'No quick replies yet. Fill in a group, title and content below to add the first one.',
    emptyReadOnly: 'No quick replies yet. Ask an admin to add some.',
    group: 'Group',
    allGroups: 'All groups',
    defaultGroup: 'Default',
    title_: 'Title',
    content: 'Content',
    createdAt: 'Created',
    create: 'New quick reply',
    save: 'Add quick reply',
    created: 'Quick reply added',
    count: '{n} items',
  },
};

export default {
  path: 'quick-replies',
  routes: [{ path: 'quick-replies', name: 'quick-replies', component: () => import('./QuickRepliesPage.vue') }],
  messages: { zh, en },
} satisfies ConsoleArea;
