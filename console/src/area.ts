// A console area: the pages of one menu entry (console/src/areas/<name>/index.ts), their routes under
// /console/ and their texts (zh-CN first, en), which the router and i18n pick up.
import type { RouteRecordRaw } from 'vue-router';

type Messages = { [key: string]: string | Messages };

export interface ConsoleArea {
  /** The menu entry it fills (console/src/menu.ts `path`). */
  path: string;
  routes: RouteRecordRaw[];
  messages: { zh: Messages; en: Messages };
}

/** Every area of console/src/areas/*, in path order. */
export const AREAS: ConsoleArea[] = Object.values(import.meta.glob<{ default: ConsoleArea }>('./areas/*/index.ts', { eager: true }))
  .map((m) => m.default)
  .sort((a, b) => a.path.localeCompare(b.path));
