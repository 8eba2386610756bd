import { toCsv } from './csv';

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
