// Keeps an operation-log diff small enough for one table item: a value whose JSON is longer than
// MAX_VALUE_CHARS is replaced by its size and sha256 (of the masked value), past MAX_FIELDS changed fields
// the rest are counted, not listed, and a diff still longer than MAX_DIFF_CHARS summarises shorter values too. Pure: no I/O.
import { createHash } from 'node:crypto';
import { canonicalJson } from './canonical';
import type { Diff } from './diff';

export const MAX_VALUE_CHARS = 2000;
export const MAX_FIELDS = 200;
/** Longest diff kept as it is (JSON characters); past it every value longer than SHORT_VALUE_CHARS is summarised too. */
export const MAX_DIFF_CHARS = 100_000;
const SHORT_VALUE_CHARS = 100;

function bounded(v: unknown, max = MAX_VALUE_CHARS): unknown {
  const text = canonicalJson(v);
  if (text.length <= max) return v;
  return { omitted: true, chars: text.length, sha256: createHash('sha256').update(text, 'utf8').digest('hex') };
}

/** The diff with long values summarised and at most MAX_FIELDS fields (then `…`: how many more). */
export function boundedDiff(diff: Diff): Diff {
  const fields = Object.keys(diff);
  const out: Diff = {};
  for (const f of fields.slice(0, MAX_FIELDS)) out[f] = { from: bounded(diff[f]!.from), to: bounded(diff[f]!.to) };
  if (fields.length > MAX_FIELDS) out['…'] = { from: null, to: `${fields.length - MAX_FIELDS} more fields` };
  if (canonicalJson(out).length <= MAX_DIFF_CHARS) return out;
  // Many long values: the whole diff must still fit one item (DynamoDB's 400 KB).
  return Object.fromEntries(Object.entries(out).map(([f, c]) => [f, { from: bounded(c.from, SHORT_VALUE_CHARS), to: bounded(c.to, SHORT_VALUE_CHARS) }]));
}
