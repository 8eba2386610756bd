// The alert text staff read in WeCom: names instead of ids where known (ids otherwise), Chinese labels,
// money in yuan, and nothing staff cannot use (message ids).
import { alertText, yuan, type AuditRow } from './audit';

const AT = 1_764_000_000; // 2025-11-25 00:00 Shanghai
const row = (r: Partial<AuditRow>): AuditRow => ({
  corpId: 'ww',
  eventKey: 'k',
  type: 'red_packet',
  at: AT,
  staff: 'lisi',
  customer: 'wmcust01',
  detail: {},
  alert: true,
  ...r,
});

describe('alertText', () => {
  it('a red packet: staff, customer and channel by name, amount in yuan, Chinese kind and direction, no message id', () => {
    const r = row({ detail: { amountFen: 20_000, count: 1, wish: '恭喜发财', kind: 1, msgid: 'msg123', direction: 'out' } });
    expect(alertText(r, { staff: '李四', customer: '王女士', channel: '双十一海报' })).toBe(
      [
        '【Siyu 审计】红包',
        '时间：2025-11-25 00:00',
        '员工：李四',
        '客户：王女士',
        '渠道：双十一海报',
        '金额：¥200.00',
        '个数：1',
        '祝福语：恭喜发财',
        '类型：普通红包',
        '方向：发出',
      ].join('\n'),
    );
    expect(alertText(row({ detail: { amountFen: 1234, direction: 'in', kind: 2 } }))).toContain('金额：¥12.34\n方向：收到\n类型：拼手气群红包');
  });

  it('falls back to ids when no name is known, and leaves out an unknown channel', () => {
    const text = alertText(row({ type: 'customer_deleted_staff', detail: {} }), { staff: undefined });
    expect(text).toBe(['【Siyu 审计】客户删除了员工', '时间：2025-11-25 00:00', '员工：lisi', '客户：wmcust01'].join('\n'));
  });

  it('a sensitive word names who said it, by name, and shows the words and the excerpt', () => {
    const r = row({
      type: 'sensitive_word',
      staff: 'zhangsan',
      detail: { words: '返现、加我微信', msgid: 'm1', from: 'zhangsan', excerpt: '加我微信，下单有返现哦' },
    });
    const text = alertText(r, { staff: '张三', customer: '王女士' });
    expect(text.split('\n').slice(2)).toEqual(['员工：张三', '客户：王女士', '敏感词：返现、加我微信', '发送者：员工 张三', '内容：加我微信，下单有返现哦']);
    expect(alertText({ ...r, detail: { ...r.detail, from: 'wmcust01' } }, { customer: '王女士' })).toContain('发送者：客户 王女士');
  });

  it('a failed transfer gives the reason in Chinese; an unknown reason stays as WeCom wrote it', () => {
    expect(alertText(row({ type: 'transfer_fail', detail: { reason: 'customer_refused' } }))).toContain('原因：客户拒绝');
    expect(alertText(row({ type: 'transfer_fail', detail: { reason: 'customer_limit_exceed' } }))).toContain('原因：接替成员的客户数已达上限');
    expect(alertText(row({ type: 'transfer_fail', detail: { reason: 'other' } }))).toContain('原因：other');
  });

  it('writes yuan with two decimals', () => {
    expect([yuan(0), yuan(5), yuan(100), yuan(123_456), yuan(-250)]).toEqual(['¥0.00', '¥0.05', '¥1.00', '¥1234.56', '-¥2.50']);
  });
});
