// The fan-out table: which concern queues subscribe to which WeCom event type. This is the only place
// that decides routing; infra/queues.yml declares one queue + DLQ + alarms per concern (checked by a test).
// Adding a concern: add it here, add its queue/DLQ/alarms in infra/, add functions/<concern>/ (its use case takes
// MessageFor<'<concern>'>, the union of the types routed to it here), a fixture, tests. A new event type needs its
// schema in shared/wecom/event.schema.ts as well (test/queue-messages.test.ts checks that both name the same types).
// `archive` subscribes to no callback: the conversation-archive puller (a container outside Lambda, see
// shared/archive/archive-feed.ts) feeds its queue with decrypted archive messages.
// `webhook` subscribes to no callback either: code that establishes a fact publishes `webhook.event`
// messages on it (shared/webhooks/webhook-message.ts), and its consumer fans them out and delivers them.

export const CONCERNS = ['relationship', 'auto-accept', 'greeting', 'keyword-reply', 'audit', 'group-routing', 'archive', 'webhook'] as const;
export type Concern = (typeof CONCERNS)[number];

/**
 * Event types are `<Event>.<ChangeType>` for events with a change type, `<Event>` for other events and
 * `msg.<MsgType>` for plain app messages. `unknown` types are logged and acknowledged with no queue.
 */
const SUBSCRIPTIONS = {
  'change_external_contact.add_external_contact': ['relationship', 'auto-accept', 'greeting'],
  'change_external_contact.add_half_external_contact': ['relationship', 'auto-accept', 'greeting'],
  'change_external_contact.edit_external_contact': ['relationship'],
  'change_external_contact.del_external_contact': ['relationship', 'auto-accept', 'audit'],
  'change_external_contact.del_follow_user': ['relationship', 'auto-accept', 'audit'],
  'change_external_contact.transfer_fail': ['relationship', 'audit'],
  'change_external_contact.msg_audit_approved': ['greeting', 'keyword-reply'],
  'change_external_chat.create': ['group-routing'],
  'change_external_chat.update': ['group-routing'],
  'change_external_chat.dismiss': ['group-routing'],
  'change_external_tag.create': ['relationship'],
  'change_external_tag.update': ['relationship'],
  'change_external_tag.delete': ['relationship'],
  'change_external_tag.shuffle': ['relationship'],
  'change_contact.create_user': ['relationship'],
  'change_contact.update_user': ['relationship'],
  'change_contact.delete_user': ['relationship', 'audit'],
  // 获客助手 quota and link events (wecom-frontier.md §3.5): audit rows with an alert. The per-customer ones
  // (open_profile, friend_request, customer_start_chat, message_from_customer) are logged, not routed.
  'customer_acquisition.balance_low': ['audit'],
  'customer_acquisition.balance_exhausted': ['audit'],
  'customer_acquisition.balance_increased': ['audit'],
  'customer_acquisition.quota_expire_soon': ['audit'],
  'customer_acquisition.link_unavailable': ['audit'],
  'customer_acquisition.delete_link': ['audit'],
  msgaudit_notify: ['keyword-reply'],
  kf_msg_or_event: ['keyword-reply'],
  'msg.text': ['keyword-reply'],
} as const satisfies Record<string, readonly Concern[]>;

/** The callback event types some queue subscribes to (the same as the event schemas': test/queue-messages.test.ts). */
export type SubscribedType = keyof typeof SUBSCRIPTIONS;
/** Archive messages are typed `archive.<msgtype>`; they go to the `archive` queue only. */
export type ArchiveEventType = `archive.${string}`;
/** The event types a concern's queue carries: its rows of the table (the archive queue: archive types). */
export type QueueTypeOf<C extends Concern> = C extends 'archive'
  ? ArchiveEventType
  : { [T in SubscribedType]: C extends (typeof SUBSCRIPTIONS)[T][number] ? T : never }[SubscribedType];

export function concernsFor(eventType: string): readonly Concern[] {
  // Own keys only: a type named like an Object.prototype member ('toString') routes nowhere.
  return Object.hasOwn(SUBSCRIPTIONS, eventType) ? (SUBSCRIPTIONS as Record<string, readonly Concern[]>)[eventType]! : [];
}

/** Whether a concern's queue carries events of this type (the runtime twin of QueueTypeOf). */
export function carries<C extends Concern>(concern: C, eventType: string): eventType is QueueTypeOf<C> {
  if (concern === 'archive') return eventType.startsWith('archive.');
  return concernsFor(eventType).includes(concern);
}

export function subscribedTypes(): string[] {
  return Object.keys(SUBSCRIPTIONS);
}

/** CloudFormation-friendly name of a concern: `auto-accept` → `AutoAccept`. */
export function concernResourceName(concern: Concern): string {
  return concern
    .split('-')
    .map((w) => w.charAt(0).toUpperCase() + w.slice(1))
    .join('');
}

/** Environment variable holding a concern's queue URL: `auto-accept` → `QUEUE_URL_AUTO_ACCEPT`. */
export function concernQueueEnv(concern: Concern): string {
  return `QUEUE_URL_${concern.replace(/-/g, '_').toUpperCase()}`;
}
