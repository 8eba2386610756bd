// The event key: deterministic per (corp, decrypted payload), distinct for distinct events, even in the
// same second from the same sender (FromUserName is always "sys" for change events).
import fc from 'fast-check';
import { queueMessageSchema } from '../events/queue-message.schema';
import { decodeAesKey, decryptFor, encrypt } from './crypto';
import { eventKeyOf } from './event-key';

const event = (o: { corp?: string; ext: string; createTime?: number; change?: string }) =>
  `<xml><ToUserName><![CDATA[${o.corp ?? 'wwcorp'}]]></ToUserName><FromUserName><![CDATA[sys]]></FromUserName>` +
  `<CreateTime>${o.createTime ?? 1700000000}</CreateTime><MsgType><![CDATA[event]]></MsgType>` +
  `<Event><![CDATA[change_external_contact]]></Event><ChangeType><![CDATA[${o.change ?? 'add_external_contact'}]]></ChangeType>` +
  `<UserID><![CDATA[zhangsan]]></UserID><ExternalUserID><![CDATA[${o.ext}]]></ExternalUserID></xml>`;

describe('eventKeyOf', () => {
  it('is deterministic, and a 64-hex key as the queue message schema requires', () => {
    // Given the same corp and payload twice / Then the same key, in the shape queue messages carry
    const a = eventKeyOf('wwcorp', event({ ext: 'wm1' }));
    expect(eventKeyOf('wwcorp', event({ ext: 'wm1' }))).toBe(a);
    expect(a).toMatch(/^[0-9a-f]{64}$/);
    expect(queueMessageSchema.shape.eventKey.safeParse(a).success).toBe(true);
  });

  it('is pinned: the same input gives the same key across releases (stored keys stay valid)', () => {
    // sha256("wwcorp\n<xml/>"), computed with sha256sum
    expect(eventKeyOf('wwcorp', '<xml/>')).toBe('868329df5d1c931aa5f73ff186deee0008eb72cf7e5f6bac9e4df3c328cd5164');
  });

  it('keeps two events of the same second from "sys" apart (two customers scanning one code)', () => {
    // Given two adds in the same second, same FromUserName and CreateTime, different customers
    const first = event({ ext: 'wmAAAA', createTime: 1700000000 });
    const second = event({ ext: 'wmBBBB', createTime: 1700000000 });
    // Then their keys differ
    expect(eventKeyOf('wwcorp', first)).not.toBe(eventKeyOf('wwcorp', second));
    // And so do an add and a delete of the same pair in the same second
    expect(eventKeyOf('wwcorp', event({ ext: 'wmAAAA', change: 'del_follow_user' }))).not.toBe(eventKeyOf('wwcorp', first));
  });

  it('gives the same payload in two corps two keys', () => {
    const payload = event({ ext: 'wmAAAA' });
    expect(eventKeyOf('wwcorpa', payload)).not.toBe(eventKeyOf('wwcorpb', payload));
    expect(eventKeyOf('wwcorp', payload)).not.toBe(eventKeyOf('wwcorp2', payload));
  });

  it('is the same for a retried delivery (encrypted anew)', () => {
    // Given one event encrypted twice with different random prefixes, as WeCom's retries are
    const key = decodeAesKey('jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C');
    const xml = event({ ext: 'wmAAAA' });
    const d1 = encrypt(key, xml, 'wwcorp');
    const d2 = encrypt(key, xml, 'wwcorp');
    expect(d1).not.toBe(d2);
    // Then both decrypt to one key
    expect(eventKeyOf('wwcorp', decryptFor(key, d1, 'wwcorp'))).toBe(eventKeyOf('wwcorp', decryptFor(key, d2, 'wwcorp')));
  });

  it('distinct (corp, payload) pairs get distinct keys', () => {
    const corp = fc.stringMatching(/^[A-Za-z0-9_-]{1,64}$/); // corpIdSchema: no newline, so the separator is unambiguous
    fc.assert(
      fc.property(corp, fc.string({ unit: 'binary', maxLength: 300 }), corp, fc.string({ unit: 'binary', maxLength: 300 }), (c1, p1, c2, p2) => {
        fc.pre(c1 !== c2 || Buffer.from(p1).toString() !== Buffer.from(p2).toString());
        expect(eventKeyOf(c1, p1)).not.toBe(eventKeyOf(c2, p2));
      }),
      { numRuns: 1000 },
    );
  });
});
