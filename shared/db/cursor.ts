// Page cursors of the admin API, one codec for every list: opaque base64url JSON of where a list stopped.
// - Each list declares its position as a strict zod schema (exact keys, string types). Anything else — not
//   canonical base64url, not UTF-8 JSON, another shape, an extra or missing key — is a 400 invalid_cursor.
// - A position holds sort-key material only, never a partition key: the repository rebuilds the whole
//   DynamoDB key for the caller's tenant from keys.ts, so a cursor cannot name another tenant's partition
//   (one that carries a `pk` is refused for its extra key, before any read).
// - A position that does not fit the query it comes with (another time range, day or customer) is refused
//   by the repository the same way (cursorOutsideQuery): DynamoDB rejects a start key outside the range.
import * as z from 'zod';
import { InvalidCursorError } from '../errors';
import { isCalendarDay, shanghaiDay } from '../events/time';
import { isWellFormed } from '../input/text';
import { keys } from './keys';
import { msg } from '../i18n/messages';

/** Longest cursor accepted, in characters. */
export const MAX_CURSOR_CHARS = 2000;

/** The `cursor` parameter as a route takes it: any string; decodeCursor judges it. */
export const cursorParam = z.string().optional();

const day = z.string().refine(isCalendarDay);
/** Sort key of an event (GSI1) or an audit row: 10-digit unix seconds, '#', the 64-hex event key. */
const eventSort = z.string().regex(/^\d{10}#[0-9a-f]{64}$/);
/** Sort key of an archived message: 13-digit unix ms, '#', its msgid (1–256 characters). */
const archiveSort = z
  .string()
  .max(270)
  .regex(/^\d{13}#[^]{1,256}$/)
  .refine(isWellFormed);
/** The id a list continues after (customer, moment, run recipient); the repository builds the key from it. */
const after = z.string().min(1).max(200).refine(isWellFormed);
/** A WeCom userid: 1–64 of letters, digits and _ - @ . */
const userId = z.string().regex(/^[A-Za-z0-9_@.-]{1,64}$/);

/** The position of each paged list. */
export const PAGE_POSITIONS = {
  events: z.strictObject({ day, sk: eventSort }),
  audit: z.strictObject({ sk: eventSort }),
  /** Day partitions: the day (and the last sort key read in it); a customer's messages (GSI1): the sort key. */
  archive: z.union([z.strictObject({ day, sk: archiveSort.optional() }), z.strictObject({ sk: archiveSort })]),
  rfm: z.strictObject({ a: after }),
  customers: z.strictObject({ a: after }),
  staff: z.strictObject({ a: userId }),
  moments: z.strictObject({ a: after }),
  transfers: z.strictObject({ a: after }),
  sopRuns: z.strictObject({ a: after }),
  broadcasts: z.strictObject({ a: after }),
  materials: z.strictObject({ a: after }),
  operationLog: z.strictObject({ sk: z.string().regex(/^E#\d{13}#\d{10}$/) }),
} as const;
export type PageList = keyof typeof PAGE_POSITIONS;
export type PagePosition<L extends PageList> = z.output<(typeof PAGE_POSITIONS)[L]>;

const BASE64URL = /^[A-Za-z0-9_-]+$/;
const utf8 = new TextDecoder('utf-8', { fatal: true });

export function encodeCursor<L extends PageList>(list: L, position: PagePosition<L>): string {
  return Buffer.from(JSON.stringify(PAGE_POSITIONS[list].parse(position)), 'utf8').toString('base64url');
}

/** The position of a cursor of `list`; anything this API would not have handed out is an InvalidCursorError. */
export function decodeCursor<L extends PageList>(list: L, cursor: string): PagePosition<L> {
  if (cursor.length > MAX_CURSOR_CHARS || !BASE64URL.test(cursor)) throw new InvalidCursorError();
  const bytes = Buffer.from(cursor, 'base64url');
  if (bytes.toString('base64url') !== cursor) throw new InvalidCursorError();
  let value: unknown;
  try {
    value = JSON.parse(utf8.decode(bytes));
  } catch {
    throw new InvalidCursorError();
  }
  const parsed = PAGE_POSITIONS[list].safeParse(value);
  if (!parsed.success) throw new InvalidCursorError();
  return parsed.data as PagePosition<L>;
}

/** A well-formed position that another query handed out (another time range, day or customer). */
export const cursorOutsideQuery = () => new InvalidCursorError(msg('cursor_other_query'));

/**
 * Where an events list over [from, to] continues: inside the range, on the Shanghai day of its sort key.
 * Shared by the DynamoDB event log and its in-memory fake.
 */
export function eventsStart(cursor: string | undefined, from: number, to: number): PagePosition<'events'> | undefined {
  if (!cursor) return undefined;
  const p = decodeCursor('events', cursor);
  const inRange = p.sk >= keys.eventsByDaySort(from, '') && p.sk <= keys.eventsByDaySort(to, '~');
  if (!inRange || shanghaiDay(Number(p.sk.slice(0, 10))) !== p.day) throw cursorOutsideQuery();
  return p;
}
