// The 可信域名 ownership file at the domain root: served only under its configured name, with its content
// as plain text; a missing or malformed configuration serves nothing.
import { isRootFilePath, parseVerifyFile, serveVerifyFile } from './domain-verify';

describe('WeCom domain verification file', () => {
  const file = parseVerifyFile('WW_verify_a1B2c3D4e5F6g7H8.txt:Q9w8E7r6T5y4U3i2');

  it('parses "name:content" as WeCom hands it out', () => {
    expect(file).toEqual({ name: 'WW_verify_a1B2c3D4e5F6g7H8.txt', content: 'Q9w8E7r6T5y4U3i2' });
  });

  it.each(['', 'WW_verify_abc.txt', 'WW_verify_abc.txt:', 'other.txt:abc', 'WW_verify_a/b.txt:abc', 'WW_verify_abc.txt:a b', '../WW_verify_abc.txt:abc'])(
    'rejects %j',
    (value) => {
      expect(parseVerifyFile(value)).toBeUndefined();
    },
  );

  it('serves the content as plain text at /<name>', () => {
    const r = serveVerifyFile(file, '/WW_verify_a1B2c3D4e5F6g7H8.txt');
    expect(r).toMatchObject({ statusCode: 200, body: 'Q9w8E7r6T5y4U3i2' });
    expect(r.headers['content-type']).toBe('text/plain; charset=utf-8');
  });

  it('answers 404 for any other root file, and for everything when none is configured', () => {
    expect(serveVerifyFile(file, '/WW_verify_other.txt').statusCode).toBe(404);
    expect(serveVerifyFile(file, '/robots.txt').statusCode).toBe(404);
    expect(serveVerifyFile(undefined, '/WW_verify_a1B2c3D4e5F6g7H8.txt').statusCode).toBe(404);
    expect(JSON.parse(String(serveVerifyFile(undefined, '/x.txt').body))).toEqual({ error: { code: 'not_found', message: expect.any(String) } });
  });

  it('routes only single-segment root paths to it', () => {
    expect(isRootFilePath('/WW_verify_abc.txt')).toBe(true);
    expect(['/', '/console', '/sidebar', '/console/index.html', '/sidebar/x'].filter(isRootFilePath)).toEqual([]);
  });
});
