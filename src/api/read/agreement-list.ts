/**
 * The agreement list: filters, full-text search, sorting and stable pagination. The filter is
 * exported on its own so that the CSV export lists exactly what the list shows.
 */
import { and, asc, count, desc, eq, getTableColumns, sql, type SQL } from 'drizzle-orm';
import type { Actor } from '../../domain/permissions.js';
import { containsPattern, searchTerms } from '../../domain/search-terms.js';
import type { Database } from '../../db/client.js';
import { agreements } from '../../db/schema.js';
import type { ListQuery } from '../schemas.js';
import { visibleTo } from '../visibility.js';
import { summaryOf } from './agreement-detail.js';

const SORT_COLUMNS = {
  createdAt: agreements.createdAt,
  updatedAt: agreements.updatedAt,
  title: agreements.title,
  dueAt: agreements.dueAt,
  endDate: agreements.endDate,
  stage: agreements.stage,
} as const;

/** Every column but the search ones, which are large and only Postgres needs. */
const { searchVector: _vector, searchText: _text, ...listedColumns } = getTableColumns(agreements);

export type ListFilters = Omit<ListQuery, 'page' | 'pageSize' | 'sort'>;

export async function listAgreements(
  db: Database,
  actor: Actor,
  query: ListQuery,
  timeZone = 'Asia/Jakarta',
) {
  const where = agreementFilter(actor, query, timeZone);
  const [rows, [total]] = await Promise.all([
    db
      .select(listedColumns)
      .from(agreements)
      .where(where)
      .orderBy(...listOrder(query))
      .limit(query.pageSize)
      .offset((query.page - 1) * query.pageSize),
    db.select({ value: count() }).from(agreements).where(where),
  ]);

  const items = rows.map((row) => summaryOf(row));

  return { items, total: total?.value ?? 0, page: query.page, pageSize: query.pageSize };
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
    .orderBy(...listOrder(query))
    .limit(options.limit);
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

/**
 * A match is every word as a word prefix (the tsvector, GIN) or every word inside the text
 * (trigram GIN), so "baku" finds "Air Baku" and "aku" still finds it. Text without any word
 * (emoji, symbols) is looked for as it is.
 */
function searchCondition(q: string): SQL | undefined {
  const terms = searchTerms(q);
  if (terms.phrase === '') return undefined;
  const contains = (text: string) => sql`${agreements.searchText} ilike ${containsPattern(text)}`;
  if (!terms.prefixQuery) return contains(terms.phrase);

  const words = terms.words.map(contains);
  const prefixMatch = sql`${agreements.searchVector} @@ to_tsquery('simple', ${terms.prefixQuery})`;

  return sql`(${prefixMatch} or (${and(...words)}))`;
}

/** Rank by weight (title, then partners, then purpose); parts of words rank 0. */
function searchRank(q: string): SQL | null {
  const { prefixQuery } = searchTerms(q);
  if (!prefixQuery) return null;

  return sql`ts_rank(${agreements.searchVector}, to_tsquery('simple', ${prefixQuery}))`;
}

/** The order of the list, always ending on the id so that pages never overlap or skip. */
function listOrder(query: Pick<ListQuery, 'q'> & { sort?: ListQuery['sort'] }): SQL[] {
  const sort = query.sort ?? (query.q?.trim() ? 'relevance' : '-createdAt');
  if (sort === 'relevance') {
    const rank = query.q ? searchRank(query.q) : null;
    const byRank = rank ? [sql`${rank} desc`] : [];
    return [...byRank, desc(agreements.createdAt), desc(agreements.id)];
  }

  const descending = sort.startsWith('-');
  const column = SORT_COLUMNS[sort.replace('-', '') as keyof typeof SORT_COLUMNS];
  const order = descending ? sql`${column} desc nulls last` : sql`${column} asc nulls last`;

  return [order, descending ? desc(agreements.id) : asc(agreements.id)];
}
