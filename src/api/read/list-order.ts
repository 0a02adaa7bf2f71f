/**
 * The orders of the agreement list, and the keyset condition that resumes an order right after
 * a row (cursor pagination). Every order ends on the id, so no two rows tie; nulls come last.
 */
import { asc, desc, sql, type SQL } from 'drizzle-orm';
import { isValidLocalDate } from '../../domain/calendar.js';
import { searchTerms } from '../../domain/search-terms.js';
import { agreements } from '../../db/schema.js';
import { isStorable, type SORTS } from '../schemas.js';

export type Sort = (typeof SORTS)[number];

/** How a key travels in a cursor: as text that PostgreSQL casts back to the very same value. */
type KeyType = 'timestamptz' | 'date' | 'text' | 'real' | 'uuid';

interface OrderKey {
  value: SQL;
  type: KeyType;
  nullable: boolean;
}

export interface ListOrder {
  /** The sort this order carries out; a cursor names it, so it resumes the same order. */
  sort: Sort;
  descending: boolean;
  /** The sort keys, the id last. */
  keys: OrderKey[];
}

const COLUMNS = {
  createdAt: { value: sql`${agreements.createdAt}`, type: 'timestamptz', nullable: false },
  updatedAt: { value: sql`${agreements.updatedAt}`, type: 'timestamptz', nullable: false },
  title: { value: sql`${agreements.title}`, type: 'text', nullable: false },
  dueAt: { value: sql`${agreements.dueAt}`, type: 'timestamptz', nullable: true },
  endDate: { value: sql`${agreements.endDate}`, type: 'date', nullable: true },
  stage: { value: sql`${agreements.stage}`, type: 'text', nullable: false },
} as const satisfies Record<string, OrderKey>;

const ID: OrderKey = { value: sql`${agreements.id}`, type: 'uuid', nullable: false };

/** `relevance` ranks by weight (title, then partners, then purpose); without words, newest first. */
export function listOrder(sort: Sort, q?: string): ListOrder {
  if (sort === 'relevance') {
    const rank = q ? searchRank(q) : null;
    if (!rank) return listOrder('-createdAt');
    const byRank: OrderKey = { value: rank, type: 'real', nullable: false };
    return { sort, descending: true, keys: [byRank, COLUMNS.createdAt, ID] };
  }
  const descending = sort.startsWith('-');

  return { sort, descending, keys: [COLUMNS[sort.replace('-', '') as keyof typeof COLUMNS], ID] };
}

/**
 * ORDER BY terms. The id keeps its default null placement: agreements_list_order_idx is
 * (created_at desc nulls last, id desc), and only an exact match lets the planner read pages
 * from it instead of sorting every row.
 */
export function orderBy(order: ListOrder): SQL[] {
  const direction = sql.raw(order.descending ? 'desc' : 'asc');
  const sorted = order.keys.slice(0, -1).map((key) => sql`${key.value} ${direction} nulls last`);

  return [...sorted, order.descending ? desc(agreements.id) : asc(agreements.id)];
}

/** The row's keys as text, exactly (timestamps to the microsecond), for the next cursor. */
export function cursorKeys(order: ListOrder): SQL<(string | null)[]> {
  const texts = order.keys.map((key) => keyText(key));

  return sql<(string | null)[]>`json_build_array(${sql.join(texts, sql`, `)})`;
}

/** Whether `values` can be keys of this order; anything else must not reach PostgreSQL. */
export function fitsOrder(order: ListOrder, values: (string | null)[]): boolean {
  if (values.length !== order.keys.length) return false;

  return order.keys.every((key, index) => {
    const value = values[index];
    return value === null || value === undefined ? key.nullable && value === null : isKeyText(key.type, value);
  });
}

/**
 * The rows after the one with these keys, in this order. Without nulls it is one row
 * comparison, which an index on the same columns answers directly (the default order).
 */
export function keysetAfter(order: ListOrder, values: (string | null)[]): SQL {
  const operator = sql.raw(order.descending ? '<' : '>');
  if (!order.keys.some((key) => key.nullable)) {
    const columns = sql.join(order.keys.map((key) => key.value), sql`, `);
    const bounds = sql.join(order.keys.map((key, index) => typed(key, values[index]!)), sql`, `);
    return sql`(${columns}) ${operator} (${bounds})`;
  }

  // Nulls last: after a value come the later values and then every null; after a null, only
  // the nulls with a later id.
  const [key, id] = order.keys as [OrderKey, OrderKey];
  const [value, lastId] = values as [string | null, string];
  const laterId = sql`${id.value} ${operator} ${typed(id, lastId)}`;
  if (value === null) return sql`(${key.value} is null and ${laterId})`;
  const bound = typed(key, value);
  const laterValue = sql`${key.value} ${operator} ${bound} or ${key.value} is null`;

  return sql`(${laterValue} or (${key.value} = ${bound} and ${laterId}))`;
}

function searchRank(q: string): SQL | null {
  const { prefixQuery } = searchTerms(q);
  if (!prefixQuery) return null;

  return sql`ts_rank(${agreements.searchVector}, to_tsquery('simple', ${prefixQuery}))`;
}

function keyText(key: OrderKey): SQL {
  switch (key.type) {
    case 'timestamptz':
      return sql`to_char(${key.value} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;
    case 'date':
      return sql`to_char(${key.value}, 'YYYY-MM-DD')`;
    case 'real':
      // Through float8, whose text (15 digits or more) always names the same float4 again.
      return sql`(${key.value})::float8::text`;
    default:
      return sql`(${key.value})::text`;
  }
}

function typed(key: OrderKey, value: string): SQL {
  return sql`${value}::${sql.raw(key.type)}`;
}

/** PostgreSQL has no year 0 (1 BC). */
const isDate = (value: string) => isValidLocalDate(value) && !value.startsWith('0000');

const TIMESTAMP = /^(\d{4}-\d{2}-\d{2})T([01]\d|2[0-3]):[0-5]\d:[0-5]\d\.\d{6}Z$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const DECIMAL = /^\d{1,20}(\.\d{1,20})?(e-?\d{1,2})?$/i;

/** Text PostgreSQL casts without an error: a cast that fails would be a 500, not a 400. */
function isKeyText(type: KeyType, value: string): boolean {
  switch (type) {
    case 'timestamptz': {
      const date = TIMESTAMP.exec(value)?.[1];
      return date !== undefined && isDate(date);
    }
    case 'date':
      return isDate(value);
    case 'real': {
      // A rank: zero, or a number float4 holds without overflow or underflow.
      const number = DECIMAL.test(value) ? Number(value) : Number.NaN;
      return number === 0 || (number >= 1e-30 && number <= 1e30);
    }
    case 'uuid':
      return UUID.test(value);
    case 'text':
      return value.length <= 1000 && isStorable(value);
  }
}
