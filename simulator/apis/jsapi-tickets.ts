// JS-SDK tickets (docs/wecom.md#js-sdk, DOC 90506 / 96909 / 90454): the corp's `get_jsapi_ticket` and the app's
// `ticket/get?type=agent_config`. A ticket lives 7200 s; within that time the same ticket is answered with
// the seconds it has left (like gettoken here). Hourly limits over a sliding hour of successful fetches:
// 400 per corp (both kinds together) and 100 per app per kind; a fetch over a limit answers 45009
// (WeCom's "api freq out of limit"). The app ticket needs an app's token: a corp without an agent → 48002.
import { randomBytes } from 'node:crypto';
import type { CorpState } from '../corp-state';
import { SimApiError, check } from '../sim-error';
import type { ApiContext, Routes } from './api-context';

/** WeCom: 7200 s (DOC 96909). */
export const JSAPI_TICKET_TTL_SECONDS = 7200;
/** WeCom: 一小时内，一个企业最多可获取400次，且单个应用不能超过100次 (DOC 90454). */
export const TICKETS_PER_HOUR_PER_CORP = 400;
export const TICKETS_PER_HOUR_PER_APP = 100;
const HOUR_MS = 3600_000;

type Kind = 'corp' | 'agent';

interface TicketState {
  current: Partial<Record<Kind, { ticket: string; expiresAt: number }>>;
  /** Instants (epoch ms) of fetches within the last hour, per kind. */
  fetchedAt: Record<Kind, number[]>;
}

// Kept beside the corp, not in it: a reset rebuilds the corps, and with them this state.
const states = new WeakMap<CorpState, TicketState>();

function stateOf(corp: CorpState): TicketState {
  let s = states.get(corp);
  if (!s) states.set(corp, (s = { current: {}, fetchedAt: { corp: [], agent: [] } }));
  return s;
}

/** The ticket the corp holds now for `kind`, if any (for page-side signature checks in tests). */
export function currentTicket(corp: CorpState, kind: Kind, now: number): string | undefined {
  const t = stateOf(corp).current[kind];
  return t && t.expiresAt > now ? t.ticket : undefined;
}

function issue(ctx: ApiContext, kind: Kind) {
  const s = stateOf(ctx.corp);
  const now = ctx.now;
  for (const k of ['corp', 'agent'] as const) s.fetchedAt[k] = s.fetchedAt[k].filter((at) => now - at < HOUR_MS);
  const corpCount = s.fetchedAt.corp.length + s.fetchedAt.agent.length;
  check(corpCount < TICKETS_PER_HOUR_PER_CORP, 45009, `jsapi_ticket: at most ${TICKETS_PER_HOUR_PER_CORP} an hour per corp`);
  check(s.fetchedAt[kind].length < TICKETS_PER_HOUR_PER_APP, 45009, `jsapi_ticket: at most ${TICKETS_PER_HOUR_PER_APP} an hour per app`);
  s.fetchedAt[kind].push(now);
  const held = s.current[kind];
  if (held && held.expiresAt > now) return { ticket: held.ticket, expires_in: Math.ceil((held.expiresAt - now) / 1000) };
  // WeCom's tickets are at most 512 bytes; these are 86 characters like the doc's example.
  const ticket = randomBytes(64).toString('base64url');
  s.current[kind] = { ticket, expiresAt: now + JSAPI_TICKET_TTL_SECONDS * 1000 };
  return { ticket, expires_in: JSAPI_TICKET_TTL_SECONDS };
}

export const jsapiTicketRoutes: Routes = {
  '/cgi-bin/get_jsapi_ticket': {
    method: 'GET',
    handle: (ctx) => issue(ctx, 'corp'),
  },
  '/cgi-bin/ticket/get': {
    method: 'GET',
    handle(ctx) {
      check(ctx.query.type === 'agent_config', 40058, 'type must be agent_config');
      if (ctx.corp.agentId === null) throw new SimApiError(48002, 'agent_config needs the token of an app (this secret belongs to no agent)');
      return issue(ctx, 'agent');
    },
  },
};
