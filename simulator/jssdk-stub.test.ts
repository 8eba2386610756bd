// The JS-SDK stub's answers: signatures checked against the simulator's tickets, app identity needed for the
// contact/chat/send calls, answers that follow the context a test set, and every call recorded.
import { createHash } from 'node:crypto';
import { jssdkCalls, jssdkInvoke, jssdkInvokeSchema, jssdkRegister, jssdkRegisterSchema, setJssdkContext } from './apis/jssdk-stub';
import { DEMO_TENANT } from './demo-tenant';
import { SimState } from './state';

const CORP = DEMO_TENANT.corpId;
const AGENT = String(DEMO_TENANT.agentId);
const sha1 = (s: string) => createHash('sha1').update(s).digest('hex');

async function setup() {
  const state = new SimState({ clock: () => 1_700_000_000_000 });
  const answer = await state.dispatch({ method: 'GET', path: '/cgi-bin/gettoken', query: { corpid: CORP, corpsecret: DEMO_TENANT.secret } });
  const token = { access_token: String(answer.access_token) };
  const ticket = async (path: string, query: Record<string, string> = {}) =>
    String((await state.dispatch({ method: 'GET', path, query: { access_token: token.access_token, ...query } })).ticket);
  return {
    state,
    corp: state.corp(CORP),
    corpTicket: await ticket('/cgi-bin/get_jsapi_ticket'),
    agentTicket: await ticket('/cgi-bin/ticket/get', { type: 'agent_config' }),
  };
}

const url = `http://127.0.0.1:3000/sidebar/?corpId=${CORP}`;
const signed = (ticket: string, kind: 'corp' | 'agent', u = url) =>
  jssdkRegisterSchema.parse({
    kind,
    corpId: CORP,
    agentId: AGENT,
    url: u,
    timestamp: 1700000000,
    nonceStr: 'n1',
    signature: sha1(`jsapi_ticket=${ticket}&noncestr=n1&timestamp=1700000000&url=${u.split('#')[0]}`),
  });
const invoke = (name: string, agent: boolean, args = {}) => jssdkInvokeSchema.parse({ corpId: CORP, name, args, agent });

describe('JS-SDK stub', () => {
  it('accepts config/agentConfig signed with the current tickets (URL cut at #) and refuses the wrong ticket or URL', async () => {
    const { corp, corpTicket, agentTicket } = await setup();
    expect(jssdkRegister(corp, signed(corpTicket, 'corp', `${url}#/x`), 0)).toEqual({ errMsg: 'config:ok' });
    expect(jssdkRegister(corp, signed(agentTicket, 'agent'), 0)).toEqual({ errMsg: 'agentConfig:ok' });
    expect(jssdkRegister(corp, signed(corpTicket, 'agent'), 0).errMsg).toBe('agentConfig:fail invalid signature');
    expect(jssdkRegister(corp, { ...signed(corpTicket, 'corp'), url: 'http://127.0.0.1:3000/other' }, 0).errMsg).toBe('config:fail invalid signature');
  });

  it('answers by context, needs app identity for the customer, the chat and sending, and records each call', async () => {
    const { corp } = await setup();
    expect(jssdkInvoke(corp, invoke('getContext', false), 0)).toEqual({ err_msg: 'getContext:ok', entry: 'normal' });
    setJssdkContext(corp, { entry: 'single_chat_tools', externalUserId: 'wmA' });
    expect(jssdkInvoke(corp, invoke('getCurExternalContact', false), 0).err_msg).toBe('getCurExternalContact:fail no permission');
    expect(jssdkInvoke(corp, invoke('getCurExternalContact', true), 0)).toEqual({ err_msg: 'getCurExternalContact:ok', userId: 'wmA' });
    expect(jssdkInvoke(corp, invoke('getCurExternalChat', true), 0).err_msg).toBe('getCurExternalChat:fail without context of external contact');
    expect(jssdkInvoke(corp, invoke('sendChatMessage', true, { msgtype: 'text', text: { content: '你好' } }), 0).err_msg).toBe('sendChatMessage:ok');
    expect(jssdkInvoke(corp, invoke('sendChatMessage', true, { msgtype: 'text' }), 0).err_msg).toBe('sendChatMessage:fail invalid msgtype');
    setJssdkContext(corp, { entry: 'group_chat_tools', chatId: 'wrC' });
    expect(jssdkInvoke(corp, invoke('getCurExternalChat', true), 0)).toEqual({ err_msg: 'getCurExternalChat:ok', chatId: 'wrC' });
    const sent = jssdkCalls(corp).filter((c) => c.name === 'sendChatMessage' && c.errMsg.endsWith(':ok'));
    expect(sent).toEqual([expect.objectContaining({ args: { msgtype: 'text', text: { content: '你好' } } })]);
  });
});
