/** The agreement list with filters, search, sorting and stable pagination. */
import { and, asc, count, desc, eq, ilike, lte, or, sql, type SQL } from 'drizzle-orm';
import type { Actor } from '../../domain/permissions.js';
import type { Database } from '../../db/client.js';
import { agreements } from '../../db/schema.js';
import type { ListQuery } from '../schemas.js';
import { visibleTo } from '../visibility.js';
import { summaryOf } from './agreement-detail.js';

const SORT_COLUMNS = {
  createdAt: agreements.createdAt,
  title: agreements.title,
  dueAt: agreements.dueAt,
  endDate: agreements.endDate,
  stage: agreements.stage,
} as const;

export async function listAgreements(db: Database, actor: Actor, query: ListQuery) {
  const filters: (SQL | undefined)[] = [visibleTo(actor)];
  if (query.kind) filters.push(eq(agreements.kind, query.kind));
  if (query.instrument) filters.push(eq(agreements.instrument, query.instrument));
  if (query.stage) filters.push(eq(agreements.stage, query.stage));
  if (query.status) filters.push(eq(agreements.status, query.status));
  if (query.unitCode) filters.push(eq(agreements.unitCode, query.unitCode));
  if (query.partnerType) filters.push(sql`${agreements.partners} @> ${JSON.stringify([{ type: query.partnerType }])}::jsonb`);
  if (query.year) filters.push(sql`extract(year from ${agreements.createdAt} at time zone 'Asia/Jakarta') = ${query.year}`);
  if (query.overdue !== undefined) {
    const overdue = or(eq(agreements.overdue, true), sql`${agreements.dueAt} < now()`)!;
    filters.push(query.overdue ? overdue : sql`not (${overdue})`);
  }
  if (query.expiringWithinDays !== undefined) {
    filters.push(eq(agreements.status, 'active'));
    filters.push(lte(agreements.endDate, sql`(current_date + ${query.expiringWithinDays}::int)`));
  }
  if (query.q) {
    const pattern = `%${query.q.replace(/[\\%_]/g, (char) => `\\${char}`)}%`;
    filters.push(or(ilike(agreements.title, pattern), ilike(agreements.purpose, pattern), sql`${agreements.partners}::text ilike ${pattern}`));
  }

  const where = and(...filters);
  const descending = query.sort.startsWith('-');
  const column = SORT_COLUMNS[query.sort.replace('-', '') as keyof typeof SORT_COLUMNS];
  const order = descending ? sql`${column} desc nulls last` : sql`${column} asc nulls last`;
  const [rows, [total]] = await Promise.all([
    db
      .select()
      .from(agreements)
      .where(where)
      .orderBy(order, descending ? desc(agreements.id) : asc(agreements.id))
      .limit(query.pageSize)
      .offset((query.page - 1) * query.pageSize),
    db.select({ value: count() }).from(agreements).where(where),
  ]);

  return { items: rows.map((row) => summaryOf(row)), total: total?.value ?? 0, page: query.page, pageSize: query.pageSize };
}
