import { concernsFor } from './fanout';
import { followChangeOf } from './relationship';
import { staffEventOf } from './staff';
import { parseEvent } from '../wecom/event';
import { RECONCILE_MARK, reconcileEvents, summarize, type LocalState, type RemoteLists } from './reconcile';

const corp = 'wwcorp';
const day = '2026-11-23';
const at = 1_795_000_000;

const local: LocalState = {
  staff: [
    { userId: 'zhangsan', department: [2], status: 'active' },
    { userId: 'lisi', department: [2], status: 'active' },
    { userId: 'old', department: [3], status: 'resigned' },
    { userId: 'gone', department: [3], status: 'active' },
  ],
  follows: new Map([
    ['zhangsan', ['wm1', 'wm2']],
    ['lisi', []],
  ]),
  tags: [
    { id: 't1', name: 'VIP', groupName: 'G', deleted: false },
    { id: 't2', name: 'Old name', groupName: 'G', deleted: false },
    { id: 't3', name: 'Removed', groupName: 'G', deleted: false },
    { id: 't4', name: 'Back', groupName: 'G', deleted: true },
  ],
  groups: [
    { chatId: 'c1', status: 'active' },
    { chatId: 'c2', status: 'active' },
    { chatId: 'c3', status: 'dismissed' },
  ],
};

const remote: RemoteLists = {
  staff: [
    { userId: 'zhangsan', department: [2] },
    { userId: 'lisi', department: [3, 2] },
    { userId: 'old', department: [3] },
    { userId: 'new', department: [2] },
  ],
  follows: new Map([
    ['zhangsan', ['wm1', 'wm3']],
    ['lisi', []],
  ]),
  tags: [
    { id: 't1', name: 'VIP', groupName: 'G' },
    { id: 't2', name: 'New name', groupName: 'G' },
    { id: 't4', name: 'Back', groupName: 'G' },
    { id: 't5', name: 'Fresh', groupName: 'G' },
  ],
  groups: ['c1', 'c3', 'c4'],
};

/** The fields of an event as the callback XML carries them (every value a string). */
const asXmlFields = (e: Record<string, unknown>) => Object.fromEntries(Object.entries(e).map(([k, v]) => [k, String(v)]));

describe('reconcileEvents', () => {
  const events = reconcileEvents(corp, day, at, remote, local);

  it('finds every kind of drift, in a stable order, with deterministic ids', () => {
    expect(events.map((e) => e.id)).toEqual([
      `reconcile#${day}#staff_changed#lisi`,
      `reconcile#${day}#staff_missing#new`,
      `reconcile#${day}#staff_missing#old`,
      `reconcile#${day}#staff_extra#gone`,
      `reconcile#${day}#follow_missing#zhangsan#wm3`,
      `reconcile#${day}#follow_gone#zhangsan#wm2`,
      `reconcile#${day}#tag_renamed#t2`,
      `reconcile#${day}#tag_missing#t4`,
      `reconcile#${day}#tag_missing#t5`,
      `reconcile#${day}#tag_extra#t3`,
      `reconcile#${day}#group_missing#c4`,
      `reconcile#${day}#group_dismissed#c2`,
    ]);
    expect(reconcileEvents(corp, day, at + 60, remote, local).map((e) => e.id)).toEqual(events.map((e) => e.id));
  });

  it('emits events in the shape the callback path records, accepted by the event schemas and the consumers', () => {
    for (const e of events) {
      const parsed = parseEvent(asXmlFields(e.event));
      expect(parsed).toMatchObject({ ok: true, event: { type: e.type, known: true, createTime: at } });
      expect(e.event).toMatchObject({ ToUserName: corp, CreateTime: at, MsgType: 'event', [RECONCILE_MARK]: day });
      expect(concernsFor(e.type).length).toBeGreaterThan(0);
    }
    const add = events.find((e) => e.kind === 'follow_missing')!;
    expect(add.type).toBe('change_external_contact.add_external_contact');
    expect(followChangeOf({ corpId: corp, type: add.type, occurredAt: at, eventKey: 'k', event: add.event })).toMatchObject({
      externalUserId: 'wm3',
      userId: 'zhangsan',
      status: 'active',
      changedAt: at,
    });
    const gone = events.find((e) => e.kind === 'follow_gone')!;
    expect(followChangeOf({ corpId: corp, type: gone.type, occurredAt: at, eventKey: 'k', event: gone.event })).toMatchObject({
      externalUserId: 'wm2',
      status: 'deleted_by_staff',
    });
    const changed = events.find((e) => e.kind === 'staff_changed')!;
    expect(staffEventOf(changed.type, changed.event)).toMatchObject({ kind: 'upsert', userId: 'lisi', department: [3, 2] });
    const extra = events.find((e) => e.kind === 'staff_extra')!;
    expect(staffEventOf(extra.type, extra.event)).toEqual({ kind: 'delete', userId: 'gone', rank: 3 });
    expect(events.find((e) => e.kind === 'group_dismissed')).toMatchObject({ type: 'change_external_chat.dismiss', event: { ChatId: 'c2' } });
    expect(events.find((e) => e.kind === 'tag_extra')).toMatchObject({ type: 'change_external_tag.delete', event: { Id: 't3' } });
  });

  it('concludes nothing about a list that could not be read, nor about members whose customers were not read', () => {
    expect(reconcileEvents(corp, day, at, {}, local)).toEqual([]);
    const onlyZhang = reconcileEvents(
      corp,
      day,
      at,
      { follows: new Map([['zhangsan', ['wm1', 'wm2']]]) },
      {
        ...local,
        follows: new Map([
          ['zhangsan', ['wm1', 'wm2']],
          ['lisi', ['wm9']],
        ]),
      },
    );
    expect(onlyZhang).toEqual([]);
  });

  it('finds nothing when local state matches, and never revives a dismissed group', () => {
    const same: LocalState = {
      staff: [{ userId: 'a', department: [1, 2], status: 'active' }],
      follows: new Map([['a', ['wm1']]]),
      tags: [{ id: 't1', name: 'x', groupName: 'g', deleted: false }],
      groups: [
        { chatId: 'c1', status: 'active' },
        { chatId: 'c9', status: 'dismissed' },
      ],
    };
    const lists: RemoteLists = {
      staff: [{ userId: 'a', department: [2, 1] }],
      follows: new Map([['a', ['wm1']]]),
      tags: [{ id: 't1', name: 'x', groupName: 'g' }],
      groups: ['c1', 'c9'],
    };
    expect(reconcileEvents(corp, day, at, lists, same)).toEqual([]);
  });

  it('summarizes counts per kind and the ids fixed', () => {
    const s = summarize(events);
    expect(s.counts).toMatchObject({
      staff_missing: 2,
      staff_extra: 1,
      staff_changed: 1,
      follow_missing: 1,
      follow_gone: 1,
      tag_missing: 2,
      tag_extra: 1,
      tag_renamed: 1,
      group_missing: 1,
      group_dismissed: 1,
    });
    expect(s.fixed).toContainEqual({ kind: 'follow_missing', ids: ['zhangsan', 'wm3'] });
    expect(summarize([]).counts.follow_missing).toBe(0);
  });
});
