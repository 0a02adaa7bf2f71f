/**
 * The agreement list with a search (`q`): what matches, and how a page of matches is found
 * without reading every match when there are thousands (bench/RESULTS.md, benchmark 3).
 */
import { and, sql, type SQL } from 'drizzle-orm';
import { containsPattern, searchTerms } from '../../domain/search-terms.js';
import { rowsOf, type Database } from '../../db/client.js';
import { agreements } from '../../db/schema.js';
import type { ListQuery } from '../schemas.js';
import type { ListCursor } from './list-cursor.js';
import { listOrder, orderBy, type ListOrder, type Sort } from './list-order.js';
import { countUpTo, listPage, pageRows, resumeAfter, rowsInOrder } from './list-page.js';

/**
 * Past this many matches a search is neither counted to the end nor ranked by relevance: both
 * read every match from the table, 300 ms and more for a common word among 100,000
 * agreements. Such a search lists the newest matches first, which an index gives in order.
 */
export const SEARCH_RANK_LIMIT = 1000;

/**
 * A match is every word as a word prefix (the tsvector, GIN) or every word inside the text
 * (trigram GIN), so "baku" finds "Air Baku" and "aku" still finds it. Text without any word
 * (emoji, symbols) is looked for as it is.
 */
export function searchCondition(q: string): SQL | undefined {
  const terms = searchTerms(q);
  if (terms.phrase === '') return undefined;
  const contains = (text: string) => sql`${agreements.searchText} ilike ${containsPattern(text)}`;
  const prefixes = prefixMatch(q);
  if (!prefixes) return contains(terms.phrase);

  return sql`(${prefixes} or (${and(...terms.words.map(contains))}))`;
}

/**
 * One page of a search. `filters` are the list's other conditions; the search is added here.
 *
 * When the planner expects many matches by word prefix, those are counted first: they are a
 * part of all matches, and the tsvector test is cheap enough for a plain scan that stops at the
 * limit. Past it the page is read newest first from the list's index; only a smaller search
 * reads its matches through the search indexes, counts and ranks them.
 */
export async function searchPage(
  db: Database,
  filters: SQL | undefined,
  query: ListQuery,
  sort: Sort,
  cursor: ListCursor | null,
) {
  const q = query.q!;
  const where = and(filters, searchCondition(q));
  const requested = listOrder(sort, q);
  const prefixes = prefixMatch(q);
  const byPrefix = prefixes ? and(filters, prefixes) : null;
  // Estimates only choose how to count; what is counted and shown does not depend on them.
  const [expected, expectedByPrefix] = await Promise.all([
    plannedRows(db, where),
    byPrefix ? plannedRows(db, byPrefix) : 0,
  ]);
  const many = expected > SEARCH_RANK_LIMIT;
  const countByPrefix = byPrefix && expectedByPrefix > SEARCH_RANK_LIMIT;
  if (countByPrefix && (await countUpTo(db, byPrefix, SEARCH_RANK_LIMIT)).capped) {
    const order = pageOrder(requested, cursor, true);
    const rows = await pageRows(db, where, order, query, resumeAfter(order, cursor));
    return listPage(rows, query, order, cursor, { total: SEARCH_RANK_LIMIT, capped: true });
  }

  return readMatches(db, many, async (reader) => {
    if (requested.sort === 'relevance' && !cursor) return firstRankedPage(reader, where, requested, query);

    const order = pageOrder(requested, cursor, false);
    const counted = await countUpTo(reader, where, SEARCH_RANK_LIMIT);
    const rows = await pageRows(reader, where, order, query, resumeAfter(order, cursor));

    return listPage(rows, query, order, cursor, counted);
  });
}

type Reader = Pick<Database, 'select'>;

/**
 * Runs `read` so that matches are read through the search indexes. Expecting many matches,
 * the planner would meet a LIMIT by scanning the table in its own order and testing the
 * pattern on every row it passes: 250 ms for a word in 3 % of the agreements, against 10 ms
 * through the indexes. Only then is the plain scan turned off, for this transaction alone.
 */
async function readMatches<T>(db: Database, many: boolean, read: (reader: Reader) => Promise<T>): Promise<T> {
  if (!many) return read(db);

  return db.transaction(async (tx) => {
    await tx.execute(sql`set local enable_seqscan = off`);
    return read(tx);
  });
}

/** The planner's estimate of the rows `where` selects (EXPLAIN, nothing is read). */
async function plannedRows(db: Database, where: SQL | undefined): Promise<number> {
  const candidates = db.select({ id: agreements.id }).from(agreements).where(where);
  const [explained] = rowsOf<{ 'QUERY PLAN': [{ Plan: { 'Plan Rows': number } }] }>(
    await db.execute(sql`explain (format json) ${candidates}`),
  );

  return explained?.['QUERY PLAN']?.[0]?.Plan?.['Plan Rows'] ?? 0;
}

function prefixMatch(q: string): SQL | null {
  const { prefixQuery } = searchTerms(q);

  return prefixQuery ? sql`${agreements.searchVector} @@ to_tsquery('simple', ${prefixQuery})` : null;
}

/**
 * The order a page is listed in: relevance up to the limit, newest first past it; a cursor
 * keeps the order its first page had, even if the count has crossed the limit since.
 */
function pageOrder(requested: ListOrder, cursor: ListCursor | null, capped: boolean): ListOrder {
  if (requested.sort !== 'relevance') return requested;
  const newest = cursor ? cursor.sort === '-createdAt' : capped;

  return newest ? listOrder('-createdAt') : requested;
}

/**
 * Ranks the first SEARCH_RANK_LIMIT + 1 matches and counts them in the same pass. Up to the
 * limit that is every match, so the page is exact; past it the page is taken newest first.
 */
async function firstRankedPage(db: Reader, where: SQL | undefined, order: ListOrder, query: ListQuery) {
  // Named like the table, so that the order's column references read the candidates; only the
  // columns the order needs, as every candidate is held until the last one is counted.
  const candidates = db
    .select({ id: agreements.id, createdAt: agreements.createdAt, searchVector: agreements.searchVector })
    .from(agreements)
    .where(where)
    .limit(SEARCH_RANK_LIMIT + 1)
    .as('agreements');
  const ranked = await db
    .select({ id: agreements.id, matched: sql<number>`(count(*) over ())::int` })
    .from(candidates)
    .orderBy(...orderBy(order))
    .limit(query.pageSize + 1)
    .offset((query.page - 1) * query.pageSize);
  // A page past the last match has no row to carry the count.
  const counted = ranked[0]
    ? { total: Math.min(ranked[0].matched, SEARCH_RANK_LIMIT), capped: ranked[0].matched > SEARCH_RANK_LIMIT }
    : await countUpTo(db, where, SEARCH_RANK_LIMIT);
  if (!counted.capped) {
    const rows = await rowsInOrder(db, ranked.map((row) => row.id), order);
    return listPage(rows, query, order, null, counted);
  }

  const newest = listOrder('-createdAt');

  return listPage(await pageRows(db, where, newest, query, null), query, newest, null, counted);
}
