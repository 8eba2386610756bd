// The console's pages under /console/: the dashboard, each area's pages (console/src/areas/*), a placeholder
// per menu entry still to build, and the login page. Any 401 from the API sends the member to the login page.
import { createRouter, createWebHistory, type RouteRecordRaw } from 'vue-router';
import { onUnauthorized } from './api';
import { AREAS } from './area';
import { MENU } from './menu';
import LoginPage from './pages/LoginPage.vue';
import PlaceholderPage from './pages/PlaceholderPage.vue';
import ShellLayout from './components/ShellLayout.vue';

const built = new Set(AREAS.map((a) => a.path));
const placeholders: RouteRecordRaw[] = MENU.filter((m) => m.path !== 'dashboard' && !built.has(m.path)).map((m) => ({
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
        ...AREAS.flatMap((a) => a.routes),
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
