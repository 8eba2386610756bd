// The staff sidebar's entry (聊天工具栏, served at /sidebar/): its own small app, its texts and language.
import { createApp } from 'vue';
import SidebarApp from './SidebarApp.vue';
import { sidebarI18n } from './i18n';

createApp(SidebarApp).use(sidebarI18n).mount('#sidebar');
