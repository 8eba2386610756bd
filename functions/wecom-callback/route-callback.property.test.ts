// Random and hostile input at the callback: never a 5xx, and nothing logged or enqueued unless the input
// was a validly signed, encrypted, well-formed event of the corp in the URL.
import { randomBytes } from 'node:crypto';
import fc from 'fast-check';
import { isAppError } from '../../shared/errors';
import { InMemoryEventLog, RecordingQueues, StaticKeys } from '../../shared/testing/in-memory-ports';
import { apiEvent } from '../../shared/testing/api-events';
import { decodeAesKey, encrypt, signature } from '../../shared/wecom/crypto';
import { addExternalContactXml, signedCallback, xmlDocument } from '../../simulator/callbacks';
import { makeRouteCallback } from './route-callback';

const corpId = 'wwfuzzcorp';
const token = 'FuzzToken';
const aesKey = decodeAesKey('jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C');

function setup() {
  const eventLog = new InMemoryEventLog();
  const queues = new RecordingQueues();
  const route = makeRouteCallback({ keys: new StaticKeys({ [corpId]: { token, aesKey } }), eventLog, queues, now: () => 1 });
  const run = async (o: { method?: string; corp?: string; query?: Record<string, string>; body?: string }) => {
    try {
      const res = await route(
        apiEvent({
          method: o.method ?? 'POST',
          path: `/wecom/${o.corp ?? corpId}/callback`,
          pathParameters: { corpId: o.corp ?? corpId },
          ...(o.query ? { query: o.query } : {}),
          ...(o.body !== undefined ? { body: o.body } : {}),
        }),
      );
      return res.statusCode ?? 200;
    } catch (e) {
      // The HTTP error handler maps AppErrors to their status; anything else would be a 500.
      return isAppError(e) ? e.httpStatus : 500;
    }
  };
  return { eventLog, queues, run };
}

const sign = (encryptText: string, ts = '1700000000', nonce = '42') => ({
  msg_signature: signature(token, ts, nonce, encryptText),
  timestamp: ts,
  nonce,
});
const envelope = (enc: string) => xmlDocument([['ToUserName', corpId], ['Encrypt', enc]]);
const anyString = fc.string({ maxLength: 300, unit: 'binary' });
const queryArb = fc.dictionary(fc.constantFrom('msg_signature', 'timestamp', 'nonce', 'echostr', 'x'), anyString, { maxKeys: 5 });

describe('callback under random and hostile input', () => {
  it('random query strings and bodies: a 4xx, nothing logged, nothing enqueued', async () => {
    const { eventLog, queues, run } = setup();
    await fc.assert(
      fc.asyncProperty(fc.constantFrom('GET', 'POST', 'PUT'), queryArb, anyString, fc.constantFrom(corpId, 'wwother', '../x', ''), async (method, query, body, corp) => {
        const status = await run({ method, corp, query, body });
        expect(status).toBeGreaterThanOrEqual(400);
        expect(status).toBeLessThan(500);
      }),
      { numRuns: 300 },
    );
    expect(eventLog.events.size).toBe(0);
    expect(queues.sent).toEqual([]);
  });

  it('correctly signed garbage, foreign receive ids and foreign keys: 400, nothing logged or enqueued', async () => {
    const { eventLog, queues, run } = setup();
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          // signed random base64 of random length
          fc.uint8Array({ minLength: 1, maxLength: 200 }).map((b) => Buffer.from(b).toString('base64')),
          // a well-formed ciphertext of random bytes, or of an event for another corp, or under another key
          fc.string({ maxLength: 100 }).map((m) => encrypt(aesKey, m, corpId)),
          fc.constant(encrypt(aesKey, addExternalContactXml({ corpId, userId: 'u', externalUserId: 'e' }), 'wwother')),
          fc.constant(encrypt(randomBytes(32), addExternalContactXml({ corpId, userId: 'u', externalUserId: 'e' }), corpId)),
        ),
        async (enc) => {
          const status = await run({ query: sign(enc), body: envelope(enc) });
          expect(status).toBe(400);
        },
      ),
      { numRuns: 300 },
    );
    expect(eventLog.events.size).toBe(0);
    expect(queues.sent).toEqual([]);
  });

  it('a tampered ciphertext under the original signature: 401, nothing logged or enqueued', async () => {
    // CBC alone has no integrity (a flip in the first block only garbles the ignored random prefix):
    // the signature over the ciphertext is what makes tampering visible.
    const { eventLog, queues, run } = setup();
    const valid = encrypt(aesKey, addExternalContactXml({ corpId, userId: 'u', externalUserId: 'e' }), corpId);
    const query = sign(valid);
    await fc.assert(
      fc.asyncProperty(fc.nat({ max: Buffer.from(valid, 'base64').length * 8 - 1 }), async (bit) => {
        const b = Buffer.from(valid, 'base64');
        b[bit >> 3]! ^= 1 << (bit & 7);
        expect(await run({ query, body: envelope(b.toString('base64')) })).toBe(401);
      }),
      { numRuns: 300 },
    );
    expect(eventLog.events.size).toBe(0);
    expect(queues.sent).toEqual([]);
  });

  it('XML bombs, huge bodies and hostile payloads inside valid encryption: a 4xx and nothing stored', async () => {
    const { eventLog, queues, run } = setup();
    const bomb =
      '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;">]><xml><ToUserName>&lol2;</ToUserName></xml>';
    const hostile = [
      bomb,
      `<xml><ToUserName><![CDATA[${corpId}]]></ToUserName><__proto__><polluted>1</polluted></__proto__></xml>`,
      `<xml>${'<a>'.repeat(100)}${'</a>'.repeat(100)}</xml>`,
      `<xml><ToUserName><![CDATA[${corpId}]]></ToUserName><CreateTime>not-a-time</CreateTime><MsgType>event</MsgType></xml>`,
    ];
    for (const xml of hostile) {
      const enc = encrypt(aesKey, xml, corpId);
      expect(await run({ query: sign(enc), body: envelope(enc) })).toBe(400);
    }
    expect(await run({ query: sign('x'), body: bomb })).toBe(400);
    expect(await run({ query: sign('x'), body: 'x'.repeat(256 * 1024 + 1) })).toBe(413);
    expect(await run({ query: sign('x'), body: '中'.repeat(90_000) })).toBe(413); // 270 KB in UTF-8
    expect(eventLog.events.size).toBe(0);
    expect(queues.sent).toEqual([]);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('valid events are accepted with 200 whatever their content, and logged once', async () => {
    const { eventLog, queues, run } = setup();
    await fc.assert(
      fc.asyncProperty(fc.string({ minLength: 1, maxLength: 60 }), fc.string({ maxLength: 30 }), async (ext, state) => {
        const xml = addExternalContactXml({ corpId, userId: 'zhangsan', externalUserId: ext, state, createTime: 1_700_000_000 });
        const cb = signedCallback({ corpId, token, aesKey, xml });
        expect(await run({ query: cb.query, body: cb.body })).toBe(200);
        expect(await run({ query: cb.query, body: cb.body })).toBe(200);
      }),
      { numRuns: 100 },
    );
    const keys = [...eventLog.events.values()].map((e) => e.eventKey);
    expect(new Set(keys).size).toBe(keys.length);
    expect(queues.sent.length).toBe(keys.length * 3);
  });
});

describe('accept path, example by example', () => {
  it('a repeated delivery enqueues nothing new; a failed queue gets the event on the retry only', async () => {
    const { eventLog, queues, run } = setup();
    const cb = signedCallback({ corpId, token, aesKey, xml: addExternalContactXml({ corpId, userId: 'u', externalUserId: 'e1', createTime: 5 }) });
    queues.failing.add('greeting');
    expect(await run({ query: cb.query, body: cb.body })).toBe(503);
    expect(queues.sent.map((s) => s.concern).sort()).toEqual(['auto-accept', 'relationship']);
    queues.failing.clear();
    expect(await run({ query: cb.query, body: cb.body })).toBe(200);
    expect(await run({ query: cb.query, body: cb.body })).toBe(200);
    expect(queues.sent.map((s) => s.concern).sort()).toEqual(['auto-accept', 'greeting', 'relationship']);
    expect([...eventLog.events.values()][0]?.enqueued).toEqual(new Set(['auto-accept', 'greeting', 'relationship']));
  });

  it('an event type no concern handles is logged and acknowledged, with no queue', async () => {
    const { eventLog, queues, run } = setup();
    const xml = xmlDocument([
      ['ToUserName', corpId],
      ['CreateTime', 7],
      ['MsgType', 'event'],
      ['Event', 'some_future_event'],
    ]);
    const cb = signedCallback({ corpId, token, aesKey, xml });
    expect(await run({ query: cb.query, body: cb.body })).toBe(200);
    expect([...eventLog.events.values()].map((e) => [e.type, e.concerns])).toEqual([['some_future_event', []]]);
    expect(queues.sent).toEqual([]);
  });
});
