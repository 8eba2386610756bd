// 渠道活码: the channel list with stats, the create/edit form, the 获客链接 create/edit form and a channel's page
// (QR code or link, per-day chart).
import type { ConsoleArea } from '../../area';
import { en, zh } from './texts';

export default {
  path: 'channels',
  routes: [
    { path: 'channels', name: 'channels', component: () => import('./ChannelsPage.vue') },
    { path: 'channels/new', name: 'channel-new', component: () => import('./ChannelFormPage.vue') },
    { path: 'channels/new-link', name: 'acquisition-link-new', component: () => import('./AcquisitionLinkFormPage.vue') },
    { path: 'channels/:id/edit-link', name: 'acquisition-link-edit', component: () => import('./AcquisitionLinkFormPage.vue'), props: true },
    { path: 'channels/:id/edit', name: 'channel-edit', component: () => import('./ChannelFormPage.vue'), props: true },
    { path: 'channels/:id', name: 'channel', component: () => import('./ChannelPage.vue'), props: true },
  ],
  messages: { zh: { channels: zh }, en: { channels: en } },
} satisfies ConsoleArea;
