// 客户群: the group registry (member counts, status), group codes (群活码) and group welcome templates, as tabs.
import type { ConsoleArea } from '../../area';
import { en, zh } from './texts';

export default {
  path: 'groups',
  routes: [{ path: 'groups', name: 'groups', component: () => import('./GroupsPage.vue') }],
  messages: { zh: { groups: zh }, en: { groups: en } },
} satisfies ConsoleArea;
