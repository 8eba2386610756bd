// The simulator's JS-SDK tickets: expiry, the hourly limits per corp and per app (45009), the token kind.
import { DEMO_TENANT } from './demo-tenant';
import { JSAPI_TICKET_TTL_SECONDS, TICKETS_PER_HOUR_PER_APP } from './apis/jsapi-tickets';
import type { SimCorp } from './model';
import { SimState } from './state';

const T0 = Date.UTC(2025, 0, 6, 2, 0, 0);
const NO_AGENT: SimCorp = { corpId: 'wwnoagentcorp001', secret: 'contact-secret', staff: [{ userId: 'amy', name: 'Amy' }] };

function setup() {
  let now = T0;
  const state = new SimState({ clock: () => now, corps: [NO_AGENT] });
  const token = async (corpid = DEMO_TENANT.corpId, corpsecret = DEMO_TENANT.secret) =>
    String((await state.dispatch({ method: 'GET', path: '/cgi-bin/gettoken', query: { corpid, corpsecret } })).access_token);
  const corpTicket = async (t?: string) => state.dispatch({ method: 'GET', path: '/cgi-bin/get_jsapi_ticket', query: { access_token: t ?? (await token()) } });
  const agentTicket = async (t?: string, type = 'agent_config') =>
    state.dispatch({ method: 'GET', path: '/cgi-bin/ticket/get', query: { access_token: t ?? (await token()), type } });
  return { state, token, corpTicket, agentTicket, advance: (ms: number) => void (now += ms) };
}

describe('simulator JS-SDK tickets', () => {
  it('answers the same ticket until it expires after 7200 s, then a new one; corp and app tickets differ', async () => {
    const { corpTicket, agentTicket, advance, token } = setup();
    const a = await corpTicket();
    expect(a).toMatchObject({ errcode: 0, expires_in: JSAPI_TICKET_TTL_SECONDS, ticket: expect.any(String) });
    advance(1000_000);
    const b = await corpTicket();
    expect(b).toMatchObject({ errcode: 0, ticket: a.ticket, expires_in: JSAPI_TICKET_TTL_SECONDS - 1000 });
    const app = await agentTicket();
    expect(app.errcode).toBe(0);
    expect(app.ticket).not.toBe(a.ticket);
    advance((JSAPI_TICKET_TTL_SECONDS - 1000) * 1000);
    // The access token expired at the same time (7200 s): a fresh one, and a fresh ticket.
    const c = await corpTicket(await token());
    expect(c.errcode).toBe(0);
    expect(c.ticket).not.toBe(a.ticket);
  });

  it('refuses the 101st app ticket within an hour with 45009, and serves again an hour after the first', async () => {
    const { agentTicket, token, advance } = setup();
    const t = await token();
    for (let i = 0; i < TICKETS_PER_HOUR_PER_APP; i++) {
      expect((await agentTicket(t)).errcode).toBe(0);
      advance(1000);
    }
    const over = await agentTicket(t);
    expect(over.errcode).toBe(45009);
    expect(over.ticket).toBeUndefined();
    advance(3600_000 - TICKETS_PER_HOUR_PER_APP * 1000 + 1);
    expect((await agentTicket(t)).errcode).toBe(0);
  });

  it('counts the corp and app tickets separately per app', async () => {
    const { agentTicket, corpTicket, token } = setup();
    const t = await token();
    for (let i = 0; i < TICKETS_PER_HOUR_PER_APP; i++) expect((await corpTicket(t)).errcode).toBe(0);
    expect((await corpTicket(t)).errcode).toBe(45009);
    expect((await agentTicket(t)).errcode).toBe(0);
  });

  it('refuses an app ticket for a token of no app (48002), a wrong type (40058), a bad token (40014)', async () => {
    const { agentTicket, token, corpTicket } = setup();
    expect((await agentTicket(await token(NO_AGENT.corpId, NO_AGENT.secret))).errcode).toBe(48002);
    expect((await agentTicket(undefined, 'jsapi')).errcode).toBe(40058);
    expect((await corpTicket('not-a-token')).errcode).toBe(40014);
  });
});
