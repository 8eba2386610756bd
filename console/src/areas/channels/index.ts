// 渠道活码: the channel list with stats, the create/edit form and a channel's page (QR code, per-day chart).
import type { ConsoleArea } from '../../area';
import { en, zh } from './texts';

export default {
  path: 'channels',
  routes: [
    { path: 'channels', name: 'channels', component: () => import('./ChannelsPage.vue') },
    { path: 'channels/new', name: 'channel-new', component: () => import('./ChannelFormPage.vue') },
    { path: 'channels/:id/edit', name: 'channel-edit', component: () => import('./ChannelFormPage.vue'), props: true },
    { path: 'channels/:id', name: 'channel', component: () => import('./ChannelPage.vue'), props: true },
  ],
  messages: { zh: { channels: zh }, en: { channels: en } },
} satisfies ConsoleArea;
