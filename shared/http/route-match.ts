// A route table's request side, shared by the admin API (functions/admin-api/dispatch.ts) and the sidebar API
// (functions/sidebar-api/api.ts): matching a method and path to a route (with the methods a path allows, for a
// 405), and parsing a request's params, query and body with the route's zod schemas.
import type * as z from 'zod';
import type { Text } from '../errors';
import { msg } from '../i18n/messages';
import { parseInput } from '../validation';

export type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** The schemas a request is parsed with (absent: nothing is passed on), and the 400's message when it fails. */
export interface ParsedBy {
  params?: z.ZodType | undefined;
  query?: z.ZodType | undefined;
  body?: z.ZodType | undefined;
  invalid?: { query?: Text; body?: Text } | undefined;
}

type Match<R> = { kind: 'route'; route: R; params: Record<string, string> } | { kind: 'methods'; allow: Method[] } | { kind: 'none' };

/** The table compiled once: each path pattern with its parameter names and its routes by method. */
export function matcher<R extends { method: Method; path: string }>(routes: readonly R[]) {
  const byPath = new Map<string, { names: string[]; pattern: RegExp; methods: Map<Method, R> }>();
  for (const r of routes) {
    const entry = byPath.get(r.path) ?? {
      names: [...r.path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!),
      pattern: new RegExp(`^${r.path.replace(/\{\w+\}/g, '([^/]+)')}/?$`),
      methods: new Map(),
    };
    if (entry.methods.has(r.method)) throw new Error(`two routes for ${r.method} ${r.path}`);
    entry.methods.set(r.method, r);
    byPath.set(r.path, entry);
  }
  const paths = [...byPath.values()];
  return (method: string, path: string): Match<R> => {
    const allow = new Set<Method>();
    for (const p of paths) {
      const m = p.pattern.exec(path);
      if (!m) continue;
      const route = p.methods.get(method as Method);
      if (route) return { kind: 'route', route, params: Object.fromEntries(p.names.map((n, i) => [n, decodeURIComponent(m[i + 1]!)])) };
      for (const k of p.methods.keys()) allow.add(k);
    }
    return allow.size > 0 ? { kind: 'methods', allow: [...allow].sort() } : { kind: 'none' };
  };
}

/** The raw parts of a request a route parses. */
export interface RawInput {
  params?: Record<string, string> | undefined;
  query?: Record<string, string | undefined> | undefined;
  body?: unknown;
}

/** Params, query and body through the route's schemas (absent schema: nothing is passed on). */
export function parseCall(route: ParsedBy, raw: RawInput) {
  const { corpId: _c, ...params } = raw.params ?? {};
  return {
    params: route.params ? parseInput(route.params, params, msg('invalid_path')) : undefined,
    query: route.query ? parseInput(route.query, raw.query ?? {}, route.invalid?.query ?? msg('invalid_query')) : undefined,
    body: route.body ? parseInput(route.body, raw.body, route.invalid?.body ?? msg('invalid_request')) : undefined,
  };
}
