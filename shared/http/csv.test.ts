import { csvHeaders, csvLang, csvPages, field, localTime, sheet, toCsv, withBom, yuan, type Column } from './csv';

describe('toCsv', () => {
  it('writes a header and rows, quoting commas, quotes and line breaks', () => {
    expect(
      toCsv(
        ['a', 'b'],
        [
          { a: 'x,y', b: 'say "hi"' },
          { a: 'line\nbreak', b: 3 },
        ],
      ),
    ).toBe('a,b\r\n"x,y","say ""hi"""\r\n"line\nbreak",3\r\n');
  });

  it('leaves nulls empty and keeps numbers as numbers', () => {
    expect(toCsv(['a', 'b'], [{ a: null, b: -1.5 }])).toBe('a,b\r\n,-1.5\r\n');
  });

  it('defuses spreadsheet formulas in text cells', () => {
    expect(toCsv(['a'], [{ a: '=HYPERLINK("x")' }, { a: '@cmd' }])).toBe('a\r\n"\'=HYPERLINK(""x"")"\r\n\'@cmd\r\n');
  });
});

describe('yuan', () => {
  it('writes fen as yuan with two decimals, exactly (integer arithmetic)', () => {
    expect([1, 1999, 0, 10, 100, 123_456_789_01, -5, -1999].map(yuan)).toEqual(['0.01', '19.99', '0.00', '0.10', '1.00', '123456789.01', '-0.05', '-19.99']);
    // Values where float division drifts: 0.29 * 100 = 28.999999999999996, and above 2^53 ÷ 100 yuan.
    expect([29, 57, 100_5, 9_007_199_254_740_99].map(yuan)).toEqual(['0.29', '0.57', '10.05', '9007199254740.99']);
  });

  it('rounds a fraction of a fen (an average) to the fen, and leaves nothing empty', () => {
    expect([1.4, 1.5, 2999.6].map(yuan)).toEqual(['0.01', '0.02', '30.00']);
    expect([null, undefined, Number.NaN].map(yuan)).toEqual([null, null, null]);
  });
});

describe('csvLang', () => {
  it('follows the negotiated language: English when English is preferred, Chinese otherwise (the default)', () => {
    expect(['en', 'en-US,en;q=0.9', 'EN-gb', ' en'].map(csvLang)).toEqual(['en', 'en', 'en', 'en']);
    expect([undefined, '', 'zh-CN,zh;q=0.9,en;q=0.8', 'fr-FR', 'eng', '*'].map(csvLang)).toEqual(['zh', 'zh', 'zh', 'zh', 'zh', 'zh']);
    // The same negotiation as error messages: q-values decide, not the first tag.
    expect(['fr-FR, en;q=0.5', 'en;q=0.4, zh;q=0.9', 'en;q=0'].map(csvLang)).toEqual(['en', 'zh', 'zh']);
  });
});

describe('typed columns', () => {
  const columns: Column<{ name: string; fen: number }>[] = [field('name', '客户'), field('fen', '金额（元）', 'amountYuan', 'yuan')];

  it('writes the header in the language and money in yuan', () => {
    expect(sheet(columns, 'zh', [{ name: '陈', fen: 1999 }])).toBe('客户,金额（元）\r\n陈,19.99\r\n');
    expect(sheet(columns, 'en', [{ name: 'Chen', fen: 1 }])).toBe('name,amountYuan\r\nChen,0.01\r\n');
  });

  it('defuses formulas behind a tab or CR too, and leaves negative numbers as numbers', () => {
    expect(
      toCsv(
        ['a', 'b'],
        [
          { a: '\t=1+1', b: -3 },
          { a: '\r=1', b: '-3' },
        ],
      ),
    ).toBe("a,b\r\n'\t=1+1,-3\r\n\"'\r=1\",'-3\r\n");
  });
});

describe('csvHeaders', () => {
  it('names the file in the language (filename*) with the English name as the ASCII fallback (filename)', () => {
    const name = { zh: '客户列表', en: 'customers' };
    expect(csvHeaders({ name, lang: 'zh', day: '2026-12-01' })).toEqual({
      'content-type': 'text/csv; charset=utf-8',
      'content-disposition': `attachment; filename="customers-2026-12-01.csv"; filename*=UTF-8''%E5%AE%A2%E6%88%B7%E5%88%97%E8%A1%A8-2026-12-01.csv`,
    });
    expect(csvHeaders({ name, lang: 'en', day: '2026-12-01' })['content-disposition']).toBe(
      `attachment; filename="customers-2026-12-01.csv"; filename*=UTF-8''customers-2026-12-01.csv`,
    );
  });

  it('keeps the fallback ASCII and unquoted-safe for one name in both languages, and percent-encodes what RFC 5987 does not allow', () => {
    expect(csvHeaders({ name: '操作日志', lang: 'zh', day: '2026-12-01' })['content-disposition']).toBe(
      `attachment; filename="export-2026-12-01.csv"; filename*=UTF-8''%E6%93%8D%E4%BD%9C%E6%97%A5%E5%BF%97-2026-12-01.csv`,
    );
    expect(csvHeaders({ name: `a"b\\c's (1)`, lang: 'en', day: '2026-12-01' })['content-disposition']).toBe(
      `attachment; filename="abc's (1)-2026-12-01.csv"; filename*=UTF-8''a%22b%5Cc%27s%20%281%29-2026-12-01.csv`,
    );
  });

  it('says when the file stopped at the cap, with the cursor to continue from', () => {
    expect(csvHeaders({ lang: 'zh', day: '2026-12-01', nextCursor: 'abc' })).toMatchObject({ 'x-siyu-truncated': 'true', 'x-siyu-next-cursor': 'abc' });
    expect(csvHeaders({ lang: 'zh', day: '2026-12-01', nextCursor: null })).not.toHaveProperty('x-siyu-truncated');
  });
});

describe('withBom and localTime', () => {
  it('puts the BOM in front once', () => {
    expect(withBom('a\r\n')).toBe('\uFEFFa\r\n');
    expect(withBom(withBom('a\r\n'))).toBe('\uFEFFa\r\n');
  });

  it('writes instants as Beijing time', () => {
    expect(localTime('2026-11-30T16:00:00.000Z')).toBe('2026-12-01 00:00:00');
    expect(localTime(Date.parse('2026-12-01T09:30:05+08:00') / 1000)).toBe('2026-12-01 09:30:05');
    expect([null, undefined, 'nope'].map(localTime)).toEqual([null, null, null]);
  });
});

describe('csvPages', () => {
  const columns: Column<{ n: number }>[] = [field('n', '序号')];
  /** A store of `total` rows in pages of `size`, recording which cursors were read. */
  function store(total: number, size: number) {
    const reads: Array<string | undefined> = [];
    const page = async (cursor: string | undefined) => {
      reads.push(cursor);
      const from = cursor === undefined ? 0 : Number(cursor);
      const items = Array.from({ length: Math.max(0, Math.min(size, total - from)) }, (_, i) => ({ n: from + i }));
      return { items, cursor: from + size < total ? String(from + size) : null };
    };
    return { reads, page };
  }
  /** A clock that stands still: only the time budget test moves it. */
  const now = () => 0;
  const numbers = (text: string) => text.trimEnd().split('\r\n').slice(1).map(Number);

  it('writes every page in order when the list fits, reading each page once', async () => {
    const s = store(25, 10);
    const out = await csvPages({ columns, lang: 'zh', page: s.page, now });
    expect(out).toMatchObject({ nextCursor: null, rows: 25 });
    expect(out.text.startsWith('序号\r\n')).toBe(true);
    expect(numbers(out.text)).toEqual(Array.from({ length: 25 }, (_, i) => i));
    expect(s.reads).toEqual([undefined, '10', '20']);
  });

  it('stops before the page that would pass the row cap and names its cursor; continuing from it yields the rest', async () => {
    const s = store(45, 10);
    const cap = { bytes: 1_000_000, rows: 25, ms: 60_000 };
    const first = await csvPages({ columns, lang: 'zh', page: s.page, cap, now });
    expect(first).toMatchObject({ nextCursor: '20', rows: 20 });
    // Page by page: the store is read one page past the cap, never the whole list.
    expect(s.reads).toEqual([undefined, '10', '20']);
    const second = await csvPages({ columns, lang: 'zh', page: s.page, cap, now, cursor: first.nextCursor! });
    // The rest (25 rows) fits the cap exactly.
    expect(second).toMatchObject({ nextCursor: null, rows: 25 });
    expect([...numbers(first.text), ...numbers(second.text)]).toEqual(Array.from({ length: 45 }, (_, i) => i));
  });

  it('stops at the byte cap counted as the body travels (JSON-escaped), and always writes the first page', async () => {
    const wide: Column<{ n: number }>[] = [{ zh: '内容', en: 'text', value: (r) => `"${'字'.repeat(100)}"${r.n}` }];
    const s = store(100, 1);
    // A line: 2 quotes doubled and wrapped (6 chars, JSON-escaped to 12 bytes) + 300 bytes of 字 + digits + CR LF (4 bytes escaped).
    const out = await csvPages({ columns: wide, lang: 'zh', page: s.page, now, cap: { bytes: 1000, rows: 1000, ms: 60_000 } });
    expect(out.rows).toBe(3);
    expect(out.nextCursor).toBe('3');
    expect(Buffer.byteLength(JSON.stringify(out.text))).toBeLessThanOrEqual(1000 + 2);
    const tiny = await csvPages({ columns: wide, lang: 'zh', page: s.page, now, cap: { bytes: 10, rows: 1000, ms: 60_000 } });
    expect(tiny).toMatchObject({ rows: 1, nextCursor: '1' });
  });

  it('stops when the time budget is spent before the next page (a slow store), naming the cursor of that page', async () => {
    const s = store(100, 10);
    let ms = 0;
    // Each page takes 6 s to read: after three pages (18 s ≥ 15 s) the fourth is not read.
    const slow = async (cursor: string | undefined) => {
      ms += 6000;
      return s.page(cursor);
    };
    const out = await csvPages({ columns, lang: 'zh', page: slow, now: () => ms, cap: { bytes: 1_000_000, rows: 1000, ms: 15_000 } });
    expect(out).toMatchObject({ rows: 30, nextCursor: '30' });
    expect(s.reads).toEqual([undefined, '10', '20']);
  });
});
