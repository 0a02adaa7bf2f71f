/**
 * The agreement list: filters, full-text search, sorting and stable pagination. The filter is
 * exported on its own so that the CSV export lists exactly what the list shows.
 */
import { and, eq, sql, type SQL } from 'drizzle-orm';
import type { Actor } from '../../domain/permissions.js';
import type { Database } from '../../db/client.js';
import { agreements } from '../../db/schema.js';
import type { ListQuery } from '../schemas.js';
import { visibleTo } from '../visibility.js';
import { searchCondition, searchPage } from './agreement-search.js';
import { decodeCursor, invalidCursor } from './list-cursor.js';
import { listOrder, orderBy, type Sort } from './list-order.js';
import { countUpTo, listedColumns, listPage, pageRows, resumeAfter } from './list-page.js';

export { SEARCH_RANK_LIMIT } from './agreement-search.js';

/**
 * The list counts at most this many rows (`totalCapped` says there are more): counting all of
 * 100,000 took longer than reading any page (bench/RESULTS.md, benchmark 3).
 */
export const LIST_COUNT_LIMIT = 10_000;

export type ListFilters = Omit<ListQuery, 'page' | 'pageSize' | 'sort' | 'cursor'>;

export async function listAgreements(
  db: Database,
  actor: Actor,
  query: ListQuery,
  timeZone = 'Asia/Jakarta',
) {
  const cursor = query.cursor ? decodeCursor(query.cursor) : null;
  if (cursor && query.page > 1) throw invalidCursor('and page cannot be given together');
  if (query.q && searchCondition(query.q)) {
    const filters = agreementFilter(actor, { ...query, q: undefined }, timeZone);
    return searchPage(db, filters, query, sortOf(query), cursor);
  }

  const where = agreementFilter(actor, query, timeZone);
  const order = listOrder(sortOf(query));
  const [rows, counted] = await Promise.all([
    pageRows(db, where, order, query, resumeAfter(order, cursor)),
    countUpTo(db, where, LIST_COUNT_LIMIT),
  ]);

  return listPage(rows, query, order, cursor, counted);
}

/** All rows the filter selects, in list order, up to `limit` (for exports). */
export async function allAgreements(
  db: Database,
  actor: Actor,
  query: ListFilters & { sort?: ListQuery['sort'] },
  options: { timeZone: string; limit: number },
) {
  return db
    .select(listedColumns)
    .from(agreements)
    .where(agreementFilter(actor, query, options.timeZone))
    .orderBy(...orderBy(listOrder(sortOf(query), query.q)))
    .limit(options.limit);
}

function sortOf(query: Pick<ListQuery, 'q' | 'sort'>): Sort {
  return query.sort ?? (query.q?.trim() ? 'relevance' : '-createdAt');
}

/** The visibility rule of the caller and every filter of the query, as one condition. */
export function agreementFilter(actor: Actor, query: ListFilters, timeZone: string) {
  const today = sql`(now() at time zone ${timeZone})::date`;
  const filters: (SQL | undefined)[] = [visibleTo(actor)];
  if (query.kind) filters.push(eq(agreements.kind, query.kind));
  if (query.instrument) filters.push(eq(agreements.instrument, query.instrument));
  if (query.stage) filters.push(eq(agreements.stage, query.stage));
  if (query.status) filters.push(eq(agreements.status, query.status));
  if (query.unitCode) filters.push(eq(agreements.unitCode, query.unitCode));
  if (query.partnerType) {
    const partner = JSON.stringify([{ type: query.partnerType }]);
    filters.push(sql`${agreements.partners} @> ${partner}::jsonb`);
  }
  if (query.year) {
    // The year it was signed; until then the year it was proposed (in the city's time zone).
    const created = sql`(${agreements.createdAt} at time zone ${timeZone})::date`;
    const year = sql`extract(year from coalesce(${agreements.signedAt}, ${created}))`;
    filters.push(sql`${year} = ${query.year}`);
  }
  if (query.overdue !== undefined) {
    const overdue = sql`(${agreements.overdue} or ${agreements.dueAt} < now())`;
    filters.push(query.overdue ? overdue : sql`not coalesce(${overdue}, false)`);
  }
  if (query.expiringWithinDays !== undefined) {
    filters.push(eq(agreements.status, 'active'));
    const last = sql`${today} + ${query.expiringWithinDays}::int`;
    filters.push(sql`${agreements.endDate} between ${today} and ${last}`);
  }
  if (query.q) filters.push(searchCondition(query.q));

  return and(...filters);
}
