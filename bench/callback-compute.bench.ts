// Callback compute per event: everything the callback does before any I/O (read the envelope, verify the
// signature, decrypt, parse the XML, validate the schema, compute the event key) over a realistic mix of
// the events/wecom fixtures. Target: ≥ 150,000 events/s on one core (issue #19; was 50,000).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { acceptMessage } from '../functions/wecom-callback/accept-message';
import { InMemoryCallbackKeys, InMemoryEventLog, RecordingQueuePublisher } from '../test/support/fakes';
import { decodeAesKey, decryptFor, encrypt, signature, verifySignature } from '../shared/wecom/crypto';
import { eventKeyOf } from '../shared/wecom/event-key';
import { parseEvent } from '../shared/wecom/event';
import { parseEnvelope, parseXmlDocument } from '../shared/wecom/xml';
import { measure, table, verdict, type BenchModule } from './harness';

export const TARGET_EVENTS_PER_SECOND = 150_000;

const corpId = 'wwbenchcorp000001';
const token = 'BenchToken2024';
const encodingAesKey = 'jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C';
const aesKey = decodeAesKey(encodingAesKey);

/** Fixture → share of callbacks (per 100): customer adds and deletions dominate a private-domain corp's traffic. */
const MIX: Record<string, number> = {
  'add-external-contact.xml': 30,
  'add-half-external-contact.xml': 4,
  'edit-external-contact.xml': 10,
  'del-external-contact.xml': 4,
  'del-follow-user.xml': 8,
  'transfer-fail.xml': 1,
  'external-chat-create.xml': 2,
  'external-chat-update-add-member.xml': 12,
  'external-chat-dismiss.xml': 1,
  'external-tag-create.xml': 2,
  'contact-delete-user.xml': 1,
  'msgaudit-notify.xml': 8,
  'kf-msg-or-event.xml': 7,
  'app-text-message.xml': 10,
};

export interface Delivery {
  query: { msg_signature: string; timestamp: string; nonce: string };
  body: string;
}

/** 100 signed, encrypted callbacks in the proportions of MIX, each a distinct event. */
export function mixedDeliveries(): Delivery[] {
  const dir = join(import.meta.dirname, '..', 'events', 'wecom');
  const out: Delivery[] = [];
  let n = 0;
  for (const [file, share] of Object.entries(MIX)) {
    const xml = readFileSync(join(dir, file), 'utf8');
    for (let i = 0; i < share; i++, n++) {
      const payload = xml
        .replace(/<CreateTime>\d+<\/CreateTime>/, `<CreateTime>${1_700_000_000 + n}</CreateTime>`)
        .replace(/(<ExternalUserID><!\[CDATA\[)[^\]]*/, `$1wmAJ2GCAAAXtWyujaWJHDDGi0m${String(n).padStart(4, '0')}`);
      const enc = encrypt(aesKey, payload, corpId);
      const timestamp = String(1_700_000_000 + n);
      const nonce = String(1_372_623_149 + n);
      out.push({
        query: { msg_signature: signature(token, timestamp, nonce, enc), timestamp, nonce },
        body: `<xml><ToUserName><![CDATA[${corpId}]]></ToUserName><Encrypt><![CDATA[${enc}]]></Encrypt><AgentID><![CDATA[1000002]]></AgentID></xml>`,
      });
    }
  }
  return out;
}

/** The callback's compute for one delivery; returns the event key. */
export function computeOne(d: Delivery): string {
  const envelope = parseEnvelope(d.body);
  if (!verifySignature(token, d.query.timestamp, d.query.nonce, envelope.encrypt, d.query.msg_signature)) throw new Error('bad signature');
  const payload = decryptFor(aesKey, envelope.encrypt, corpId);
  const parsed = parseEvent(parseXmlDocument(payload));
  if (!parsed.ok) throw new Error(parsed.issues.join('; '));
  return eventKeyOf(corpId, payload);
}

export const benchmark: BenchModule = {
  title: 'Callback compute per event (envelope, signature, decrypt, XML, schema, event key)',
  async run() {
    const deliveries = mixedDeliveries();
    const keys = new Set(deliveries.map(computeOne)); // every delivery is valid and distinct
    if (keys.size !== deliveries.length) throw new Error('the mix has duplicate events');

    // Whole pipeline: one task call processes the whole mix of 100 events.
    let sink = 0;
    const [mix] = await measure(
      {
        'mixed events': () => {
          for (const d of deliveries) sink += computeOne(d).length;
        },
      },
      4000,
    );
    const eventsPerSecond = mix!.opsPerSecond * deliveries.length;

    // Step by step, over the same mix (each step's input precomputed).
    const envelopes = deliveries.map((d) => parseEnvelope(d.body));
    const payloads = envelopes.map((e) => decryptFor(aesKey, e.encrypt, corpId));
    const fields = payloads.map((p) => parseXmlDocument(p));
    const each = (f: (i: number) => unknown) => () => {
      for (let i = 0; i < deliveries.length; i++) f(i);
    };
    const steps = await measure({
      'read envelope XML': each((i) => parseEnvelope(deliveries[i]!.body)),
      'verify signature': each((i) =>
        verifySignature(token, deliveries[i]!.query.timestamp, deliveries[i]!.query.nonce, envelopes[i]!.encrypt, deliveries[i]!.query.msg_signature),
      ),
      decrypt: each((i) => decryptFor(aesKey, envelopes[i]!.encrypt, corpId)),
      'parse event XML': each((i) => parseXmlDocument(payloads[i]!)),
      'validate schema (zod)': each((i) => parseEvent(fields[i]!)),
      'event key': each((i) => eventKeyOf(corpId, payloads[i]!)),
    });

    // For context: the whole use case (query validation, the message, fan-out) with in-memory ports.
    // Each run uses a fresh log, so every event is new and is fanned out.
    const keysStore = new InMemoryCallbackKeys([{ corpId, token, encodingAesKey }]);
    const [useCase] = await measure(
      {
        'acceptMessage, in-memory ports': async () => {
          const deps = { keys: keysStore, eventLog: new InMemoryEventLog(), queues: new RecordingQueuePublisher(), clock: { now: () => 1 } };
          for (const d of deliveries) await acceptMessage(deps, { corpId, query: d.query, body: d.body });
        },
      },
      2000,
    );
    if (sink === 0) throw new Error('nothing computed');

    const perEvent = (opsPerSecond: number) => 1e6 / (opsPerSecond * deliveries.length);
    const avgBytes = Math.round(payloads.reduce((s, p) => s + Buffer.byteLength(p), 0) / payloads.length);
    return [
      `${deliveries.length} distinct events per pass, ${Object.keys(MIX).length} types (mostly customer adds), average decrypted payload ${avgBytes} B.`,
      '',
      table(
        ['step', 'µs/event', 'events/s'],
        [
          ...steps.map((s) => [s.name, perEvent(s.opsPerSecond), Math.round(s.opsPerSecond * deliveries.length)]),
          ['**all steps, mixed events**', perEvent(mix!.opsPerSecond), Math.round(eventsPerSecond)],
          [`_acceptMessage with in-memory ports (context)_`, perEvent(useCase!.opsPerSecond), Math.round(useCase!.opsPerSecond * deliveries.length)],
        ],
      ),
      '',
      `Events/s on one core: **${Math.round(eventsPerSecond).toLocaleString('en')}** (total time over ${mix!.samples} passes; the median pass runs at ${Math.round((1e6 / mix!.p50Us) * deliveries.length).toLocaleString('en')}/s) — target ≥ ${TARGET_EVENTS_PER_SECOND.toLocaleString('en')}: ${verdict(eventsPerSecond >= TARGET_EVENTS_PER_SECOND)}.`,
    ].join('\n');
  },
};
