// Input the store cannot hold: the size refinement and the record check, and how parseInput answers them.
import * as z from 'zod';
import { PayloadTooLargeError, ValidationError } from '../errors';
import { parseInput } from '../validation';
import { assertFitsItem, fitsItem, jsonBytes, MAX_ITEM_BYTES } from './item-size';

const schema = z
  .strictObject({ words: z.array(z.string().max(50)).max(5000), notify: z.array(z.string()).default([]) })
  .superRefine(fitsItem(MAX_ITEM_BYTES, 'words'));
const cjk = (n: number) => '敏'.repeat(n);

describe('fitsItem through parseInput', () => {
  it('measures UTF-8 bytes, not characters: 5,000 words of 50 CJK characters are 413 payload_too_large naming words', () => {
    const words = Array.from({ length: 5000 }, (_, i) => cjk(49) + String(i % 10));
    expect(jsonBytes({ words })).toBeGreaterThan(400_000);
    let error: unknown;
    try {
      parseInput(schema, { words }, 'invalid sensitive words');
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(PayloadTooLargeError);
    expect(error).toMatchObject({
      code: 'payload_too_large',
      httpStatus: 413,
      details: [{ field: 'words', message: expect.stringContaining(`最多 ${MAX_ITEM_BYTES} 字节`) }],
    });
  });

  it('lets the same count of short words through', () => {
    const words = Array.from({ length: 5000 }, (_, i) => `${cjk(10)}${i}`);
    expect(parseInput(schema, { words }, 'x').words).toHaveLength(5000);
  });

  it('answers 400 when the input is also invalid otherwise', () => {
    expect(() => parseInput(schema, { words: ['x'.repeat(51)] }, 'x')).toThrow(ValidationError);
  });
});

describe('assertFitsItem', () => {
  it('passes a record under the limit and names the largest candidate field over it', () => {
    expect(() => assertFitsItem({ steps: ['x'], audience: {} }, ['steps', 'audience'])).not.toThrow();
    const big = { name: 'p', steps: [cjk(50_000)], audience: { chatIds: Array.from({ length: 2000 }, (_, i) => `wr${'x'.repeat(100)}${i}`) } };
    expect(() => assertFitsItem(big, ['steps', 'audience', 'name'])).toThrow(PayloadTooLargeError);
    try {
      assertFitsItem(big, ['steps', 'audience', 'name']);
    } catch (e) {
      expect(e).toMatchObject({ httpStatus: 413, details: [{ field: 'audience' }] });
    }
  });
});
