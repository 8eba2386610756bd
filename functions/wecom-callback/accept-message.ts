// POST: verify → decrypt → parse → validate → key → fan-out → event log (one conditional put naming the queues) → 200.
// The 200 is only answered once the event is in the log and on every subscribed queue.
import type { Clock } from '../../shared/clock';
import { concernsFor } from '../../shared/domain/fanout';
import { ingest } from '../../shared/events/deliver';
import type { CallbackKeyStore, EventLog, QueuePublisher } from '../../shared/events/ports';
import type { QueueMessage } from '../../shared/events/queue-message.schema';
import { NotFoundError, PayloadTooLargeError, SignatureError, ValidationError } from '../../shared/errors';
import { CryptoError, decryptFor, verifySignature } from '../../shared/wecom/crypto';
import { eventKeyOf } from '../../shared/wecom/event-key';
import { parseEvent } from '../../shared/wecom/event';
import { MAX_XML_BYTES, XmlError, parseEnvelope, parseXmlDocument } from '../../shared/wecom/xml';
import { callbackQuerySchema, type CallbackRequest, type CallbackResponse } from './callback-request.schema';
import { msg } from '../../shared/i18n/messages';

export interface AcceptMessageDeps {
  keys: CallbackKeyStore;
  eventLog: EventLog;
  queues: QueuePublisher;
  clock: Clock;
}

export interface AcceptedEvent {
  eventKey: string;
  type: string;
  duplicate: boolean;
}

export type AcceptResult = CallbackResponse & { accepted?: AcceptedEvent };

export async function acceptMessage(deps: AcceptMessageDeps, req: CallbackRequest): Promise<AcceptResult> {
  if (Buffer.byteLength(req.body, 'utf8') > MAX_XML_BYTES) throw new PayloadTooLargeError(msg('callback_too_large'));
  const keys = await deps.keys.get(req.corpId);
  if (!keys) throw new NotFoundError(msg('unknown_corp'));
  const q = callbackQuerySchema.safeParse(req.query);
  if (!q.success) {
    // Without a well-formed signature there is nothing to verify: treat it as a signature failure.
    throw new SignatureError(msg('callback_signature_params'));
  }
  const envelope = readEnvelope(req.body);
  if (!verifySignature(keys.token, q.data.timestamp, q.data.nonce, envelope.encrypt, q.data.msg_signature)) {
    throw new SignatureError();
  }
  const payload = decryptPayload(keys.aesKey, envelope.encrypt, req.corpId);
  const fields = readPayload(payload);
  const parsed = parseEvent(fields);
  if (!parsed.ok) throw new ValidationError(msg('callback_event_invalid'), { details: parsed.issues });
  const { type, createTime, data } = parsed.event;

  const eventKey = eventKeyOf(req.corpId, payload);
  const concerns = concernsFor(type);
  const message: QueueMessage = {
    v: 1,
    eventKey,
    corpId: req.corpId,
    type,
    occurredAt: createTime,
    receivedAt: deps.clock.now(),
    event: data,
  };
  // One conditional put that records the fan-out; a repeated delivery sends only what an earlier attempt
  // failed to send, with the stored message.
  const { created } = await ingest(deps, { corpId: req.corpId, eventKey, type, occurredAt: createTime, receivedAt: message.receivedAt, concerns, message });
  return { status: 200, contentType: 'text/plain', body: '', accepted: { eventKey, type, duplicate: !created } };
}

function readEnvelope(body: string) {
  try {
    return parseEnvelope(body);
  } catch (e) {
    if (e instanceof XmlError) throw new ValidationError(`envelope: ${e.message}`);
    throw e;
  }
}

function decryptPayload(aesKey: Buffer, encrypted: string, corpId: string): string {
  try {
    return decryptFor(aesKey, encrypted, corpId);
  } catch (e) {
    if (e instanceof CryptoError) throw new ValidationError(`cannot decrypt: ${e.reason}`);
    throw e;
  }
}

function readPayload(payload: string) {
  try {
    return parseXmlDocument(payload);
  } catch (e) {
    if (e instanceof XmlError) throw new ValidationError(`payload: ${e.message}`);
    throw e;
  }
}
