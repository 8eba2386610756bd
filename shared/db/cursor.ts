// Page cursors of the admin API: opaque base64url JSON of where a query stopped.
import { ValidationError } from '../errors';

export function encodeCursor(position: unknown): string {
  return Buffer.from(JSON.stringify(position), 'utf8').toString('base64url');
}

/** Decodes a cursor and checks it with `isValid`; anything else is a 400. */
export function decodeCursor<T>(cursor: string, isValid: (value: unknown) => value is T): T {
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw new ValidationError('invalid cursor');
  }
  if (!isValid(value)) throw new ValidationError('invalid cursor');
  return value;
}
