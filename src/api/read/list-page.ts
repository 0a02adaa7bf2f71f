/**
 * One page of the agreement list: its rows at an offset or after a cursor, a count that may
 * stop early, and the answer with the cursor of the page after it.
 */
import { and, count, getTableColumns, inArray, type SQL } from 'drizzle-orm';
import type { Database } from '../../db/client.js';
import { agreements } from '../../db/schema.js';
import type { ListQuery } from '../schemas.js';
import { summaryOf } from './agreement-detail.js';
import { encodeCursor, invalidCursor, type ListCursor } from './list-cursor.js';
import { cursorKeys, fitsOrder, keysetAfter, orderBy, type ListOrder } from './list-order.js';

const { searchVector: _vector, searchText: _text, ...withoutSearch } = getTableColumns(agreements);

/** Every column but the search ones, which are large and only Postgres needs. */
export const listedColumns = withoutSearch;

type Reader = Pick<Database, 'select'>;
type Keys = ListCursor['keys'];

/** The cursor's keys, once they are known to belong to this order. */
export function resumeAfter(order: ListOrder, cursor: ListCursor | null): Keys | null {
  if (!cursor) return null;
  if (cursor.sort !== order.sort) throw invalidCursor(`was made for sort=${cursor.sort}, not sort=${order.sort}`);
  if (!fitsOrder(order, cursor.keys)) throw invalidCursor('is not a cursor returned by this list (nextCursor)');

  return cursor.keys;
}

/**
 * One page and the row after it (so `nextCursor` is only given when there is more), after the
 * cursor or at the page's offset. A deep offset is walked over the ids alone, which the list
 * indexes hold, and only the page's own rows are read whole.
 */
export async function pageRows(
  db: Reader,
  where: SQL | undefined,
  order: ListOrder,
  query: ListQuery,
  after: Keys | null,
) {
  const selected = and(where, after ? keysetAfter(order, after) : undefined);
  const columns = { ...listedColumns, cursorKeys: cursorKeys(order) };
  const limit = query.pageSize + 1;
  const offset = after ? 0 : (query.page - 1) * query.pageSize;
  if (offset === 0) {
    return db.select(columns).from(agreements).where(selected).orderBy(...orderBy(order)).limit(limit);
  }

  const onPage = db
    .select({ id: agreements.id })
    .from(agreements)
    .where(selected)
    .orderBy(...orderBy(order))
    .limit(limit)
    .offset(offset);

  return db.select(columns).from(agreements).where(inArray(agreements.id, onPage)).orderBy(...orderBy(order));
}

/** The rows with these ids, in this order, with their keys for a cursor. */
export async function rowsInOrder(db: Reader, ids: string[], order: ListOrder) {
  if (ids.length === 0) return [];
  const columns = { ...listedColumns, cursorKeys: cursorKeys(order) };

  return db.select(columns).from(agreements).where(inArray(agreements.id, ids)).orderBy(...orderBy(order));
}

/** `count(*)`, stopping at `limit`: `capped` says there are more. */
export async function countUpTo(db: Reader, where: SQL | undefined, limit: number) {
  const matches = db.select({ id: agreements.id }).from(agreements).where(where).limit(limit + 1).as('matches');
  const [row] = await db.select({ value: count() }).from(matches);
  const value = row?.value ?? 0;

  return { total: Math.min(value, limit), capped: value > limit };
}

/** The answer: the page, the count, and the cursor after its last row when more follow. */
export function listPage(
  rows: (Omit<typeof agreements.$inferSelect, 'searchVector' | 'searchText'> & { cursorKeys: Keys })[],
  query: ListQuery,
  order: ListOrder,
  cursor: ListCursor | null,
  counted: { total: number; capped: boolean },
) {
  const shown = rows.slice(0, query.pageSize);
  const last = rows.length > query.pageSize ? shown.at(-1) : undefined;

  return {
    items: shown.map(({ cursorKeys: _keys, ...row }) => summaryOf(row)),
    total: counted.total,
    totalCapped: counted.capped,
    page: cursor ? null : query.page,
    pageSize: query.pageSize,
    nextCursor: last ? encodeCursor({ sort: order.sort, keys: last.cursorKeys }) : null,
  };
}
