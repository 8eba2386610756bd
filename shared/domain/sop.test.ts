import { channelIdOfState } from '../channels/channel';
import { atOrAfter, audienceCheck, durationSeconds, enrolCandidates, nextCalendar, reminderLine, shanghaiWeekday, stepDueAt, type SopStep } from './sop';
import type { FollowView } from './relationship';

const at = (iso: string) => Math.floor(Date.parse(`${iso}+08:00`) / 1000);
const send = { text: 'x' };

describe('SOP timing', () => {
  it('reads ISO-8601 durations of weeks, days and time; refuses months and malformed ones', () => {
    expect(durationSeconds('P1D')).toBe(86_400);
    expect(durationSeconds('PT2H')).toBe(7200);
    expect(durationSeconds('P1W2DT3H4M5S')).toBe(9 * 86_400 + 3 * 3600 + 4 * 60 + 5);
    for (const bad of ['P', 'PT', 'P1M', '1D', 'P1DT', 'PT1.5H']) expect(durationSeconds(bad)).toBeUndefined();
  });

  it('a step is due after its delay, then at its time of day, on the minute', () => {
    expect(stepDueAt(at('2026-11-23T10:00:17'), { after: 'PT1H' })).toBe(at('2026-11-23T11:01:00'));
    expect(stepDueAt(at('2026-11-23T11:01:00'), { after: 'P1D', at: '10:00' })).toBe(at('2026-11-25T10:00:00'));
    expect(stepDueAt(at('2026-11-23T09:00:00'), { at: '10:00' })).toBe(at('2026-11-23T10:00:00'));
    expect(atOrAfter(at('2026-11-23T23:30:00'), '00:15')).toBe(at('2026-11-24T00:15:00'));
  });

  it('calendar steps fire on their weekdays at their time; steps at the same time fire together', () => {
    expect(shanghaiWeekday(at('2026-11-23T00:30:00'))).toBe(1);
    expect(shanghaiWeekday(at('2026-11-29T23:59:00'))).toBe(7);
    const steps: SopStep[] = [
      { at: '20:00', days: [1, 3, 5], send, via: 'mass_message' },
      { at: '20:00', days: [3], send, via: 'mass_message' },
      { at: '09:00', send, via: 'mass_message' },
    ];
    expect(nextCalendar(at('2026-11-23T10:00:00'), steps)).toEqual({ at: at('2026-11-23T20:00:00'), steps: [0] });
    expect(nextCalendar(at('2026-11-23T20:00:00'), steps)).toEqual({ at: at('2026-11-24T09:00:00'), steps: [2] });
    expect(nextCalendar(at('2026-11-25T10:00:00'), steps)).toEqual({ at: at('2026-11-25T20:00:00'), steps: [0, 1] });
    expect(nextCalendar(at('2026-11-25T10:00:00'), [])).toBeUndefined();
  });
});

describe('SOP enrolment and audience', () => {
  const ev = (type: string, event: Record<string, unknown>) => ({ type, occurredAt: 100, event });

  it('added: adds through the audience channels only', () => {
    const plan = { trigger: 'added' as const, audience: { channels: ['AbCdEfGh12'] } };
    expect(
      enrolCandidates(
        plan,
        ev('change_external_contact.add_external_contact', { UserID: 'u', ExternalUserID: 'wmabcdefgh', State: 'c_AbCdEfGh12' }),
        channelIdOfState,
      ),
    ).toEqual([{ recipient: 'wmabcdefgh', userId: 'u', at: 100 }]);
    expect(
      enrolCandidates(
        plan,
        ev('change_external_contact.add_external_contact', { UserID: 'u', ExternalUserID: 'wmabcdefgh', State: 'c_Zzzzzzzzzz' }),
        channelIdOfState,
      ),
    ).toEqual([]);
    expect(enrolCandidates(plan, ev('change_external_contact.del_follow_user', { UserID: 'u', ExternalUserID: 'wmabcdefgh' }), channelIdOfState)).toEqual([]);
  });

  it('joined_group: the customers among the members who joined an audience chat', () => {
    const plan = { trigger: 'joined_group' as const, audience: { chatIds: ['wrchat'] } };
    const join = (chat: string, detail = 'add_member') =>
      ev('change_external_chat.update', { ChatId: chat, UpdateDetail: detail, MemChangeList: { Item: ['wmcustomer01', 'zhangsan'] } });
    expect(enrolCandidates(plan, join('wrchat'), channelIdOfState)).toEqual([{ recipient: 'wmcustomer01', chatId: 'wrchat', at: 100 }]);
    expect(enrolCandidates(plan, join('wrother'), channelIdOfState)).toEqual([]);
    expect(enrolCandidates(plan, join('wrchat', 'del_member'), channelIdOfState)).toEqual([]);
  });

  it('a customer leaves the audience when the follow is deleted or loses the tags', () => {
    const follow = (o: Partial<FollowView>): FollowView => ({
      userId: 'u',
      externalUserId: 'wm1',
      status: 'active',
      state: null,
      addedAt: 1,
      changedAt: 1,
      tags: ['vip'],
      remark: null,
      ...o,
    });
    const plan = { trigger: 'tagged' as const, audience: { tags: ['vip', 'svip'] } };
    expect(audienceCheck(plan, { userId: 'u' }, [follow({})])).toEqual({ ok: true });
    expect(audienceCheck(plan, { userId: 'u' }, [follow({ status: 'deleted_by_customer' })])).toEqual({ ok: false, reason: 'deleted_by_customer' });
    expect(audienceCheck(plan, { userId: 'u' }, [follow({ tags: ['other'] })])).toEqual({ ok: false, reason: 'untagged' });
    expect(audienceCheck(plan, { userId: 'u' }, [follow({ userId: 'v' })])).toEqual({ ok: false, reason: 'not_a_contact' });
  });

  it("a staff reminder names the customer and fills {{name}} with the customer's own name", () => {
    expect(reminderLine('王小明', 'wm1', '{{name}}，记得领券')).toBe('· 王小明（wm1）：王小明，记得领券');
    expect(reminderLine(null, 'wm1', undefined)).toBe('· wm1');
  });
});
