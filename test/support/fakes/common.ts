// Shared pieces of the in-memory store fakes: JSON copies (a store hands out and keeps copies, never the
// caller's object, as a table does) and the conditional-write failure the Dynamo adapters see.
export { ConditionalCheckFailedError } from '../fakes';

/** A deep copy through JSON, as an item written to and read back from the table. */
export const copy = <T>(v: T): T => JSON.parse(JSON.stringify(v)) as T;

/** A zero-padded time sort key, as shared/db/keys.ts builds them (10 digits of Unix seconds). */
export const timeKey = (seconds: number, rest: string) => `${String(seconds).padStart(10, '0')}#${rest}`;
