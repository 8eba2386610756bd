// The event contract: every fixture in events/wecom/ (decrypted payloads from docs/wecom.md#event-payloads, docs/wecom.md#customer-service and the
// A2 sample of docs/wecom.md#test-vectors) parses and validates as its type; the schemas refuse what a consumer could not use.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { concernsFor } from '../domain/fanout';
import { eventSchemas, type KnownEventType } from './event.schema';
import { eventTypeOf, parseEvent, type EventParseResult } from './event';
import { parseXmlDocument } from './xml';

const FIXTURES = join(__dirname, '../../events/wecom');
const fixtureNames = readdirSync(FIXTURES).filter((f) => f.endsWith('.xml'));
const fixture = (name: string) => readFileSync(join(FIXTURES, name), 'utf8');

/** The type each fixture must parse as. A new fixture needs an entry here (the first test checks it). */
const EXPECTED: Record<string, KnownEventType> = {
  'add-external-contact.xml': 'change_external_contact.add_external_contact',
  'add-half-external-contact.xml': 'change_external_contact.add_half_external_contact',
  'edit-external-contact.xml': 'change_external_contact.edit_external_contact',
  'del-external-contact.xml': 'change_external_contact.del_external_contact',
  'del-follow-user.xml': 'change_external_contact.del_follow_user',
  'transfer-fail.xml': 'change_external_contact.transfer_fail',
  'external-chat-create.xml': 'change_external_chat.create',
  'external-chat-update-add-member.xml': 'change_external_chat.update',
  'external-chat-dismiss.xml': 'change_external_chat.dismiss',
  'external-tag-create.xml': 'change_external_tag.create',
  'contact-delete-user.xml': 'change_contact.delete_user',
  'msgaudit-notify.xml': 'msgaudit_notify',
  'kf-msg-or-event.xml': 'kf_msg_or_event',
  'app-text-message.xml': 'msg.text',
  // 获客助手 (wecom-frontier.md §3.5; field names per DOC 97299 and §10.6)
  'acquisition-balance-low.xml': 'customer_acquisition.balance_low',
  'acquisition-link-unavailable.xml': 'customer_acquisition.link_unavailable',
  'acquisition-quota-expire-soon.xml': 'customer_acquisition.quota_expire_soon',
};

function parsedOk(xml: string) {
  const out = parseEvent(parseXmlDocument(xml));
  if (!out.ok) throw new Error(`expected a valid event: ${out.issues.join('; ')}`);
  return out.event;
}
const issuesOf = (out: EventParseResult) => (out.ok ? [] : out.issues);

describe('events/wecom fixtures (contract)', () => {
  it('every fixture has an expected type, and every expected fixture exists', () => {
    expect([...fixtureNames].sort()).toEqual(Object.keys(EXPECTED).sort());
  });

  it.each(fixtureNames)('%s parses, validates and has its expected type', (name) => {
    // Given a decrypted payload / When it is read and validated
    const event = parsedOk(fixture(name));
    // Then its type is the expected known type, with a numeric CreateTime, and a concern subscribes to it
    expect(event.type).toBe(EXPECTED[name]);
    expect(event.known).toBe(true);
    expect(Number.isInteger(event.createTime)).toBe(true);
    expect(event.createTime).toBe(event.data.CreateTime);
    expect(concernsFor(event.type).length).toBeGreaterThan(0);
  });

  it('every known event type with a fixture is covered; the rest are listed here on purpose', () => {
    const covered = new Set(Object.values(EXPECTED));
    const withoutFixture = (Object.keys(eventSchemas) as KnownEventType[]).filter((t) => !covered.has(t)).sort();
    expect(withoutFixture).toEqual([
      'change_contact.create_user',
      'change_contact.update_user',
      'change_external_contact.msg_audit_approved',
      'change_external_tag.delete',
      'change_external_tag.shuffle',
      'change_external_tag.update',
      'customer_acquisition.balance_exhausted',
      'customer_acquisition.balance_increased',
      'customer_acquisition.delete_link',
    ]);
  });

  it('reads the fields consumers rely on', () => {
    const add = parsedOk(fixture('add-external-contact.xml')).data;
    expect(add).toMatchObject({
      ToUserName: 'toUser',
      FromUserName: 'sys',
      CreateTime: 1403610513,
      UserID: 'zhangsan',
      ExternalUserID: 'woAJ2GCAAAXtWyujaWJHDDGi0mAAAA',
      State: 'teststate',
      WelcomeCode: 'WELCOMECODE',
    });
    const update = parsedOk(fixture('external-chat-update-add-member.xml')).data;
    expect(update).toMatchObject({
      ChatId: 'wree9uDgAAfxkLu5-lEbsmQBjsb7V8Cg',
      UpdateDetail: 'add_member',
      JoinScene: '3',
      MemChangeCnt: '2',
      MemChangeList: { Item: ['wmXXXX', 'zhangsan'] },
      LastMemVer: '6ebe7c3f89cb839ec2e1720f04eae2e0',
    });
    // change_contact's ChangeType is plain text, not CDATA
    expect(fixture('contact-delete-user.xml')).toContain('<ChangeType>delete_user</ChangeType>');
    expect(parsedOk(fixture('contact-delete-user.xml')).data).toMatchObject({ UserID: 'zhangsan' });
    // msgaudit_notify's AgentID is a plain number and stays text
    expect(parsedOk(fixture('msgaudit-notify.xml')).data.AgentID).toBe('2000004');
    // the text message keeps its 19-digit MsgId exactly
    expect(parsedOk(fixture('app-text-message.xml')).data).toMatchObject({ Content: 'hello', MsgId: '4561255354251345929', AgentID: '218' });
    // kf_msg_or_event has no FromUserName/AgentID, and does not need them
    expect(parsedOk(fixture('kf-msg-or-event.xml')).data).not.toHaveProperty('FromUserName');
  });
});

describe('eventTypeOf', () => {
  it.each([
    [{ MsgType: 'event', Event: 'change_external_contact', ChangeType: 'add_external_contact' }, 'change_external_contact.add_external_contact'],
    [{ MsgType: 'event', Event: 'msgaudit_notify' }, 'msgaudit_notify'],
    [{ MsgType: 'event', Event: 'msgaudit_notify', ChangeType: '' }, 'msgaudit_notify'],
    [{ Event: 'change_contact', ChangeType: 'delete_user' }, 'change_contact.delete_user'],
    [{ MsgType: 'text' }, 'msg.text'],
    [{ MsgType: 'image' }, 'msg.image'],
    [{ MsgType: 'event' }, 'unknown'],
    [{}, 'unknown'],
    [{ MsgType: 'x'.repeat(65) }, 'unknown'],
    [{ MsgType: { nested: 'event' } }, 'unknown'],
  ])('%j → %s', (fields, type) => {
    expect(eventTypeOf(fields)).toBe(type);
  });
});

describe('parseEvent', () => {
  const base =
    '<ToUserName><![CDATA[wwcorp]]></ToUserName><FromUserName><![CDATA[sys]]></FromUserName><CreateTime>1700000000</CreateTime><MsgType><![CDATA[event]]></MsgType>';
  const contact = (change: string, extra: string) =>
    `<xml>${base}<Event><![CDATA[change_external_contact]]></Event><ChangeType><![CDATA[${change}]]></ChangeType>${extra}</xml>`;
  const parse = (xml: string) => parseEvent(parseXmlDocument(xml));

  it('an unknown event type is valid with the envelope alone, and marked unknown', () => {
    const out = parse(`<xml>${base}<Event><![CDATA[some_future_event]]></Event><Whatever>1</Whatever></xml>`);
    expect(out).toEqual({
      ok: true,
      event: { type: 'some_future_event', known: false, createTime: 1700000000, data: expect.objectContaining({ Whatever: '1' }) },
    });
    expect(concernsFor('some_future_event')).toEqual([]);
  });

  it('keeps fields WeCom may add later (schemas are loose)', () => {
    const out = parse(contact('add_external_contact', '<UserID>u</UserID><ExternalUserID>e</ExternalUserID><NewField><![CDATA[v]]></NewField>'));
    expect(out.ok && out.event.data.NewField).toBe('v');
  });

  it.each([
    ['no CreateTime', `<xml><ToUserName>c</ToUserName><MsgType>event</MsgType><Event>msgaudit_notify</Event></xml>`, 'CreateTime'],
    [
      'a CreateTime that is not unix seconds',
      `<xml><ToUserName>c</ToUserName><CreateTime>2024-01-01</CreateTime><MsgType>event</MsgType><Event>msgaudit_notify</Event></xml>`,
      'CreateTime',
    ],
    [
      'a negative CreateTime',
      `<xml><ToUserName>c</ToUserName><CreateTime>-1</CreateTime><MsgType>event</MsgType><Event>msgaudit_notify</Event></xml>`,
      'CreateTime',
    ],
    ['no ToUserName', `<xml><CreateTime>1</CreateTime><MsgType>event</MsgType><Event>msgaudit_notify</Event></xml>`, 'ToUserName'],
    ['an add without ExternalUserID', contact('add_external_contact', '<UserID>u</UserID>'), 'ExternalUserID'],
    ['an add with an empty ExternalUserID', contact('add_external_contact', '<UserID>u</UserID><ExternalUserID></ExternalUserID>'), 'ExternalUserID'],
    ['an add whose UserID is a list', contact('add_external_contact', '<UserID>u</UserID><UserID>v</UserID><ExternalUserID>e</ExternalUserID>'), 'UserID'],
    ['a transfer_fail without FailReason', contact('transfer_fail', '<UserID>u</UserID><ExternalUserID>e</ExternalUserID>'), 'FailReason'],
    [
      'a chat update without ChatId',
      `<xml>${base}<Event>change_external_chat</Event><ChangeType>update</ChangeType><UpdateDetail>add_member</UpdateDetail></xml>`,
      'ChatId',
    ],
    [
      'a chat update whose MemChangeList is text',
      `<xml>${base}<Event>change_external_chat</Event><ChangeType>update</ChangeType><ChatId>c</ChatId><UpdateDetail>add_member</UpdateDetail><MemChangeList>x</MemChangeList></xml>`,
      'MemChangeList',
    ],
    ['a kf event without Token', `<xml>${base}<Event>kf_msg_or_event</Event><OpenKfId>wk1</OpenKfId></xml>`, 'Token'],
    [
      'a text message without Content',
      `<xml><ToUserName>c</ToUserName><FromUserName>u</FromUserName><CreateTime>1</CreateTime><MsgType>text</MsgType></xml>`,
      'Content',
    ],
  ])('refuses %s, naming the field', (_label, xml, field) => {
    const out = parse(xml);
    expect(out.ok).toBe(false);
    expect(issuesOf(out).join('\n')).toContain(field);
  });

  it('CreateTime becomes a number; every other value stays the text WeCom sent', () => {
    const out = parse(
      `<xml>${base}<Event>change_external_chat</Event><ChangeType>update</ChangeType><ChatId>007</ChatId><UpdateDetail>add_member</UpdateDetail><JoinScene>0</JoinScene></xml>`,
    );
    expect(out.ok && out.event.data).toMatchObject({ CreateTime: 1700000000, ChatId: '007', JoinScene: '0' });
  });
});
