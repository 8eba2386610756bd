// strict(): undeclared keys fail at every depth (objects in arrays, records, unions, optional and nullable
// fields), declared loose objects stay loose, and the declared fields are still checked.
import * as z from 'zod';
import { strictIssues } from './strict-schema';

const schema = z.object({
  a: z.array(z.object({ b: z.number().int() })),
  c: z.object({ d: z.string() }).nullable().optional(),
  e: z.record(z.string(), z.object({ f: z.boolean() })),
  g: z.discriminatedUnion('ok', [z.object({ ok: z.literal(true), n: z.number() }), z.object({ ok: z.literal(false), why: z.string() })]),
  h: z.array(z.looseObject({ msgtype: z.string() })).readonly(),
});
const good = { a: [{ b: 1 }], c: { d: 'x' }, e: { k: { f: true } }, g: { ok: false, why: 'x' }, h: [{ msgtype: 'image', image: { media_id: 'm' } }] };

describe('strict', () => {
  it('accepts an exact answer and refuses an undeclared key at any depth, or a missing or mistyped field', () => {
    expect(strictIssues(schema, good)).toEqual([]);
    expect(strictIssues(schema, { ...good, extra: 1 })).not.toEqual([]);
    expect(strictIssues(schema, { ...good, a: [{ b: 1, x: 1 }] })).not.toEqual([]);
    expect(strictIssues(schema, { ...good, c: { d: 'x', x: 1 } })).not.toEqual([]);
    expect(strictIssues(schema, { ...good, e: { k: { f: true, x: 1 } } })).not.toEqual([]);
    expect(strictIssues(schema, { ...good, g: { ok: false, why: 'x', n: 1 } })).not.toEqual([]);
    expect(strictIssues(schema, { ...good, a: [{ b: 1.5 }] })).not.toEqual([]);
    expect(strictIssues(schema, { ...good, e: undefined })).not.toEqual([]);
    // Absent optional and null nullable fields are fine; the loose attachment keeps its own keys.
    expect(strictIssues(schema, { ...good, c: null })).toEqual([]);
    expect(strictIssues(schema, { a: [], e: {}, g: { ok: true, n: 1 }, h: [] })).toEqual([]);
  });
  it('keeps a schema’s own strictness for values that are not objects', () => {
    expect(strictIssues(z.array(z.string()), ['a'])).toEqual([]);
    expect(strictIssues(z.array(z.string()), [1])).not.toEqual([]);
  });
});
