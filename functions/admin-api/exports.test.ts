// Exports (导出) through the whole admin dispatcher on fakes: every file starts with the UTF-8 BOM, names
// itself in Content-Disposition (ASCII filename and UTF-8 filename*), has Chinese headers by default and
// English ones for Accept-Language en, shows money in yuan with two decimals (fen stays in JSON), defuses
// formulas, and a big list stops at the row cap with x-siyu-truncated and the cursor to continue from.
import { CSV_CAP } from '../../shared/http/csv';
import type { BroadcastRecord } from '../../shared/db/broadcast-repository';
import { adminCall, adminFakes, type AdminFakes } from '../../test/support/fakes/admin';

const NOW = Date.parse('2026-12-01T09:00:00+08:00');
const T0 = Math.floor(NOW / 1000) - 3600;
const BOM = '\uFEFF';

async function world() {
  const f = await adminFakes({ nowMs: NOW });
  return { f, call: adminCall(f) };
}

/** The file's lines without the BOM, split at CR LF (cells here hold no line breaks). */
const linesOf = (body: string) => body.slice(1).trimEnd().split('\r\n');

async function customer(f: AdminFakes, ext: string, name: string, userId: string) {
  await f.customerRecords.setProfile(f.corpId, { externalUserId: ext, name, type: 1 }, NOW);
  await f.follows.apply({ corpId: f.corpId, externalUserId: ext, userId, status: 'active', changedAt: T0, rank: 2, eventKey: `e-${ext}`, added: { at: T0 } });
}

describe('exports', () => {
  it('customers: BOM, Chinese headers and file name 客户列表-<today>.csv by default, with the ASCII fallback', async () => {
    const { f, call } = await world();
    await customer(f, 'wmone', '陈小姐', 'zhangsan');
    const res = await call('GET', '/customers', { query: { format: 'csv' } });
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(res.headers['content-disposition']).toBe(
      `attachment; filename="customers-2026-12-01.csv"; filename*=UTF-8''${encodeURIComponent('客户列表-2026-12-01.csv')}`,
    );
    expect(res.headers['x-siyu-truncated']).toBeUndefined();
    expect(res.body.startsWith(BOM)).toBe(true);
    expect(res.body.startsWith(BOM + BOM)).toBe(false);
    expect(linesOf(res.body)).toEqual([
      '客户ID,客户,客户类型,客户企业,员工,备注,标签,渠道,添加时间,状态,状态说明,客户阶段',
      'wmone,陈小姐,1,,zhangsan,,,,2026-12-01 08:00:00,active,已添加,',
    ]);
  });

  it('customers: English headers and file name for Accept-Language en', async () => {
    const { f, call } = await world();
    await customer(f, 'wmone', 'Ms Chen', 'zhangsan');
    const res = await call('GET', '/customers', { query: { format: 'csv' }, headers: { 'accept-language': 'en-US,en;q=0.9' } });
    expect(res.headers['content-disposition']).toBe(`attachment; filename="customers-2026-12-01.csv"; filename*=UTF-8''customers-2026-12-01.csv`);
    expect(linesOf(res.body)[0]).toBe('externalUserId,name,type,corpName,userId,remark,tags,channelId,addedAt,status,statusText,stage');
  });

  it('customers: a name that a spreadsheet would run as a formula is written as text', async () => {
    const { f, call } = await world();
    await customer(f, 'wmevil', '=HYPERLINK("http://x","点我")', 'zhangsan');
    await customer(f, 'wmplus', '+86 138', 'zhangsan');
    const res = await call('GET', '/customers', { query: { format: 'csv' } });
    const body = String(res.body);
    expect(body).toContain(`wmevil,"'=HYPERLINK(""http://x"",""点我"")",1`);
    expect(body).toContain(`wmplus,'+86 138,1`);
  });

  it('the red-packet ledger: money in yuan with two decimals in the file (1 fen, 1999 fen, 0), fen in JSON', async () => {
    const { f, call } = await world();
    const entry = { corpId: f.corpId, day: '2026-11-30', at: T0 - 86_400, customer: 'wmone', count: 1, wish: '' };
    await f.ledger.record({ ...entry, msgid: 'm1', userId: 'lisi', direction: 'in', amountFen: 1 });
    await f.ledger.record({ ...entry, msgid: 'm2', userId: 'lisi', direction: 'out', amountFen: 1999 });
    await f.ledger.record({ ...entry, msgid: 'm3', userId: 'zhangsan', direction: 'out', amountFen: 100_000_00 });
    const json = await call('GET', '/red-packet-ledger', { query: { date: '2026-11-30' } });
    expect(json.body.items[0]).toEqual({ userId: 'lisi', inCount: 1, inFen: 1, outCount: 1, outFen: 1999 });
    const res = await call('GET', '/red-packet-ledger', { query: { date: '2026-11-30', format: 'csv' } });
    expect(res.headers['content-disposition']).toContain(`filename="red-packet-ledger-2026-11-30-2026-12-01.csv"`);
    expect(linesOf(res.body)).toEqual([
      '日期,员工,收到红包数,收到金额（元）,发出红包数,发出金额（元）',
      '2026-11-30,lisi,1,0.01,1,19.99',
      '2026-11-30,zhangsan,0,0.00,1,100000.00',
    ]);
  });

  it('the audit log: amounts in yuan, a big export stops at the row cap with the next cursor, and the cursor continues exactly there', async () => {
    const { f, call } = await world();
    // Event keys are sha256 hex in the store; decimal digits padded to 64 are valid ones, in order.
    const key = (i: number) => String(i).padStart(64, '0');
    const extra = 7;
    const total = CSV_CAP.rows + extra;
    for (let i = 0; i < total; i++) {
      await f.auditLog.append({
        corpId: f.corpId,
        eventKey: key(i),
        type: 'red_packet',
        at: T0 - 3000 + Math.floor(i / 10),
        staff: 'zhangsan',
        customer: 'wmone',
        detail: { amountFen: i === 0 ? 1999 : 1, direction: 'out', msgid: `m${i}` },
        alert: false,
      });
    }
    const query = { from: String(T0 - 3600), to: String(T0 + 60), format: 'csv' };
    const first = await call('GET', '/audit', { query });
    expect(first.status).toBe(200);
    expect(first.headers['x-siyu-truncated']).toBe('true');
    const next = first.headers['x-siyu-next-cursor'] as string;
    expect(next).toEqual(expect.any(String));
    const head = linesOf(first.body);
    expect(head[0]).toBe('时间,类型,类型说明,员工,客户,方向,金额（元）,详情,事件键');
    expect(head[1]).toBe(`2026-12-01 07:10:00,red_packet,红包,zhangsan,wmone,发出,19.99,direction=out; msgid=m0,${key(0)}`);
    expect(head).toHaveLength(1 + CSV_CAP.rows);

    const rest = await call('GET', '/audit', { query: { ...query, cursor: next } });
    expect(rest.headers['x-siyu-truncated']).toBeUndefined();
    expect(rest.headers['x-siyu-next-cursor']).toBeUndefined();
    const tail = linesOf(rest.body);
    expect(tail[0]).toBe(head[0]);
    // Every row exactly once across the two files, in order.
    const keys = [...head.slice(1), ...tail.slice(1)].map((l) => l.split(',').at(-1));
    expect(keys).toHaveLength(total);
    expect(new Set(keys).size).toBe(total);
    expect(keys.at(-1)).toBe(key(total - 1));
  }, 60_000);

  it('broadcast results: one line per batch, blocked and failed recipient, with Chinese reasons', async () => {
    const { f, call } = await world();
    const record: BroadcastRecord = {
      corpId: f.corpId,
      id: 'b1',
      target: 'customers',
      filter: {},
      content: { text: '双十二' },
      sendAt: T0,
      status: 'sent',
      audience: 3,
      sent: 1,
      blockedCount: 1,
      blockedByReason: { monthly_cap: 1 },
      blocked: [{ recipient: 'wmtwo', reason: 'monthly_cap' }],
      failedCount: 1,
      failed: [{ recipient: 'wmthree', reason: 'not a contact of the sender' }],
      remaining: 0,
      msgids: ['msg1'],
      batches: [{ sender: 'zhangsan', size: 2, msgid: 'msg1', failed: 1, at: T0 }],
      runs: 1,
      createdAt: new Date(NOW).toISOString(),
      updatedAt: new Date(NOW).toISOString(),
      version: 1,
    };
    await f.broadcasts.create(record);
    const res = await call('GET', '/broadcasts/b1', { query: { format: 'csv' } });
    expect(res.headers['content-disposition']).toBe(
      `attachment; filename="broadcast-b1-2026-12-01.csv"; filename*=UTF-8''${encodeURIComponent('群发结果-b1-2026-12-01.csv')}`,
    );
    expect(linesOf(res.body)).toEqual([
      '结果,结果说明,员工,接收者,人数,失败人数,原因,消息ID,时间',
      'batch,发送批次,zhangsan,,2,1,,msg1,2026-12-01 08:00:00',
      'blocked,未发送（频次上限）,,wmtwo,,,本月已达上限,,',
      'failed,发送失败,,wmthree,,,not a contact of the sender,,',
    ]);
  });

  it('metrics: the daily file is named by its dimension kind, Chinese headers with the money columns in yuan, English ones for en', async () => {
    const { call } = await world();
    const daily = await call('GET', '/metrics/daily', { query: { from: '2026-11-29', to: '2026-11-30', format: 'csv' } });
    expect(daily.headers['content-disposition']).toContain(`filename="daily-metrics-tenant-2026-12-01.csv"`);
    expect(linesOf(daily.body)[0]).toMatch(
      /^日期,维度,新增客户,待通过,.*,成交额（元）,.*,投放花费（元）,获客成本（元）,D30 LTV（元）,LTV\/CAC,ROI,缺失数据源$/,
    );
    const en = await call('GET', '/metrics/daily', { query: { from: '2026-11-29', to: '2026-11-30', format: 'csv' }, headers: { 'accept-language': 'en' } });
    expect(linesOf(en.body)[0]).toMatch(/^day,dimension,newCustomers,.*,gmvYuan,/);
  });
});
