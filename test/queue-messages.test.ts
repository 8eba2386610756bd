// Typed queue messages: the per-queue unions come from the fan-out table, the queue schemas from the
// callback event schemas, and every producer's message reads back as its type at the queue boundary.
// The type-level checks below fail `npx tsc` (not jest) when they stop holding.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { applyAutoAccept } from '../functions/auto-accept/apply-auto-accept';
import type { processArchive } from '../functions/archive/process-archive';
import type { recordAudit } from '../functions/audit/record-audit';
import type { sendWelcome } from '../functions/greeting/send-welcome';
import type { routeGroup } from '../functions/group-routing/route-group';
import type { replyKf } from '../functions/keyword-reply/reply-kf';
import type { applyContactChange } from '../functions/relationship/apply-contact-change';
import { archiveQueueMessage } from '../shared/archive/archive-message';
import { CONCERNS, carries, concernsFor, subscribedTypes, type QueueTypeOf, type SubscribedType } from '../shared/domain/fanout';
import { reconcileEvents } from '../shared/domain/reconcile';
import { ValidationError } from '../shared/errors';
import type { MessageFor, QueueMessage } from '../shared/events/queue-message.schema';
import { readQueueMessage } from '../shared/events/read-queue-message';
import { handOver, makeSqsConsumer, type Outcome } from '../shared/sqs/consume';
import { queueMessage } from './support/queue-messages';
import { eventSchemas, type KnownEventType } from '../shared/wecom/event.schema';
import { parseEvent } from '../shared/wecom/event';
import { parseXmlDocument } from '../shared/wecom/xml';

type Equals<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
const holds = <T extends true>(): T | undefined => undefined;

// The routing table and the event schemas name the same types.
holds<Equals<SubscribedType, KnownEventType>>();
// Each consumer's use case takes exactly what its queue carries.
holds<Equals<Parameters<typeof applyContactChange>[1], MessageFor<'relationship'>>>();
holds<Equals<Parameters<typeof applyAutoAccept>[1], MessageFor<'auto-accept'>>>();
holds<Equals<Parameters<typeof sendWelcome>[1], MessageFor<'greeting'>>>();
holds<Equals<Parameters<typeof replyKf>[1], MessageFor<'keyword-reply'>>>();
holds<Equals<Parameters<typeof recordAudit>[1], MessageFor<'audit'>>>();
holds<Equals<Parameters<typeof routeGroup>[1], MessageFor<'group-routing'>>>();
holds<Equals<Parameters<typeof processArchive>[1], MessageFor<'archive'>>>();
// A queue's union is its rows of the table.
holds<
  Equals<
    QueueTypeOf<'greeting'>,
    'change_external_contact.add_external_contact' | 'change_external_contact.add_half_external_contact' | 'change_external_contact.msg_audit_approved'
  >
>();
holds<Equals<QueueTypeOf<'group-routing'>, 'change_external_chat.create' | 'change_external_chat.update' | 'change_external_chat.dismiss'>>();

/** Never called: what must not compile. */
export function notCompiling(persistenceStore: Parameters<typeof makeSqsConsumer>[0]['persistenceStore']) {
  const handle = async (_m: MessageFor<'group-routing'>): Promise<Outcome> => 'applied';
  // @ts-expect-error a consumer is never handed a type its queue does not carry
  makeSqsConsumer({ concern: 'greeting', handle, persistenceStore });
  const greet = async (m: MessageFor<'greeting'>): Promise<Outcome> => (m.event.UserID ? 'applied' : 'ignored');
  // @ts-expect-error a group event is not a greeting message
  void greet(queueMessage({ type: 'change_external_chat.create', event: { ChatId: 'wr1' } }));
  // @ts-expect-error the untyped message (as the event log stores it) is not handed to a consumer
  void greet(queueMessage({ type: 'change_external_contact.add_external_contact' as string }));
  // A type narrows its event's fields: a chat event has ChatId, a contact event has not.
  const chat = queueMessage({ type: 'change_external_chat.dismiss', event: { ChatId: 'wr1' } });
  const chatId: string = chat.event.ChatId;
  const add = queueMessage({ type: 'change_external_contact.add_external_contact' });
  // @ts-expect-error WelcomeCode is optional on an add
  const code: string = add.event.WelcomeCode;
  return [chatId, code];
}

const roundTrip = (m: QueueMessage) => readQueueMessage(JSON.parse(JSON.stringify(m)));

describe('the fan-out table and the queue unions', () => {
  it('routes exactly the types that have an event schema', () => {
    expect([...subscribedTypes()].sort()).toEqual(Object.keys(eventSchemas).sort());
  });

  it.each(CONCERNS)('%s: its queue carries what the table sends it, and nothing else', (concern) => {
    for (const type of subscribedTypes()) expect({ type, carried: carries(concern, type) }).toEqual({ type, carried: concernsFor(type).includes(concern) });
    expect(carries(concern, 'archive.text')).toBe(concern === 'archive');
    expect(carries(concern, 'some_future_event')).toBe(false);
    expect(carries(concern, 'toString')).toBe(false);
  });
});

describe('reading a queue message', () => {
  const FIXTURES = join(__dirname, '../events/wecom');
  const fixtures = readdirSync(FIXTURES).filter((f) => f.endsWith('.xml'));

  it.each(fixtures)('%s: the callback path’s message reads back as its type, for every queue that takes it', (name) => {
    // Given the message the callback path makes of a decrypted payload (functions/wecom-callback/accept-message.ts)
    const parsed = parseEvent(parseXmlDocument(readFileSync(join(FIXTURES, name), 'utf8')));
    if (!parsed.ok) throw new Error(parsed.issues.join('; '));
    const { type, createTime, data } = parsed.event;
    const m: QueueMessage = { v: 1, eventKey: 'a'.repeat(64), corpId: 'wwcorp', type, occurredAt: createTime, receivedAt: 1, event: data };
    // When it crosses the queue (JSON) and is read at the boundary / Then it is the same message, typed
    const read = roundTrip(m);
    expect(read).toEqual(m);
    for (const c of concernsFor(type)) expect(carries(c, read.type)).toBe(true);
  });

  it('reads the messages of the reconcile run and of the archive puller', () => {
    const remote = {
      staff: [{ userId: 'u1', department: [1] }],
      follows: new Map([['u1', ['wmA']]]),
      tags: [{ id: 't1', name: 'n', groupName: 'g' }],
      groups: ['wr1'],
    };
    const local = {
      staff: [{ userId: 'u2', department: [1], status: 'active' as const }],
      follows: new Map([['u1', ['wmB']]]),
      tags: [{ id: 't2', name: 'n', groupName: 'g', deleted: false }],
      groups: [{ chatId: 'wr2', status: 'active' as const }],
    };
    const events = reconcileEvents('wwcorp', '2026-11-30', 1_764_460_800, remote, local);
    expect(new Set(events.map((e) => e.type)).size).toBeGreaterThanOrEqual(8);
    for (const e of events) {
      const m: QueueMessage = { v: 1, eventKey: 'b'.repeat(64), corpId: 'wwcorp', type: e.type, occurredAt: 1_764_460_800, receivedAt: 1, event: e.event };
      expect(roundTrip(m)).toEqual(m);
    }
    const archived = archiveQueueMessage(
      {
        corpId: 'wwcorp',
        seq: 7,
        message: { msgid: 'm1', action: 'send', from: 'u1', tolist: ['wmA'], msgtime: 1_764_460_800_000, msgtype: 'text', text: { content: 'hi' } },
      },
      2,
    );
    expect(roundTrip(archived)).toEqual(archived);
    expect(carries('archive', archived.type)).toBe(true);
  });

  it('refuses a type no queue carries, and an event that is not what its type says', () => {
    const envelope = { v: 1 as const, eventKey: 'c'.repeat(64), corpId: 'wwcorp', occurredAt: 1, receivedAt: 1 };
    const base = { ToUserName: 'wwcorp', CreateTime: 1, MsgType: 'event' };
    expect(() => readQueueMessage({ ...envelope, type: 'some_future_event', event: base })).toThrow(ValidationError);
    expect(() => readQueueMessage({ ...envelope, type: 'change_external_chat.create', event: base })).toThrow(ValidationError); // no ChatId
    expect(() => readQueueMessage({ ...envelope, type: 'change_external_chat.create', event: { ...base, ChatId: 'wr1', CreateTime: '1' } })).toThrow(
      ValidationError,
    );
    expect(() => readQueueMessage({ ...envelope, type: 'archive.text', event: { msgid: 'm1', action: 'sent' } })).toThrow(ValidationError);
    expect(readQueueMessage({ ...envelope, type: 'change_external_chat.create', event: { ...base, ChatId: 'wr1' } }).type).toBe('change_external_chat.create');
  });
});

describe('handOver', () => {
  it('calls a concern’s handler only with the types its queue carries; others are ignored', async () => {
    const seen: string[] = [];
    const handle = async (m: MessageFor<'group-routing'>): Promise<Outcome> => (seen.push(m.event.ChatId), 'applied');
    expect(
      await handOver('group-routing', handle, queueMessage({ type: 'change_external_chat.update', event: { ChatId: 'wr1', UpdateDetail: 'add_member' } })),
    ).toBe('applied');
    for (const type of ['change_external_contact.add_external_contact', 'msg.text'] as const)
      expect(await handOver('group-routing', handle, queueMessage({ type }))).toBe('ignored');
    expect(seen).toEqual(['wr1']);
  });
});
