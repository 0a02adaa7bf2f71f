/**
 * The opaque cursor of the agreement list: the order a page was listed in and the sort keys of
 * its last row, base64url JSON. The next page starts right after that row, however deep it is
 * and whatever was added meanwhile. Clients treat it as a token; only this module reads it.
 */
import { z } from 'zod';
import { AppError } from '../errors.js';
import { SORTS } from '../schemas.js';
import type { Sort } from './list-order.js';

export interface ListCursor {
  sort: Sort;
  keys: (string | null)[];
}

const payload = z.object({
  o: z.enum(SORTS),
  k: z.array(z.string().nullable()).min(2).max(3),
});

export function encodeCursor(cursor: ListCursor): string {
  return Buffer.from(JSON.stringify({ o: cursor.sort, k: cursor.keys })).toString('base64url');
}

/** The cursor, or a 400 naming the parameter; never an error from the database. */
export function decodeCursor(text: string): ListCursor {
  let parsed: unknown;
  try {
    if (!/^[A-Za-z0-9_-]+$/.test(text)) throw new Error('not base64url');
    parsed = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
  } catch {
    throw invalidCursor('is not a cursor returned by this list (nextCursor)');
  }
  const result = payload.safeParse(parsed);
  if (!result.success) throw invalidCursor('is not a cursor returned by this list (nextCursor)');

  return { sort: result.data.o, keys: result.data.k };
}

export function invalidCursor(rule: string): AppError {
  return new AppError('invalid_input', 'Kursor halaman tidak valid; muat ulang daftar dari halaman pertama.', [
    { field: 'querystring.cursor', message: `cursor ${rule}` },
  ]);
}
