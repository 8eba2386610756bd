// JS-SDK tickets (docs/wecom.md#js-sdk): the corp's jsapi_ticket (wx.config, `get_jsapi_ticket`) and the app's
// agent_config ticket (wx.agentConfig, `ticket/get?type=agent_config`, with that app's own token). Both are
// cached exactly like access tokens, by the same token provider over the same store (DynamoDB, encrypted per
// tenant): one refresher per key, refresh ahead of `expires_in`, others keep the still-valid ticket or wait.
// Fetches go through the WeCom client, so its per-minute budget (1 a minute per ticket API, rate-budget.ts)
// applies on top: WeCom's 400 an hour per corp and 100 per app are never reached.
import type { Clock } from '../clock';
import type { WecomClient } from './client';
import { createTokenProvider, type Credentials, type TokenProvider, type TokenProviderOptions, type TokenStore } from './token-provider';

export type TicketKind = 'corp' | 'agent';

export interface JsapiTickets {
  /** The corp ticket for wx.config / getConfigSignature. */
  corpTicket(credentials: Credentials): Promise<string>;
  /** The app ticket for wx.agentConfig / getAgentConfigSignature; `credentials` are that app's. */
  agentTicket(credentials: Credentials): Promise<string>;
}

export interface JsapiTicketsOptions {
  wecom: WecomClient;
  /** The access-token store: tickets live beside the tokens under their own ids. */
  store: TokenStore;
  clock?: Clock;
  sleep?: (ms: number) => Promise<void>;
  /** Refresh tuning, as for access tokens (refreshAheadMs default 5 minutes, lockTtlMs, refreshCooldownMs…). */
  options?: Partial<Omit<TokenProviderOptions, 'store' | 'fetchToken' | 'clock' | 'sleep'>>;
}

/**
 * The store ids of tickets, beside the access tokens' secret fingerprints (16 hex digits, so no clash):
 * one corp ticket per corp, one app ticket per app secret.
 */
export function ticketStoreId(kind: TicketKind, secretId: string): string {
  return kind === 'corp' ? 'JSAPI' : `AGENT-${secretId}`;
}

function ticketStore(store: TokenStore, kind: TicketKind): TokenStore {
  const id = (secretId: string) => ticketStoreId(kind, secretId);
  return {
    get: (corpId, secretId) => store.get(corpId, id(secretId)),
    tryLock: (corpId, secretId, owner, ttlMs) => store.tryLock(corpId, id(secretId), owner, ttlMs),
    release: (corpId, secretId, owner) => store.release(corpId, id(secretId), owner),
    save: (corpId, secretId, token, holdLockMs) => store.save(corpId, id(secretId), token, holdLockMs),
    invalidate: (corpId, secretId, token) => store.invalidate(corpId, id(secretId), token),
  };
}

export function createJsapiTickets(o: JsapiTicketsOptions): JsapiTickets {
  const provider = (kind: TicketKind): TokenProvider =>
    createTokenProvider({
      ...o.options,
      store: ticketStore(o.store, kind),
      ...(o.clock ? { clock: o.clock } : {}),
      ...(o.sleep ? { sleep: o.sleep } : {}),
      async fetchToken(c) {
        const api = o.wecom.forTenant(c);
        const got = kind === 'corp' ? await api.call('get_jsapi_ticket', {}) : await api.call('ticket/get', { type: 'agent_config' });
        return { token: got.ticket, expiresInSeconds: got.expires_in };
      },
    });
  const corp = provider('corp');
  const agent = provider('agent');
  return {
    corpTicket: (c) => corp.getToken(c),
    agentTicket: (c) => agent.getToken(c),
  };
}
