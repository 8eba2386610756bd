// The console's pages under /console/: the dashboard (the one real page so far), a placeholder per menu
// entry still to build, and the login page. Any 401 from the API sends the member to the login page.
import { createRouter, createWebHistory, type RouteRecordRaw } from 'vue-router';
import { onUnauthorized } from './api';
import { MENU } from './menu';
import LoginPage from './pages/LoginPage.vue';
import PlaceholderPage from './pages/PlaceholderPage.vue';
import ShellLayout from './components/ShellLayout.vue';

const placeholders: RouteRecordRaw[] = MENU.filter((m) => m.path !== 'dashboard').map((m) => ({
  path: m.path,
  name: m.path,
  component: PlaceholderPage,
  meta: { label: m.label },
}));

export const router = createRouter({
  history: createWebHistory('/console/'),
  routes: [
    { path: '/login', name: 'login', component: LoginPage },
    {
      path: '/',
      component: ShellLayout,
      children: [
        { path: '', redirect: { name: 'dashboard' } },
        // ECharts loads with the dashboard only (its own chunk).
        { path: 'dashboard', name: 'dashboard', component: () => import('./pages/DashboardPage.vue') },
        ...placeholders,
      ],
    },
    { path: '/:rest(.*)*', redirect: { name: 'dashboard' } },
  ],
});

onUnauthorized(() => {
  const here = router.currentRoute.value;
  if (here.name !== 'login') void router.push({ name: 'login', query: { next: here.fullPath } });
});
