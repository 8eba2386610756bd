// The callback generator produces what our ingest accepts: XML our parser reads, events our schemas
// know, envelopes whose signature verifies and whose ciphertext decrypts to the corp.
import { decodeAesKey, decryptFor, verifySignature } from '../shared/wecom/crypto';
import { parseEvent } from '../shared/wecom/event';
import { parseEnvelope, parseXmlDocument } from '../shared/wecom/xml';
import {
  addExternalContactXml,
  addHalfExternalContactXml,
  callbackQueryString,
  cdata,
  delExternalContactXml,
  delFollowUserXml,
  deleteUserXml,
  editExternalContactXml,
  externalChatCreateXml,
  externalChatDismissXml,
  externalChatUpdateXml,
  externalTagXml,
  kfMsgOrEventXml,
  msgauditNotifyXml,
  signedCallback,
  signedEcho,
  textMessageXml,
  transferFailXml,
} from './callbacks';
import { DEMO_TENANT } from './demo-tenant';

const corpId = DEMO_TENANT.corpId;
const aesKey = decodeAesKey(DEMO_TENANT.encodingAesKey);
const contact = { corpId, userId: 'zhangsan', externalUserId: 'wmAbc123', createTime: 1_700_000_000 };

describe('event XML', () => {
  it.each([
    ['change_external_contact.add_external_contact', addExternalContactXml({ ...contact, state: 'expo', welcomeCode: 'WC' })],
    ['change_external_contact.add_half_external_contact', addHalfExternalContactXml({ ...contact, state: 'expo' })],
    ['change_external_contact.edit_external_contact', editExternalContactXml(contact)],
    ['change_external_contact.del_external_contact', delExternalContactXml({ ...contact, source: 'DELETE_BY_TRANSFER' })],
    ['change_external_contact.del_follow_user', delFollowUserXml(contact)],
    ['change_external_contact.transfer_fail', transferFailXml(contact)],
    ['change_external_chat.create', externalChatCreateXml({ corpId, chatId: 'wrX' })],
    ['change_external_chat.update', externalChatUpdateXml({ corpId, chatId: 'wrX', updateDetail: 'add_member', joinScene: 3, members: ['wmA', 'zhangsan'] })],
    ['change_external_chat.update', externalChatUpdateXml({ corpId, chatId: 'wrX', updateDetail: 'del_member', quitScene: 1, members: ['wmA'] })],
    ['change_external_chat.dismiss', externalChatDismissXml({ corpId, chatId: 'wrX' })],
    ['change_external_tag.create', externalTagXml({ corpId, id: 'et1', changeType: 'create', tagType: 'tag_group' })],
    ['change_contact.delete_user', deleteUserXml({ corpId, userId: 'lisi' })],
    ['msgaudit_notify', msgauditNotifyXml({ corpId })],
    ['kf_msg_or_event', kfMsgOrEventXml({ corpId, token: 'ENCabc', openKfId: 'wkX' })],
    ['msg.text', textMessageXml({ corpId, fromUser: 'wangwu', content: '你好 <b>&', agentId: '1000002' })],
  ])('%s parses and validates', (type, xml) => {
    const parsed = parseEvent(parseXmlDocument(xml));
    expect(parsed).toMatchObject({ ok: true, event: { type, known: true } });
  });

  it('writes strings as CDATA, numbers as text, like WeCom', () => {
    const xml = addExternalContactXml({ ...contact, state: 'expo' });
    expect(xml).toBe(
      '<xml><ToUserName><![CDATA[wwsiyudemo000001]]></ToUserName><FromUserName><![CDATA[sys]]></FromUserName>' +
        '<CreateTime>1700000000</CreateTime><MsgType><![CDATA[event]]></MsgType><Event><![CDATA[change_external_contact]]></Event>' +
        '<ChangeType><![CDATA[add_external_contact]]></ChangeType><UserID><![CDATA[zhangsan]]></UserID>' +
        '<ExternalUserID><![CDATA[wmAbc123]]></ExternalUserID><State><![CDATA[expo]]></State></xml>',
    );
  });

  it('carries member changes as MemChangeList items', () => {
    const fields = parseXmlDocument(externalChatUpdateXml({ corpId, chatId: 'wrX', updateDetail: 'add_member', joinScene: 3, members: ['wmA', 'zhangsan'] }));
    expect(fields).toMatchObject({ UpdateDetail: 'add_member', JoinScene: '3', MemChangeCnt: '2', MemChangeList: { Item: ['wmA', 'zhangsan'] } });
  });

  it('keeps "]]>" inside text intact', () => {
    expect(cdata('a]]>b')).toBe('<![CDATA[a]]]]><![CDATA[>b]]>');
    const fields = parseXmlDocument(textMessageXml({ corpId, fromUser: 'u', content: 'x]]>y', agentId: 1 }));
    expect(fields.Content).toBe('x]]>y');
  });
});

describe('signedCallback', () => {
  it('builds an envelope whose signature verifies and whose Encrypt decrypts for the corp', () => {
    const xml = addExternalContactXml(contact);
    const { query, body } = signedCallback({
      corpId,
      token: DEMO_TENANT.token,
      aesKey,
      xml,
      agentId: DEMO_TENANT.agentId,
      timestamp: '1700000001',
      nonce: '123456',
    });
    const env = parseEnvelope(body);
    expect(env).toMatchObject({ toUserName: corpId, agentId: DEMO_TENANT.agentId });
    expect(query).toMatchObject({ timestamp: '1700000001', nonce: '123456' });
    expect(verifySignature(DEMO_TENANT.token, query.timestamp, query.nonce, env.encrypt, query.msg_signature)).toBe(true);
    expect(decryptFor(aesKey, env.encrypt, corpId)).toBe(xml);
  });

  it('is deterministic with a fixed random prefix, so the same body can be resent as a duplicate', () => {
    const opts = { corpId, token: DEMO_TENANT.token, aesKey, xml: delFollowUserXml(contact), timestamp: '1', nonce: '2', random: Buffer.alloc(16, 7) };
    expect(signedCallback(opts)).toEqual(signedCallback(opts));
  });
});

describe('signedEcho', () => {
  it('signs an echostr that decrypts to the plaintext the endpoint must answer', () => {
    const { query, plaintext } = signedEcho({ corpId, token: DEMO_TENANT.token, aesKey, echo: '1616140317555161061' });
    expect(plaintext).toBe('1616140317555161061');
    expect(verifySignature(DEMO_TENANT.token, query.timestamp, query.nonce, query.echostr, query.msg_signature)).toBe(true);
    expect(decryptFor(aesKey, query.echostr, corpId)).toBe(plaintext);
    // URL-encoded exactly once
    const back = new URLSearchParams(callbackQueryString(query));
    expect(back.get('echostr')).toBe(query.echostr);
  });
});
