// DynamoDB holds at most 400 KB per item (UTF-8 attribute names and values). Input that becomes one item is
// measured as the UTF-8 JSON of what is stored (never smaller than DynamoDB's count for strings, lists and
// maps) and refused above a budget with margin for keys and bookkeeping attributes: a 413
// payload_too_large that names the field and the limit, and nothing is stored.
// - fitsItem: a zod refinement, for input whose size alone decides (sensitive words, one attachment);
// - assertFitsItem: for a record assembled from input and stored state (a create, a PATCH), before the write.
import type * as z from 'zod';
import { PayloadTooLargeError } from '../errors';
import { msg } from '../i18n/messages';

/** What one stored record may take at most (of DynamoDB's 400 KB). */
export const MAX_ITEM_BYTES = 350_000;
/** One message attachment (WeCom's link: title 128 B, desc 512 B, url and picurl 2,048 B each). */
export const MAX_ATTACHMENT_BYTES = 8_192;

/** UTF-8 bytes of the JSON of `value`. */
export const jsonBytes = (value: unknown): number => Buffer.byteLength(JSON.stringify(value) ?? '', 'utf8');

/** Marks an issue that parseInput answers with 413 instead of 400. */
export const TOO_LARGE = 'payloadTooLarge';

const tooLarge = (bytes: number, max: number) => `内容过大：${bytes} 字节，最多 ${max} 字节 (UTF-8) (too large: ${bytes} bytes, at most ${max} bytes of UTF-8)`;

/** Zod refinement: the value takes at most `max` bytes as stored; the issue is on `field` (a key of the value), if given. */
export function fitsItem(max = MAX_ITEM_BYTES, field?: string) {
  return (value: unknown, ctx: z.RefinementCtx) => {
    const bytes = jsonBytes(value);
    if (bytes > max) ctx.addIssue({ code: 'custom', path: field === undefined ? [] : [field], message: tooLarge(bytes, max), params: { [TOO_LARGE]: true } });
  };
}

/** Refuses a record that would not fit in one item, naming the largest of `fields` (what made it grow). */
export function assertFitsItem<R extends object>(record: R, fields: ReadonlyArray<keyof R & string>, max = MAX_ITEM_BYTES): void {
  const bytes = jsonBytes(record);
  if (bytes <= max) return;
  const field = [...fields].sort((a, b) => jsonBytes(record[b]) - jsonBytes(record[a]))[0] ?? '';
  throw new PayloadTooLargeError(msg('too_large_to_store'), { details: [{ field, message: tooLarge(bytes, max) }] });
}
