// The query parameters every admin list shares, in one place: a day (shared/input/day.schema.ts), a page
// size and a page cursor (shared/db/cursor.ts judges the cursor itself). Query values arrive as strings.
import * as z from 'zod';
import { cursorParam } from '../db/cursor';
import { daySchema } from './day.schema';

/** `?limit=`: a whole number of items from 1 to `max`; the list picks its default when absent. */
export const limitParam = (max: number) => z.string().regex(/^\d+$/).transform(Number).pipe(z.number().int().min(1).max(max)).optional();

/** `?date=` and the like: a real calendar day YYYY-MM-DD of 2000–2099. */
export const dayParam = daySchema;

/** `?cursor=`: any string; decodeCursor refuses what this API did not hand out. */
export { cursorParam };

/** `?limit=&cursor=` of a paged list. */
export const pageQuery = (max: number) => z.object({ limit: limitParam(max), cursor: cursorParam });
