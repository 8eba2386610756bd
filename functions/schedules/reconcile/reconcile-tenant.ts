// One tenant's reconcile: read WeCom's lists (user/list_id, get_follow_user_list + externalcontact/list
// per member, get_corp_tag_list, groupchat/list) and the local state (staff registry, active follows per
// member, tag mirror, group registry), turn the differences into synthetic events (shared/domain/
// reconcile.ts), record each in the event log (conditional put by a deterministic key) and deliver it to
// the concerns that own the state: relationship and group-routing only. Greeting and auto-accept never
// see them (no welcome message to someone added days ago). A list WeCom refuses is left out (reported as
// unread): a failed read never turns into deletions. Rate limits: every call goes through the client's
// per-minute budget and its 45009 back-off.
import { type Clock } from '../../../shared/clock';
import { hash } from 'node:crypto';
import type { DynamoFollowStore } from '../../../shared/db/follow-repository';
import type { ReconcileReport, ReconcileReportStore } from '../../../shared/db/reconcile-repository';
import type { DynamoStaffStore } from '../../../shared/db/staff-repository';
import type { DynamoTagStore } from '../../../shared/db/tag-repository';
import { concernsFor, type Concern } from '../../../shared/domain/fanout';
import { reconcileEvents, summarize, type LocalState, type RemoteLists, type SyntheticEvent } from '../../../shared/domain/reconcile';
import { staffDirectory } from '../../../shared/customers/staff-sync';
import { tagsOfGroups } from '../../../shared/domain/tags';
import { deliver } from '../../../shared/events/deliver';
import type { EventLog, QueuePublisher } from '../../../shared/events/ports';
import type { QueueMessage } from '../../../shared/events/queue-message.schema';
import { shanghaiDay } from '../../../shared/events/time';
import type { GroupStore } from '../../../shared/groups/group';
import { requireTenantApi, type TenantApiDeps } from '../../../shared/tenants/tenant-api';
import type { WecomTenantClient } from '../../../shared/wecom/client';
import { WecomApiError } from '../../../shared/wecom/wecom-error';

export interface ReconcileDeps extends TenantApiDeps {
  eventLog: EventLog;
  queues: QueuePublisher;
  follows: Pick<DynamoFollowStore, 'followsOfStaffPage'>;
  staffRegistry: Pick<DynamoStaffStore, 'all'>;
  tagMirror: Pick<DynamoTagStore, 'list'>;
  groups: Pick<GroupStore, 'list'>;
  reconcileReports: Pick<ReconcileReportStore, 'put'>;
  clock: Clock;
}

/** The concerns that build state from these events; the others (greeting, auto-accept, audit …) are not told. */
export const REPAIR_CONCERNS: ReadonlySet<Concern> = new Set<Concern>(['relationship', 'group-routing']);

/** externalcontact/list for a member without customers. */
const NO_CUSTOMERS = 84061;
const FOLLOW_PAGE = 500;

/** The event key of a synthetic event: a hash of the tenant and its deterministic id (64 hex, like a callback's). */
export const reconcileEventKey = (corpId: string, id: string) => hash('sha256', `${corpId}\nreconcile\n${id}`, 'hex');

type Unread = ReconcileReport['unread'];

/** Runs `read`; a WeCom refusal is noted and yields undefined (nothing is concluded about that list). */
async function readable<T>(unread: Unread, section: string, read: () => Promise<T>, userId?: string): Promise<T | undefined> {
  try {
    return await read();
  } catch (e) {
    if (!(e instanceof WecomApiError)) throw e;
    unread.push({ section, ...(userId ? { userId } : {}), error: String(e.errcode) });
    return undefined;
  }
}

async function remoteFollows(api: WecomTenantClient, unread: Unread) {
  const users = await readable(unread, 'follow_users', async () => (await api.call('externalcontact/get_follow_user_list', {})).follow_user);
  if (!users) return undefined;
  const follows = new Map<string, string[]>();
  for (const userId of [...new Set(users)]) {
    const ids = await readable(
      unread,
      'follows',
      async () => {
        try {
          return (await api.call('externalcontact/list', { userid: userId })).external_userid;
        } catch (e) {
          if (e instanceof WecomApiError && e.errcode === NO_CUSTOMERS) return [];
          throw e;
        }
      },
      userId,
    );
    if (ids) follows.set(userId, ids);
  }
  return follows;
}

async function remoteGroups(api: WecomTenantClient) {
  const chatIds: string[] = [];
  let cursor: string | undefined;
  do {
    const page = await api.call('externalcontact/groupchat/list', { status_filter: 0, limit: 1000, ...(cursor ? { cursor } : {}) });
    chatIds.push(...page.group_chat_list.map((g) => g.chat_id));
    cursor = page.next_cursor || undefined;
  } while (cursor);
  return chatIds;
}

async function remoteLists(api: WecomTenantClient, unread: Unread): Promise<RemoteLists> {
  return {
    staff: await readable(unread, 'staff', async () => [...(await staffDirectory(api))].map(([userId, department]) => ({ userId, department }))),
    follows: await remoteFollows(api, unread),
    tags: await readable(unread, 'tags', async () =>
      tagsOfGroups((await api.call('externalcontact/get_corp_tag_list', {})).tag_group).filter((t) => !t.deleted),
    ),
    groups: await readable(unread, 'groups', () => remoteGroups(api)),
  };
}

async function activeFollowsOf(deps: ReconcileDeps, corpId: string, userId: string): Promise<string[]> {
  const ids: string[] = [];
  let after: string | undefined;
  for (;;) {
    const page = await deps.follows.followsOfStaffPage(corpId, userId, FOLLOW_PAGE, after);
    ids.push(...page.items.filter((f) => f.status === 'active').map((f) => f.externalUserId));
    if (!page.last) return ids;
    after = page.last;
  }
}

async function localState(deps: ReconcileDeps, corpId: string, remote: RemoteLists): Promise<LocalState> {
  const follows = new Map<string, string[]>();
  for (const userId of remote.follows?.keys() ?? []) follows.set(userId, await activeFollowsOf(deps, corpId, userId));
  return {
    staff: await deps.staffRegistry.all(corpId),
    follows,
    tags: await deps.tagMirror.list(corpId),
    groups: await deps.groups.list(corpId),
  };
}

/** Records one synthetic event (once per key) and delivers it where an earlier attempt did not. */
async function repair(deps: ReconcileDeps, corpId: string, at: number, e: SyntheticEvent): Promise<{ created: boolean; delivered: number }> {
  const eventKey = reconcileEventKey(corpId, e.id);
  const concerns = concernsFor(e.type).filter((c) => REPAIR_CONCERNS.has(c));
  const message: QueueMessage = { v: 1, eventKey, corpId, type: e.type, occurredAt: at, receivedAt: deps.clock.now(), event: e.event };
  const { created, stored } = await deps.eventLog.record({ corpId, eventKey, type: e.type, occurredAt: at, receivedAt: message.receivedAt, concerns, message });
  const missing = stored.concerns.filter((c) => !stored.enqueued.has(c));
  await deliver(deps, stored.message, missing);
  return { created, delivered: missing.length };
}

export async function reconcileTenant(deps: ReconcileDeps, corpId: string, nowSec: number): Promise<ReconcileReport> {
  const api = await requireTenantApi(deps, corpId);
  const day = shanghaiDay(nowSec);
  const unread: Unread = [];
  const remote = await remoteLists(api, unread);
  const local = await localState(deps, corpId, remote);
  const events = reconcileEvents(corpId, day, nowSec, remote, local);
  let recorded = 0;
  let delivered = 0;
  for (const e of events) {
    const out = await repair(deps, corpId, nowSec, e);
    if (out.created) recorded++;
    delivered += out.delivered;
  }
  const report: ReconcileReport = { corpId, day, at: nowSec, ranAtMs: deps.clock.now(), ...summarize(events), recorded, delivered, unread };
  await deps.reconcileReports.put(report);
  return report;
}
