// The real callback use cases (makeRouteCallback → verifyUrl / acceptMessage) over in-memory ports, under
// random and hostile input. Properties:
// - never a 5xx: every thrown error is an AppError below 500;
// - a 200 only for a validly signed, encrypted and well-formed event of the corp in the URL (or a valid GET
//   handshake), and then the event is in the log and on each subscribed queue exactly once;
// - nothing is logged or enqueued for a rejected input.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as peer from '@wecom/crypto';
import fc from 'fast-check';
import { XMLValidator } from 'fast-xml-parser';
import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { CONCERNS, concernsFor } from '../../shared/domain/fanout';
import { queueMessageSchema } from '../../shared/events/queue-message.schema';
import { DependencyError, isAppError } from '../../shared/errors';
import { apiEvent } from '../../test/support/api-events';
import { ConditionalCheckFailedError, InMemoryCallbackKeys, InMemoryEventLog, RecordingQueuePublisher, type FakeTenant } from '../../test/support/fakes';
import { decodeAesKey, encrypt, signature } from '../../shared/wecom/crypto';
import { eventKeyOf } from '../../shared/wecom/event-key';
import { parseEvent } from '../../shared/wecom/event';
import { MAX_XML_BYTES, parseXmlDocument } from '../../shared/wecom/xml';
import { acceptMessage } from './accept-message';
import { makeRouteCallback } from './route-callback';
import { verifyUrl } from './verify-url';

// ---- the world --------------------------------------------------------------------------------------

const A: FakeTenant = { corpId: 'wwcorpa0000000001', token: 'TokenA', encodingAesKey: 'jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C' };
const B: FakeTenant = { corpId: 'wwcorpb0000000002', token: 'TokenB', encodingAesKey: '4Ma3YBrSBbX2aez8MJpXGBne5LSDwgGqHbhM9WPYIws' };
/** Same token and key as A (one app configuration used for two corps): only the receive id tells them apart. */
const C: FakeTenant = { corpId: 'wwcorpc0000000003', token: A.token, encodingAesKey: A.encodingAesKey };
const UNKNOWN = 'wwnosuchcorp00004';
const NOW = 1_700_000_123_456;

function world() {
  const eventLog = new InMemoryEventLog();
  const queues = new RecordingQueuePublisher();
  const keys = new InMemoryCallbackKeys([A, B, C]);
  const deps = { keys, eventLog, queues, clock: { now: () => NOW } };
  return { deps, eventLog, queues, route: makeRouteCallback(deps) };
}
type World = ReturnType<typeof world>;

const aesKeyOf = (t: FakeTenant) => decodeAesKey(t.encodingAesKey);

/** CDATA that survives any text, including "]]>". */
const cdata = (v: string) => `<![CDATA[${v.replaceAll(']]>', ']]]]><![CDATA[>')}]]>`;

// ---- inputs -----------------------------------------------------------------------------------------

type Expectation =
  | { kind: 'reject'; status?: number }
  /** Valid by construction: 200, and `payload` is what the log must hold for `corp`. */
  | { kind: 'accept'; corp: string; payload: string }
  /** Signed correctly but of unknown content (a tampered ciphertext, re-signed): 200 or 4xx, checked independently. */
  | { kind: 'either'; tenant: FakeTenant; corp: string; encrypted: string }
  | { kind: 'echo'; plaintext: string };

interface Case {
  label: string;
  method: string;
  corp: string;
  query?: Record<string, string>;
  body?: string;
  expect: Expectation;
}

const FIXTURES = join(__dirname, '../../events/wecom');
const templates = readdirSync(FIXTURES)
  .filter((f) => f.endsWith('.xml'))
  .map((f) => readFileSync(join(FIXTURES, f), 'utf8'));

const timestampArb = fc.stringMatching(/^[1-9][0-9]{0,11}$/);
const nonceArb = fc.string({ minLength: 1, maxLength: 32 });
const idText = fc.string({ unit: 'grapheme', minLength: 1, maxLength: 30 });

/** A valid decrypted event: a fixture with a random CreateTime and, where it has one, a random ExternalUserID. */
const payloadArb = fc
  .record({ template: fc.constantFrom(...templates), createTime: fc.integer({ min: 1, max: 2 ** 31 }), ext: idText })
  .map(({ template, createTime, ext }) =>
    template
      .replace(/<CreateTime>\d+<\/CreateTime>/, `<CreateTime>${createTime}</CreateTime>`)
      .replace(/<ExternalUserID>.*?<\/ExternalUserID>/, `<ExternalUserID>${cdata(ext)}</ExternalUserID>`),
  );
const unknownTypePayloadArb = fc
  .record({ event: fc.stringMatching(/^[a-z_]{1,30}$/), createTime: fc.integer({ min: 1, max: 2 ** 31 }) })
  .filter(({ event }) => concernsFor(event).length === 0)
  .map(
    ({ event, createTime }) =>
      `<xml><ToUserName>${cdata('x')}</ToUserName><CreateTime>${createTime}</CreateTime><MsgType>event</MsgType><Event>${cdata(event)}</Event></xml>`,
  );

/** The POST envelope, with its elements in any order, optionally pretty-printed and with an XML declaration. */
const envelopeArb = (corp: string, enc: string) =>
  fc
    .record({
      order: fc.shuffledSubarray([0, 1, 2], { minLength: 3, maxLength: 3 }),
      sep: fc.constantFrom('', '\n', '\n  '),
      decl: fc.boolean(),
      agentId: fc.constantFrom('', '1000002', '218'),
    })
    .map(({ order, sep, decl, agentId }) => {
      const parts = [`<ToUserName>${cdata(corp)}</ToUserName>`, `<Encrypt>${cdata(enc)}</Encrypt>`, `<AgentID>${cdata(agentId)}</AgentID>`];
      return `${decl ? '<?xml version="1.0" encoding="UTF-8"?>\n' : ''}<xml>${sep}${order.map((i) => parts[i]).join(sep)}${sep}</xml>`;
    });

const signedQuery = (t: FakeTenant, ts: string, nonce: string, enc: string) => ({ msg_signature: signature(t.token, ts, nonce, enc), timestamp: ts, nonce });

/** A correctly signed POST of `enc` for tenant `t`, posted to `corp`. */
const signedPost = (t: FakeTenant, corp: string, enc: string) =>
  fc.record({ ts: timestampArb, nonce: nonceArb, body: envelopeArb(t.corpId, enc), upper: fc.boolean() }).map(({ ts, nonce, body, upper }) => {
    const q = signedQuery(t, ts, nonce, enc);
    return { query: { ...q, msg_signature: upper ? q.msg_signature.toUpperCase() : q.msg_signature }, body };
  });

const tenantArb = fc.constantFrom(A, B);

const validEvent: fc.Arbitrary<Case> = fc
  .record({ t: tenantArb, payload: fc.oneof({ weight: 4, arbitrary: payloadArb }, { weight: 1, arbitrary: unknownTypePayloadArb }) })
  .chain(({ t, payload }) =>
    signedPost(t, t.corpId, encrypt(aesKeyOf(t), payload, t.corpId)).map((p) => ({
      label: 'valid event',
      method: 'POST',
      corp: t.corpId,
      ...p,
      expect: { kind: 'accept' as const, corp: t.corpId, payload },
    })),
  );

const randomRequest: fc.Arbitrary<Case> = fc
  .record({
    method: fc.constantFrom('GET', 'POST', 'PUT', 'DELETE', 'OPTIONS', 'HEAD', 'get', 'post'),
    corp: fc.constantFrom(A.corpId, B.corpId, UNKNOWN, '', '../etc/passwd', 'a'.repeat(65), '企业', 'ww corp', '__proto__'),
    query: fc.dictionary(
      fc.constantFrom('msg_signature', 'timestamp', 'nonce', 'echostr', 'encrypt', '__proto__', 'constructor', 'x'),
      fc.oneof(fc.string({ unit: 'binary', maxLength: 100 }), fc.stringMatching(/^[0-9a-f]{40}$/), fc.stringMatching(/^\d{1,12}$/)),
      { maxKeys: 6 },
    ),
    body: fc.option(
      fc.oneof(
        fc.string({ unit: 'binary', maxLength: 500 }),
        fc.uint8Array({ maxLength: 500 }).map((b) => Buffer.from(b).toString('latin1')),
      ),
      { nil: undefined },
    ),
  })
  .map(({ method, corp, query, body }) => ({
    label: 'random request',
    method,
    corp,
    query,
    ...(body === undefined ? {} : { body }),
    expect: { kind: 'reject' as const },
  }));

/** Signed base64 of random bytes: whole 32-byte blocks (reaching the padding and layout checks) or any length. */
const signedRandomCiphertext: fc.Arbitrary<Case> = fc
  .record({ t: tenantArb, blocks: fc.integer({ min: 1, max: 12 }), odd: fc.boolean(), seed: fc.uint8Array({ minLength: 1, maxLength: 400 }) })
  .chain(({ t, blocks, odd, seed }) => {
    const bytes = odd
      ? Buffer.from(seed)
      : Buffer.concat(Array.from({ length: Math.ceil((blocks * 32) / seed.length) + 1 }, () => Buffer.from(seed))).subarray(0, blocks * 32);
    const enc = bytes.toString('base64');
    return signedPost(t, t.corpId, enc).map((p) => ({
      label: 'signed random ciphertext',
      method: 'POST',
      corp: t.corpId,
      ...p,
      expect: { kind: 'reject' as const, status: 400 },
    }));
  });

/** The right signature over an Encrypt text that is no ciphertext at all. */
const signedGarbage: fc.Arbitrary<Case> = fc
  .record({ t: tenantArb, enc: fc.string({ unit: 'binary', minLength: 1, maxLength: 300 }).filter((s) => s.trim().length > 0) })
  .chain(({ t, enc }) =>
    signedPost(t, t.corpId, enc).map((p) => ({ label: 'signed garbage', method: 'POST', corp: t.corpId, ...p, expect: { kind: 'reject' as const } })),
  );

/** A valid ciphertext with 1–3 bits flipped, under the original signature (401) or re-signed (either). */
const bitFlipped: fc.Arbitrary<Case> = fc
  .record({ t: tenantArb, payload: payloadArb, resign: fc.boolean(), ts: timestampArb, nonce: nonceArb })
  .chain(({ t, payload, resign, ts, nonce }) => {
    const original = encrypt(aesKeyOf(t), payload, t.corpId);
    const bits = Buffer.from(original, 'base64').length * 8;
    return fc.uniqueArray(fc.nat({ max: bits - 1 }), { minLength: 1, maxLength: 3 }).chain((flips) => {
      const bytes = Buffer.from(original, 'base64');
      for (const f of flips) bytes[f >> 3]! ^= 1 << (f & 7);
      const tampered = bytes.toString('base64');
      const query = signedQuery(t, ts, nonce, resign ? tampered : original);
      return envelopeArb(t.corpId, tampered).map((body): Case => ({
        label: resign ? 'bit-flipped, re-signed' : 'bit-flipped, original signature',
        method: 'POST',
        corp: t.corpId,
        query,
        body,
        expect: resign ? { kind: 'either', tenant: t, corp: t.corpId, encrypted: tampered } : { kind: 'reject', status: 401 },
      }));
    });
  });

/**
 * A re-signed tamper that stays well-formed: flips in the ciphertext block before two blocks that lie inside a
 * long CDATA value garble one block of the value and flip one bit of the next. CBC has no integrity of its own;
 * only the signature (the token) guards against this, so with a valid signature it is a valid event.
 */
const tamperedInsideCdata: fc.Arbitrary<Case> = fc
  .record({ t: tenantArb, flips: fc.uniqueArray(fc.nat({ max: 127 }), { minLength: 1, maxLength: 3 }), ts: timestampArb, nonce: nonceArb })
  .chain(({ t, flips, ts, nonce }) => {
    const ext = 'a'.repeat(96);
    const payload = templates
      .find((x) => x.includes('add_external_contact'))!
      .replace(/<ExternalUserID>.*?<\/ExternalUserID>/, `<ExternalUserID>${cdata(ext)}</ExternalUserID>`);
    const at = 20 + Buffer.from(payload.slice(0, payload.indexOf(ext))).length; // plaintext offset of the value
    const block = Math.ceil(at / 16); // first whole 16-byte block inside the value; it and the next stay inside
    const bytes = Buffer.from(encrypt(aesKeyOf(t), payload, t.corpId), 'base64');
    for (const f of flips) bytes[block * 16 + (f >> 3)]! ^= 1 << (f & 7);
    const tampered = bytes.toString('base64');
    return envelopeArb(t.corpId, tampered).map((body): Case => ({
      label: 'tampered inside CDATA, re-signed',
      method: 'POST',
      corp: t.corpId,
      query: signedQuery(t, ts, nonce, tampered),
      body,
      expect: { kind: 'either', tenant: t, corp: t.corpId, encrypted: tampered },
    }));
  });

const BILLION_LAUGHS =
  '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">' +
  '<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]><xml><ToUserName>&lol3;</ToUserName><Encrypt>&lol3;</Encrypt></xml>';
const hostilePayloads = [
  BILLION_LAUGHS,
  '<!DOCTYPE xml [<!ENTITY x SYSTEM "file:///etc/passwd">]><xml><ToUserName>&x;</ToUserName><CreateTime>1</CreateTime><MsgType>event</MsgType></xml>',
  '<xml><ToUserName>c</ToUserName><__proto__><polluted>1</polluted></__proto__><CreateTime>1</CreateTime><MsgType>event</MsgType></xml>',
  `<xml>${'<a>'.repeat(200)}${'</a>'.repeat(200)}</xml>`,
  '<xml><ToUserName>c</ToUserName><CreateTime>not-a-time</CreateTime><MsgType>event</MsgType></xml>',
  '<xml><ToUserName>c</ToUserName><CreateTime>1</CreateTime><MsgType>event</MsgType><Event>change_external_contact</Event><ChangeType>add_external_contact</ChangeType></xml>',
  '{"ToUserName":"c","CreateTime":1}',
  '',
];

/** Hostile or invalid payloads inside valid encryption and signatures: 400. */
const signedHostilePayload: fc.Arbitrary<Case> = fc
  .record({
    t: tenantArb,
    payload: fc.oneof(
      fc.constantFrom(...hostilePayloads),
      fc.string({ unit: 'binary', maxLength: 300 }),
      payloadArb.map((p) => p.slice(0, -8)),
    ),
  })
  .chain(({ t, payload }) => {
    const enc = encrypt(aesKeyOf(t), payload, t.corpId);
    return signedPost(t, t.corpId, enc).map((p) => ({
      label: 'hostile payload',
      method: 'POST',
      corp: t.corpId,
      ...p,
      expect: { kind: 'reject' as const, status: 400 },
    }));
  });

/** Bombs and oversized bodies where the envelope is expected. */
const hostileBody: fc.Arbitrary<Case> = fc
  .record({
    t: tenantArb,
    body: fc.oneof(
      fc.constant(BILLION_LAUGHS),
      fc.integer({ min: 1, max: 4096 }).map((n) => 'x'.repeat(MAX_XML_BYTES + n)),
      fc.integer({ min: 1, max: 4096 }).map((n) => `<xml><Encrypt>${'A'.repeat(MAX_XML_BYTES + n)}</Encrypt></xml>`),
      fc.constant('中'.repeat(Math.ceil(MAX_XML_BYTES / 3) + 1)), // under the limit in characters, over it in bytes
      fc.constant(`<xml>${'<a>'.repeat(50_000)}</xml>`),
    ),
    ts: timestampArb,
  })
  .map(({ t, body, ts }) => {
    const huge = Buffer.byteLength(body) > MAX_XML_BYTES;
    return {
      label: 'hostile body',
      method: 'POST',
      corp: t.corpId,
      query: signedQuery(t, ts, '1', 'x'),
      body,
      expect: { kind: 'reject' as const, status: huge ? 413 : 400 },
    };
  });

/** A valid event of one corp posted under another corp's URL. */
const wrongCorp: fc.Arbitrary<Case> = fc.record({ payload: payloadArb, to: fc.constantFrom(B.corpId, C.corpId, UNKNOWN) }).chain(({ payload, to }) =>
  signedPost(A, to, encrypt(aesKeyOf(A), payload, A.corpId)).map((p) => ({
    label: `A's event posted to ${to}`,
    method: 'POST',
    corp: to,
    ...p,
    // B: B's token does not verify A's signature; C: same keys, but the receive id is A's; unknown: 404.
    expect: { kind: 'reject' as const, status: to === B.corpId ? 401 : to === C.corpId ? 400 : 404 },
  })),
);

/** GET handshakes: valid ones answer the plaintext; tampered or foreign ones are refused. */
const handshake: fc.Arbitrary<Case> = fc
  .record({
    t: tenantArb,
    echo: fc.stringMatching(/^[0-9]{1,20}$/),
    ts: timestampArb,
    nonce: nonceArb,
    tamper: fc.constantFrom('none', 'signature', 'corp', 'receiveId'),
  })
  .map(({ t, echo, ts, nonce, tamper }) => {
    const echostr = encrypt(aesKeyOf(t), echo, tamper === 'receiveId' ? 'wwsomeoneelse' : t.corpId);
    const q = { ...signedQuery(t, ts, nonce, echostr), echostr };
    if (tamper === 'signature') q.msg_signature = signature(t.token, ts, `${nonce}x`, echostr);
    const corp = tamper === 'corp' ? (t === A ? B.corpId : A.corpId) : t.corpId;
    const expect: Expectation = tamper === 'none' ? { kind: 'echo', plaintext: echo } : { kind: 'reject', status: tamper === 'receiveId' ? 400 : 401 };
    return { label: `GET handshake (${tamper})`, method: 'GET', corp, query: q, expect };
  });

// ---- the oracle -------------------------------------------------------------------------------------

async function send(w: World, c: Case): Promise<{ status: number; body: string | undefined }> {
  let res: APIGatewayProxyStructuredResultV2;
  try {
    res = await w.route(
      apiEvent({
        method: c.method,
        path: `/wecom/${c.corp}/callback`,
        pathParameters: { corpId: c.corp },
        ...(c.query ? { query: c.query } : {}),
        ...(c.body === undefined ? {} : { body: c.body }),
      }),
    );
  } catch (e) {
    // The HTTP error handler answers an AppError with its status, anything else with 500.
    if (!isAppError(e)) throw new Error(`${c.label}: a non-AppError escaped (would be a 500): ${String(e)}`, { cause: e });
    return { status: e.httpStatus, body: undefined };
  }
  return { status: res.statusCode ?? 200, body: typeof res.body === 'string' ? res.body : undefined };
}

/** What an accepted payload must have left behind: the event logged once and on each subscribed queue once. */
async function expectDelivered(w: World, corp: string, payload: string) {
  const key = eventKeyOf(corp, payload);
  const logged = await w.eventLog.get(corp, key);
  expect(logged?.message.corpId).toBe(corp);
  const concerns = [...logged!.concerns].sort();
  expect([...logged!.enqueued].sort()).toEqual(concerns);
  for (const c of CONCERNS) expect(w.queues.on(c).filter((m) => m.eventKey === key)).toHaveLength(concerns.includes(c) ? 1 : 0);
}

async function check(w: World, c: Case): Promise<number> {
  const before = { logged: w.eventLog.size, sent: w.queues.sent.length };
  const e = c.expect;
  const known = e.kind === 'accept' && (await w.eventLog.get(e.corp, eventKeyOf(e.corp, e.payload))) !== undefined;
  const { status, body } = await send(w, c);
  // Never a 5xx with healthy dependencies
  expect({ label: c.label, status: status < 500 }).toEqual({ label: c.label, status: true });
  const unchanged = () => expect({ label: c.label, logged: w.eventLog.size, sent: w.queues.sent.length }).toEqual({ label: c.label, ...before });
  switch (e.kind) {
    case 'reject':
      expect({ label: c.label, status: status >= 400 && (e.status === undefined || status === e.status) }).toEqual({ label: c.label, status: true });
      unchanged();
      break;
    case 'echo':
      expect({ label: c.label, status, body }).toEqual({ label: c.label, status: 200, body: e.plaintext });
      unchanged();
      break;
    case 'accept': {
      expect({ label: c.label, status }).toEqual({ label: c.label, status: 200 });
      await expectDelivered(w, e.corp, e.payload);
      if (known)
        unchanged(); // a repeated delivery changes nothing
      else {
        const parsed = parseEvent(parseXmlDocument(e.payload));
        if (!parsed.ok) throw new Error(`a valid-by-construction payload did not parse: ${parsed.issues.join('; ')}`);
        expect(w.eventLog.size).toBe(before.logged + 1);
        expect(w.queues.sent.length - before.sent).toBe(concernsFor(parsed.event.type).length);
      }
      break;
    }
    case 'either':
      if (status === 200) {
        // Checked independently: the peer implementation decrypts it for this corp, fast-xml-parser finds
        // the XML well-formed, and what was logged and enqueued is exactly that payload.
        const out = peer.decrypt(e.tenant.encodingAesKey, e.encrypted);
        expect(out.id).toBe(e.corp);
        expect(XMLValidator.validate(out.message)).toBe(true);
        expect(w.eventLog.size - before.logged).toBeLessThanOrEqual(1);
        await expectDelivered(w, e.corp, out.message);
      } else {
        expect(status).toBeGreaterThanOrEqual(400);
        unchanged();
      }
      break;
  }
  return status;
}

// ---- properties -------------------------------------------------------------------------------------

describe('callback under random and hostile input (fast-check)', () => {
  it('a mix of valid, random and hostile requests: never a 5xx, 200 only for valid events, nothing stored for rejects', async () => {
    const w = world();
    const statuses = new Map<string, Set<number>>();
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          validEvent,
          randomRequest,
          signedRandomCiphertext,
          signedGarbage,
          bitFlipped,
          tamperedInsideCdata,
          signedHostilePayload,
          hostileBody,
          wrongCorp,
          handshake,
        ),
        async (c) => {
          const status = await check(w, c);
          statuses.set(c.label.replace(/ to .*/, ''), (statuses.get(c.label.replace(/ to .*/, '')) ?? new Set()).add(status));
        },
      ),
      { numRuns: 1500 },
    );
    // The mix reached every kind of input, and valid events were accepted along the way
    expect(statuses.get('valid event')).toEqual(new Set([200]));
    expect(statuses.get('tampered inside CDATA, re-signed')?.has(200)).toBe(true); // the independent check of a 200 ran
    expect([...statuses.keys()].length).toBeGreaterThanOrEqual(10);
    expect(w.eventLog.size).toBeGreaterThan(0);
  });

  it('random requests alone: a 4xx, and the log and queues stay empty', async () => {
    const w = world();
    await fc.assert(
      fc.asyncProperty(fc.oneof(randomRequest, signedRandomCiphertext, signedGarbage, signedHostilePayload, hostileBody, wrongCorp), (c) =>
        check(w, c).then(() => undefined),
      ),
      {
        numRuns: 800,
      },
    );
    expect(w.eventLog.size).toBe(0);
    expect(w.queues.attempts).toEqual([]);
  });

  it('tampering under the original signature is always 401', async () => {
    const w = world();
    await fc.assert(
      fc.asyncProperty(
        bitFlipped.filter((c) => c.expect.kind === 'reject'),
        async (c) => expect(await check(w, c)).toBe(401),
      ),
      { numRuns: 300 },
    );
    expect(w.eventLog.size).toBe(0);
  });

  it('acceptMessage itself, with any corp id and any query values (including undefined): an AppError below 500 or 200', async () => {
    const w = world();
    await fc.assert(
      fc.asyncProperty(
        fc.string({ unit: 'binary', maxLength: 80 }),
        fc.dictionary(fc.constantFrom('msg_signature', 'timestamp', 'nonce'), fc.option(fc.string({ unit: 'binary', maxLength: 60 }), { nil: undefined })),
        fc.string({ unit: 'binary', maxLength: 400 }),
        async (corpId, query, body) => {
          await acceptMessage(w.deps, { corpId, query, body }).then(
            () => {
              throw new Error('a random request was accepted');
            },
            (e: unknown) => {
              expect(isAppError(e) && e.httpStatus >= 400 && e.httpStatus < 500).toBe(true);
            },
          );
        },
      ),
      { numRuns: 500 },
    );
    expect(w.eventLog.size + w.queues.sent.length).toBe(0);
  });

  it('valid events of any content are accepted once, however often they are delivered', async () => {
    const w = world();
    await fc.assert(
      fc.asyncProperty(validEvent, fc.integer({ min: 1, max: 3 }), async (c, times) => {
        for (let i = 0; i < times; i++) expect(await check(w, c)).toBe(200);
      }),
      { numRuns: 200 },
    );
    const keys = w.eventLog.all().map((e) => e.eventKey);
    expect(new Set(keys).size).toBe(keys.length);
  });
});

// ---- examples ---------------------------------------------------------------------------------------

const ADD = readFileSync(join(FIXTURES, 'add-external-contact.xml'), 'utf8');

/** A fresh delivery of `xml` for tenant `t`: encrypted anew, new timestamp and nonce, as WeCom retries are. */
function delivery(t: FakeTenant, xml: string, n = 0) {
  const enc = encrypt(aesKeyOf(t), xml, t.corpId);
  const ts = String(1_700_000_000 + n);
  return {
    corpId: t.corpId,
    query: signedQuery(t, ts, `n${n}`, enc),
    body: `<xml><ToUserName>${cdata(t.corpId)}</ToUserName><Encrypt>${cdata(enc)}</Encrypt><AgentID>${cdata('1000002')}</AgentID></xml>`,
  };
}

describe('acceptMessage, example by example', () => {
  it('logs an event and puts the full message on each subscribed queue', async () => {
    // Given a valid add event
    const w = world();
    // When it is delivered
    const res = await acceptMessage(w.deps, delivery(A, ADD));
    // Then 200 with an empty body, the event is logged, and relationship, auto-accept and greeting have it
    const key = eventKeyOf(A.corpId, ADD);
    expect(res).toEqual({
      status: 200,
      contentType: 'text/plain',
      body: '',
      accepted: { eventKey: key, type: 'change_external_contact.add_external_contact', duplicate: false },
    });
    expect(w.queues.sent.map((s) => s.concern).sort()).toEqual(['auto-accept', 'greeting', 'relationship']);
    const message = w.queues.on('greeting')[0]!;
    expect(queueMessageSchema.parse(message)).toEqual({
      v: 1,
      eventKey: key,
      corpId: A.corpId,
      type: 'change_external_contact.add_external_contact',
      occurredAt: 1403610513,
      receivedAt: NOW,
      event: expect.objectContaining({ ExternalUserID: 'woAJ2GCAAAXtWyujaWJHDDGi0mAAAA', WelcomeCode: 'WELCOMECODE', CreateTime: 1403610513 }),
    });
    expect(w.eventLog.all().map((e) => [e.eventKey, [...e.enqueued].sort()])).toEqual([[key, ['auto-accept', 'greeting', 'relationship']]]);
  });

  it('a repeated delivery enqueues nothing new', async () => {
    // Given an event already accepted
    const w = world();
    await acceptMessage(w.deps, delivery(A, ADD, 1));
    const sent = w.queues.sent.length;
    // When WeCom delivers it again (new ciphertext, timestamp and nonce)
    const again = await acceptMessage(w.deps, delivery(A, ADD, 2));
    // Then it is acknowledged as a duplicate and nothing is published or logged again
    expect(again).toMatchObject({ status: 200, accepted: { duplicate: true } });
    expect(w.queues.sent.length).toBe(sent);
    expect(w.queues.attempts.length).toBe(sent);
    expect(w.eventLog.size).toBe(1);
  });

  it('a publish failure on one concern is a 503 DependencyError, and the retry sends only to that concern', async () => {
    // Given the greeting queue is down
    const w = world();
    w.queues.failFor('greeting');
    // When the event arrives
    const first = acceptMessage(w.deps, delivery(A, ADD, 1));
    // Then the callback fails with a retryable 503 so WeCom retries; the other two queues have it
    await expect(first).rejects.toBeInstanceOf(DependencyError);
    await expect(first).rejects.toMatchObject({ httpStatus: 503, retryable: true, details: { failed: ['greeting'] } });
    expect(w.queues.sent.map((s) => s.concern).sort()).toEqual(['auto-accept', 'relationship']);
    expect([...w.eventLog.all()[0]!.enqueued].sort()).toEqual(['auto-accept', 'relationship']);
    // When the queue is back and WeCom retries
    w.queues.recover();
    const attemptsBefore = w.queues.attempts.length;
    expect(await acceptMessage(w.deps, delivery(A, ADD, 2))).toMatchObject({ status: 200, accepted: { duplicate: true } });
    // Then only greeting is sent to, and now every subscribed queue has the event exactly once
    expect(w.queues.attempts.slice(attemptsBefore)).toEqual([{ concern: 'greeting', ok: true }]);
    expect(w.queues.sent.map((s) => s.concern).sort()).toEqual(['auto-accept', 'greeting', 'relationship']);
    expect([...w.eventLog.all()[0]!.enqueued].sort()).toEqual(['auto-accept', 'greeting', 'relationship']);
    // And the retry sent the message the first attempt logged (the same receivedAt, the same event)
    expect(w.queues.on('greeting')[0]).toEqual(w.queues.on('relationship')[0]);
    // And a further delivery publishes nothing
    await acceptMessage(w.deps, delivery(A, ADD, 3));
    expect(w.queues.attempts.length).toBe(attemptsBefore + 1);
  });

  it('through the route, a queue failure is the only 5xx', async () => {
    const w = world();
    w.queues.failFor('relationship', 'auto-accept', 'greeting');
    const d = delivery(A, ADD);
    await expect(
      w.route(apiEvent({ method: 'POST', path: `/wecom/${A.corpId}/callback`, pathParameters: { corpId: A.corpId }, query: d.query, body: d.body })),
    ).rejects.toMatchObject({
      httpStatus: 503,
    });
    expect(w.eventLog.size).toBe(1);
    expect(w.queues.sent).toEqual([]);
  });

  it('when the event log cannot record, nothing is enqueued and the error surfaces (a 5xx, so WeCom retries)', async () => {
    const w = world();
    w.eventLog.failRecordWith = new Error('ProvisionedThroughputExceededException');
    await expect(acceptMessage(w.deps, delivery(A, ADD))).rejects.toThrow('ProvisionedThroughputExceededException');
    expect(w.queues.attempts).toEqual([]);
  });

  it('an unknown event type is logged and answered 200, with no queue', async () => {
    const w = world();
    const xml = `<xml><ToUserName>${cdata(A.corpId)}</ToUserName><CreateTime>1700000007</CreateTime><MsgType>event</MsgType><Event>${cdata('some_future_event')}</Event><Foo>bar</Foo></xml>`;
    const res = await acceptMessage(w.deps, delivery(A, xml));
    expect(res).toMatchObject({ status: 200, body: '', accepted: { type: 'some_future_event', duplicate: false } });
    expect(w.eventLog.all().map((e) => [e.type, e.concerns, e.message.event.Foo])).toEqual([['some_future_event', [], 'bar']]);
    expect(w.queues.attempts).toEqual([]);
  });

  it.each(['toString', 'constructor', 'hasOwnProperty'])(
    'an event named like an Object.prototype member (%s) is an unknown type: 200, logged, no queue',
    async (name) => {
      const w = world();
      const xml = `<xml><ToUserName>${cdata(A.corpId)}</ToUserName><CreateTime>1700000007</CreateTime><MsgType>event</MsgType><Event>${cdata(name)}</Event></xml>`;
      expect(await acceptMessage(w.deps, delivery(A, xml))).toMatchObject({ status: 200, accepted: { type: name, duplicate: false } });
      expect(w.eventLog.all().map((e) => [e.type, e.concerns])).toEqual([[name, []]]);
      expect(w.queues.attempts).toEqual([]);
    },
  );
});

describe('GET handshake (verifyUrl through the route)', () => {
  // The official vector A1 (docs/wecom.md#test-vectors), for a tenant whose corp id is the sample's receive id.
  const SAMPLE: FakeTenant = { corpId: 'wx5823bf96d3bd56c7', token: 'QDG6eK', encodingAesKey: 'jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C' };
  const query = {
    msg_signature: '5c45ff5e21c57e6ad56bac8758b79b1d9ac89fd3',
    timestamp: '1409659589',
    nonce: '263014780',
    echostr: 'P9nAzCzyDtyTWESHep1vC5X9xho/qYX3Zpb4yKa9SKld1DsH3Iyt3tP3zNdtp+4RPcs8TgAE7OaBO+FZXvnaqQ==',
  };
  const route = makeRouteCallback({
    keys: new InMemoryCallbackKeys([SAMPLE]),
    eventLog: new InMemoryEventLog(),
    queues: new RecordingQueuePublisher(),
    clock: { now: () => NOW },
  });
  const get = (corp: string, q: Record<string, string>) =>
    route(apiEvent({ method: 'GET', path: `/wecom/${corp}/callback`, pathParameters: { corpId: corp }, query: q }));

  it('answers the decrypted echostr as plain text, nothing else', async () => {
    expect(await get(SAMPLE.corpId, query)).toEqual({ statusCode: 200, headers: { 'content-type': 'text/plain' }, body: '1616140317555161061' });
  });

  it('401 on a signature that does not match', async () => {
    await expect(get(SAMPLE.corpId, { ...query, nonce: '263014781' })).rejects.toMatchObject({ httpStatus: 401 });
    await expect(get(SAMPLE.corpId, { ...query, msg_signature: '0'.repeat(40) })).rejects.toMatchObject({ httpStatus: 401 });
  });

  it('404 for a corp that is not a tenant', async () => {
    await expect(get(UNKNOWN, query)).rejects.toMatchObject({ httpStatus: 404 });
    await expect(get('not a corp id!', query)).rejects.toMatchObject({ httpStatus: 404 });
  });

  it('400 when the echostr was encrypted for another receive id or is missing', async () => {
    const keys = new InMemoryCallbackKeys([{ ...SAMPLE, corpId: 'wwsamekeysothercorp' }]);
    await expect(verifyUrl({ keys }, { corpId: 'wwsamekeysothercorp', query, body: '' })).rejects.toMatchObject({ httpStatus: 400 });
    await expect(get(SAMPLE.corpId, { ...query, echostr: '' })).rejects.toMatchObject({ httpStatus: 400 });
  });
});

describe('the in-memory ports keep the adapters’ semantics', () => {
  const message = (eventKey: string, occurredAt: number) => ({ v: 1 as const, eventKey, corpId: 'c', type: 't', occurredAt, receivedAt: 1, event: {} });
  const entry = (eventKey: string, occurredAt = 10) => ({
    corpId: 'c',
    eventKey,
    type: 't',
    occurredAt,
    receivedAt: 1,
    concerns: ['audit' as const],
    message: message(eventKey, occurredAt),
  });
  const k = (n: number) => n.toString(16).padStart(64, '0');

  it('record is a conditional put that returns what is stored, as copies', async () => {
    const log = new InMemoryEventLog();
    const first = await log.record(entry(k(1)));
    expect(first.created).toBe(true);
    await log.markEnqueued('c', k(1), ['audit']);
    (first.stored.enqueued as Set<string>).add('greeting');
    const second = await log.record({ ...entry(k(1)), type: 'other' });
    expect(second).toMatchObject({ created: false, stored: { type: 't' } });
    expect([...second.stored.enqueued]).toEqual(['audit']);
  });

  it('markEnqueued only adds, and fails for an event that is not there', async () => {
    const log = new InMemoryEventLog();
    await log.record(entry(k(1)));
    await log.markEnqueued('c', k(1), ['audit']);
    await log.markEnqueued('c', k(1), ['greeting']);
    await log.markEnqueued('c', k(9), []);
    expect([...log.all()[0]!.enqueued].sort()).toEqual(['audit', 'greeting']);
    await expect(log.markEnqueued('c', k(9), ['audit'])).rejects.toBeInstanceOf(ConditionalCheckFailedError);
  });

  it('list is ordered by time then key, filtered, and paged with a cursor', async () => {
    const log = new InMemoryEventLog();
    for (const [n, t] of [
      [3, 20],
      [1, 10],
      [2, 10],
      [4, 30],
    ] as const)
      await log.record(entry(k(n), t));
    const page1 = await log.list('c', { from: 10, to: 20, limit: 2 });
    expect(page1.items.map((e) => e.eventKey)).toEqual([k(1), k(2)]);
    const page2 = await log.list('c', { from: 10, to: 20, limit: 2, cursor: page1.cursor });
    expect(page2).toEqual({ items: [expect.objectContaining({ eventKey: k(3) })] });
    expect((await log.list('other', { from: 0, to: 99, limit: 10 })).items).toEqual([]);
  });

  it('stored messages go through JSON and the queue message schema, as in DynamoDB', async () => {
    const log = new InMemoryEventLog();
    const bad = { ...entry(k(1)), message: { ...message(k(1), 10), eventKey: 'not-hex' } };
    await expect(log.record(bad)).rejects.toThrow();
  });

  it('a failing queue rejects and records the attempt; published messages are copies', async () => {
    const q = new RecordingQueuePublisher().failFor('audit');
    const m = message(k(1), 1);
    await expect(q.publish('audit', m)).rejects.toThrow(/audit/);
    await q.publish('greeting', m);
    m.event = { changed: true };
    expect(q.attempts).toEqual([
      { concern: 'audit', ok: false },
      { concern: 'greeting', ok: true },
    ]);
    expect(q.on('greeting')).toEqual([message(k(1), 1)]);
  });
});
