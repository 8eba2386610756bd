// 获客链接 domain: the published URL carries the channel's state, and the statistics range keeps WeCom's limits.
import { linkUrlWithChannel, statsRange } from './acquisition-link';

describe('linkUrlWithChannel', () => {
  it('appends customer_channel = the channel state, keeping what the link already has', () => {
    expect(linkUrlWithChannel('https://work.weixin.qq.com/ca/cawcde123', 'c_abcdefghij')).toBe(
      'https://work.weixin.qq.com/ca/cawcde123?customer_channel=c_abcdefghij',
    );
    expect(linkUrlWithChannel('https://work.weixin.qq.com/ca/x?comp_scene=AB', 'c_1')).toBe(
      'https://work.weixin.qq.com/ca/x?comp_scene=AB&customer_channel=c_1',
    );
  });
});

describe('statsRange', () => {
  const today = '2026-11-30';
  it('defaults to the 30 days ending today, as Shanghai midnights', () => {
    expect(statsRange({ today })).toEqual({
      ok: true,
      fromDay: '2026-11-01',
      toDay: '2026-11-30',
      startTime: Date.parse('2026-11-01T00:00:00+08:00') / 1000,
      endTime: Date.parse('2026-11-30T00:00:00+08:00') / 1000,
    });
  });
  it('refuses more than 30 days, a start more than 180 days ago, a reversed range and a day after today', () => {
    expect(statsRange({ from: '2026-10-31', to: '2026-11-29', today })).toMatchObject({ ok: true });
    expect(statsRange({ from: '2026-10-31', to: '2026-11-30', today })).toEqual({ ok: false, field: 'from', problem: 'range exceeds 30 days' });
    expect(statsRange({ from: '2026-06-04', to: '2026-06-05', today })).toMatchObject({ ok: true });
    expect(statsRange({ from: '2026-06-03', to: '2026-06-05', today })).toEqual({ ok: false, field: 'from', problem: 'more than 180 days ago' });
    expect(statsRange({ from: '2026-11-10', to: '2026-11-09', today })).toEqual({ ok: false, field: 'from', problem: 'after to' });
    expect(statsRange({ to: '2026-12-01', today })).toEqual({ ok: false, field: 'to', problem: 'after today' });
  });
});
