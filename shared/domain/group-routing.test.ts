import fc from 'fast-check';
import {
  MAX_JOIN_WAY_CHATS,
  decideRouting,
  groupStatusInCode,
  isUsable,
  joinWayChanged,
  toWecomWelcomeText,
  utf8Bytes,
  type KnownGroup,
  type RoutingInput,
} from './group-routing';

const g = (memberCount: number, status: KnownGroup['status'] = 'active'): KnownGroup => ({ memberCount, status });
const base = (over: Partial<RoutingInput> = {}): RoutingInput => ({
  chatIds: ['a', 'b', 'c'],
  memberCap: 200,
  autoCreate: false,
  activeChatId: 'a',
  groups: {},
  ...over,
});

describe('decideRouting', () => {
  it('keeps a group with room active and lists the next ones after it', () => {
    expect(decideRouting(base({ groups: { a: g(10), b: g(0), c: g(0) } }))).toEqual({
      activeChatId: 'a',
      window: ['a', 'b', 'c'],
      autoCreateRoom: 0,
      status: 'active',
    });
  });

  it('moves on to the next group when the active one reaches the cap, wrapping around', () => {
    const d = decideRouting(base({ activeChatId: 'b', groups: { a: g(5), b: g(200), c: g(199) } }));
    expect(d).toEqual({ activeChatId: 'c', window: ['c', 'a'], autoCreateRoom: 0, status: 'active' });
  });

  it('skips dismissed groups and never lists them', () => {
    const d = decideRouting(base({ groups: { a: g(3, 'dismissed'), b: g(3), c: g(500) } }));
    expect(d.activeChatId).toBe('b');
    expect(d.window).toEqual(['b']);
  });

  it('lists at most 5 groups, the active one first', () => {
    const chatIds = ['g1', 'g2', 'g3', 'g4', 'g5', 'g6', 'g7'];
    const d = decideRouting(base({ chatIds, activeChatId: 'g3', groups: { g3: g(200) } }));
    expect(d.window).toEqual(['g4', 'g5', 'g6', 'g7', 'g1']);
  });

  it('with every group full: exhausted without autoCreate, else WeCom creates rooms (auto_create_room 1)', () => {
    const groups = { a: g(200), b: g(250), c: g(1, 'dismissed') };
    expect(decideRouting(base({ groups }))).toEqual({ activeChatId: null, window: ['a', 'b'], autoCreateRoom: 0, status: 'exhausted' });
    expect(decideRouting(base({ groups, autoCreate: true }))).toEqual({ activeChatId: null, window: ['a', 'b'], autoCreateRoom: 1, status: 'active' });
  });

  it('comes back from exhausted when a group has room again', () => {
    expect(decideRouting(base({ activeChatId: null, groups: { a: g(200), b: g(150), c: g(200) } })).activeChatId).toBe('b');
  });

  const inputs = fc
    .record({
      n: fc.integer({ min: 1, max: 9 }),
      cap: fc.integer({ min: 1, max: 500 }),
      autoCreate: fc.boolean(),
      counts: fc.array(
        fc.option(fc.record({ memberCount: fc.integer({ min: 0, max: 600 }), status: fc.constantFrom('active' as const, 'dismissed' as const) })),
        {
          minLength: 9,
          maxLength: 9,
        },
      ),
      active: fc.integer({ min: -1, max: 8 }),
    })
    .map(({ n, cap, autoCreate, counts, active }) => {
      const chatIds = Array.from({ length: n }, (_, i) => `chat${i}`);
      return base({
        chatIds,
        memberCap: cap,
        autoCreate,
        activeChatId: active >= 0 && active < n ? chatIds[active]! : null,
        groups: Object.fromEntries(chatIds.map((id, i) => [id, counts[i] ?? undefined])),
      });
    });

  it('always: the window is ≤ 5 distinct groups of the code, none dismissed, active first; the active one has room', () => {
    fc.assert(
      fc.property(inputs, (input) => {
        const d = decideRouting(input);
        expect(d.window.length).toBeLessThanOrEqual(MAX_JOIN_WAY_CHATS);
        expect(new Set(d.window).size).toBe(d.window.length);
        for (const id of d.window) {
          expect(input.chatIds).toContain(id);
          expect(input.groups[id]?.status).not.toBe('dismissed');
        }
        if (d.activeChatId !== null) {
          expect(d.window[0]).toBe(d.activeChatId);
          expect(isUsable(input.groups[d.activeChatId], input.memberCap)).toBe(true);
          expect(d.status).toBe('active');
        } else {
          expect(input.chatIds.some((id) => isUsable(input.groups[id], input.memberCap))).toBe(false);
          expect(d.status).toBe(input.autoCreate ? 'active' : 'exhausted');
        }
        expect(d.autoCreateRoom).toBe(input.autoCreate ? 1 : 0);
      }),
    );
  });

  it('is idempotent: deciding again from its own decision changes nothing (a replay calls WeCom no more)', () => {
    fc.assert(
      fc.property(inputs, (input) => {
        const d = decideRouting(input);
        const again = decideRouting({ ...input, activeChatId: d.activeChatId });
        expect(again).toEqual(d);
        expect(joinWayChanged({ chatIdList: d.window, autoCreateRoom: d.autoCreateRoom }, again)).toBe(false);
      }),
    );
  });
});

describe('joinWayChanged', () => {
  const d = { activeChatId: 'a', window: ['a', 'b'], autoCreateRoom: 0 as const, status: 'active' as const };
  it('is true only when the list, its order or auto_create_room differ', () => {
    expect(joinWayChanged(undefined, d)).toBe(true);
    expect(joinWayChanged({ chatIdList: ['a', 'b'], autoCreateRoom: 0 }, d)).toBe(false);
    expect(joinWayChanged({ chatIdList: ['b', 'a'], autoCreateRoom: 0 }, d)).toBe(true);
    expect(joinWayChanged({ chatIdList: ['a', 'b'], autoCreateRoom: 1 }, d)).toBe(true);
    expect(joinWayChanged({ chatIdList: ['a'], autoCreateRoom: 0 }, d)).toBe(true);
  });
  it('never asks to write an empty list', () => {
    expect(joinWayChanged({ chatIdList: ['a'], autoCreateRoom: 0 }, { ...d, window: [], activeChatId: null })).toBe(false);
  });
});

describe('groupStatusInCode', () => {
  it('dismissed > full > in_use > waiting', () => {
    expect(groupStatusInCode('a', g(1, 'dismissed'), 2, 'a')).toBe('dismissed');
    expect(groupStatusInCode('a', g(2), 2, 'a')).toBe('full');
    expect(groupStatusInCode('a', g(1), 2, 'a')).toBe('in_use');
    expect(groupStatusInCode('b', undefined, 2, 'a')).toBe('waiting');
  });
});

describe('group welcome text', () => {
  it('turns every {{name}} into %NICKNAME% and counts UTF-8 bytes', () => {
    expect(toWecomWelcomeText('欢迎 {{name}}！{{ name }}')).toBe('欢迎 %NICKNAME%！%NICKNAME%');
    expect(utf8Bytes('欢迎')).toBe(6);
  });
});
