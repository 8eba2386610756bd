// The operation log's pure parts: canonical JSON, the diff (changed fields only, secrets masked), the
// size bound, and the hash chain with its verification (an edited, removed, reordered or cut-off entry
// is found, at its seq).
import { boundedDiff, MAX_DIFF_CHARS, MAX_FIELDS, MAX_VALUE_CHARS } from './bounded';
import { canonicalJson } from './canonical';
import { diffOf, maskSecrets, MASK } from './diff';
import { entryHash, GENESIS_HASH, sealEntry, verifyChain, type ChainHead, type OperationDraft, type OperationEntry } from './entry';

const API_KEY = `sy.wwcorp0001.0123456789ab.${'A'.repeat(43)}`;

describe('canonical JSON', () => {
  it('sorts keys at every depth and drops undefined members', () => {
    expect(canonicalJson({ b: 1, a: { d: [1, { z: 1, y: 2 }], c: undefined } })).toBe('{"a":{"d":[1,{"y":2,"z":1}]},"b":1}');
    expect(canonicalJson({ x: 'é', y: null })).toBe(canonicalJson({ y: null, x: 'é' }));
  });
});

describe('diff', () => {
  it('lists changed fields only, nested objects by dot path, arrays whole, absent as null', () => {
    const before = { name: '门店码', staff: ['a', 'b'], autoAccept: { mode: 'never', windows: [] }, tags: ['t1'], same: { k: 1 } };
    const after = { name: '门店码二', staff: ['a', 'b'], autoAccept: { mode: 'always', windows: [] }, note: 'x', same: { k: 1 } };
    expect(diffOf(before, after)).toEqual({
      name: { from: '门店码', to: '门店码二' },
      'autoAccept.mode': { from: 'never', to: 'always' },
      tags: { from: ['t1'], to: null },
      note: { from: null, to: 'x' },
    });
  });

  it('does not count key order as a change', () => {
    expect(diffOf({ a: { x: 1, y: [{ p: 1, q: 2 }] } }, { a: { y: [{ q: 2, p: 1 }], x: 1 } })).toEqual({});
  });

  it('shows a changed secret as *** on both sides and an unchanged one not at all', () => {
    const d = diffOf(
      { token: 'OldToken', secret: 's1', encodingAesKey: 'k1', name: 'a' },
      { token: 'NewToken', secret: 's1', encodingAesKey: 'k2', name: 'a' },
    );
    expect(d).toEqual({ token: { from: MASK, to: MASK }, encodingAesKey: { from: MASK, to: MASK } });
    expect(JSON.stringify(d)).not.toMatch(/OldToken|NewToken|k1|k2/);
  });

  it('masks secret fields at any depth, ciphertext fields, and API key values inside any string', () => {
    const after = { nested: { Secret: 'plain' }, tokenEnc: 'cipher', note: `key is ${API_KEY} ok`, list: [{ password: 'pw' }] };
    const text = JSON.stringify(diffOf(undefined, after));
    expect(text).not.toMatch(/plain|cipher|pw"|AAAAAAAAAA/);
    expect(diffOf(undefined, after)).toEqual({
      'nested.Secret': { from: null, to: MASK },
      tokenEnc: { from: null, to: MASK },
      note: { from: null, to: `key is ${MASK} ok` },
      list: { from: null, to: [{ password: MASK }] },
    });
    expect(maskSecrets({ key: API_KEY, keyId: 'abc' })).toEqual({ key: MASK, keyId: 'abc' });
  });

  it('bounds long values (size and sha256) and the number of fields', () => {
    const long = 'x'.repeat(MAX_VALUE_CHARS + 1);
    const d = boundedDiff({ words: { from: null, to: long }, short: { from: 1, to: 2 } });
    expect(d.short).toEqual({ from: 1, to: 2 });
    expect(d.words!.to).toEqual({ omitted: true, chars: MAX_VALUE_CHARS + 3, sha256: expect.stringMatching(/^[0-9a-f]{64}$/) });
    const many = Object.fromEntries(Array.from({ length: MAX_FIELDS + 5 }, (_, i) => [`f${String(i).padStart(3, '0')}`, { from: null, to: i }]));
    const b = boundedDiff(many);
    expect(Object.keys(b)).toHaveLength(MAX_FIELDS + 1);
    expect(b['…']).toEqual({ from: null, to: '5 more fields' });
  });

  it('keeps a diff of many long values within one item', () => {
    const value = 'y'.repeat(MAX_VALUE_CHARS - 10);
    const wide = Object.fromEntries(Array.from({ length: MAX_FIELDS }, (_, i) => [`f${i}`, { from: value, to: `${value}!` }]));
    const b = boundedDiff(wide);
    expect(canonicalJson(b).length).toBeLessThanOrEqual(MAX_DIFF_CHARS);
    expect(Object.keys(b)).toHaveLength(MAX_FIELDS);
    expect(b.f0!.to).toEqual({ omitted: true, chars: value.length + 3, sha256: expect.stringMatching(/^[0-9a-f]{64}$/) });
  });
});

const draft = (n: number): OperationDraft => ({
  corpId: 'wwchain00000001',
  actor: { keyId: `k${n}`, role: 'admin' },
  route: 'PATCH /admin/v1/tenants/{corpId}/channels/{id}',
  target: { id: `ch${n}` },
  status: 200,
  source: 'resource',
  diff: { name: { from: `a${n}`, to: `b${n}` } },
});

function chainOf(n: number, startMs = 1_790_000_000_000): { entries: OperationEntry[]; head: ChainHead } {
  const entries: OperationEntry[] = [];
  let head: ChainHead | undefined;
  for (let i = 1; i <= n; i++) {
    const sealed = sealEntry(draft(i), head, startMs + i * 1000);
    entries.push(sealed.entry);
    head = sealed.head;
  }
  return { entries, head: head! };
}

describe('hash chain', () => {
  it('links each entry to the one before (genesis first), seq without gaps, time never going back', () => {
    const { entries } = chainOf(3);
    expect(entries.map((e) => e.seq)).toEqual([1, 2, 3]);
    expect(entries[0]!.prevHash).toBe(GENESIS_HASH);
    expect(entries[1]!.prevHash).toBe(entries[0]!.hash);
    expect(entries[2]!.hash).toBe(entryHash(entries[2]!));
    const late = sealEntry(draft(4), { seq: 3, hash: entries[2]!.hash, atMs: 1_790_000_009_000 }, 1_790_000_001_000);
    expect(late.entry.at).toBe(new Date(1_790_000_009_000).toISOString());
  });

  it('verifies an intact chain, and an empty one', async () => {
    const { entries, head } = chainOf(5);
    expect(await verifyChain(entries, head)).toEqual({ ok: true, entries: 5 });
    expect(await verifyChain([], undefined)).toEqual({ ok: true, entries: 0 });
  });

  it('finds an edited entry (its hash no longer matches)', async () => {
    const { entries, head } = chainOf(5);
    entries[2] = { ...entries[2]!, diff: { name: { from: 'a3', to: 'forged' } } };
    expect(await verifyChain(entries, head)).toEqual({ ok: false, brokenAt: 3, reason: expect.stringContaining('hash mismatch') });
  });

  it('finds an edited entry whose hash was recomputed (the next one no longer follows it)', async () => {
    const { entries, head } = chainOf(5);
    const forged = { ...entries[2]!, actor: { keyId: 'someone-else', role: 'admin' as const } };
    entries[2] = { ...forged, hash: entryHash(forged) };
    expect(await verifyChain(entries, head)).toEqual({ ok: false, brokenAt: 4, reason: expect.stringContaining('prevHash mismatch') });
  });

  it('finds a removed entry, and entries removed at the end', async () => {
    const { entries, head } = chainOf(5);
    expect(await verifyChain([...entries.slice(0, 2), ...entries.slice(3)], head)).toEqual({ ok: false, brokenAt: 3, reason: 'entry 3 is missing' });
    expect(await verifyChain(entries.slice(0, 4), head)).toEqual({ ok: false, brokenAt: 5, reason: expect.stringContaining('removed at the end') });
  });

  it('finds reordered entries', async () => {
    const { entries, head } = chainOf(5);
    const swapped = [entries[0]!, entries[2]!, entries[1]!, entries[3]!, entries[4]!];
    expect(await verifyChain(swapped, head)).toEqual({ ok: false, brokenAt: 2, reason: expect.stringContaining('missing') });
  });

  it('accepts entries appended after the head was read, and refuses a head that names another entry', async () => {
    const { entries, head } = chainOf(5);
    expect(await verifyChain(entries, { ...head, seq: 3, hash: entries[2]!.hash })).toEqual({ ok: true, entries: 5 });
    expect(await verifyChain(entries, { ...head, hash: 'f'.repeat(64) })).toEqual({ ok: false, brokenAt: 5, reason: expect.stringContaining('head') });
  });
});
