/**
 * The summary report (rekapitulasi): counts by kind, stage, office and year, overdue tasks by
 * role, working days spent per stage, and agreements expiring soon. Every number counts only
 * agreements the caller may read (visibility.ts), so an office sees its own figures.
 */
import { and, count, eq, isNull, lt, sql, type SQL } from 'drizzle-orm';
import { KIND_LABELS, ROLE_LABELS, type Kind, type Role } from '../../domain/glossary.js';
import type { Actor } from '../../domain/permissions.js';
import { STAGE_LABELS, type Stage } from '../../domain/stages.js';
import type { Database } from '../../db/client.js';
import { agreements, tasks, units } from '../../db/schema.js';
import { visibleTo } from '../visibility.js';
import { stageDurations } from './stage-durations.js';

export const EXPIRY_WINDOWS_DAYS = [30, 90, 180] as const;

export async function reportSummary(db: Database, actor: Actor, timeZone: string) {
  const visible = visibleTo(actor);
  const today = sql`(now() at time zone ${timeZone})::date`;
  const created = sql`(${agreements.createdAt} at time zone ${timeZone})::date`;
  const year = sql<number>`extract(year from coalesce(${agreements.signedAt}, ${created}))::int`;
  // Grouped by position: an expression with a parameter (the time zone) would not match itself.
  const countBy = (key: SQL<string | number>) =>
    db
      .select({ key, count: count() })
      .from(agreements)
      .where(visible)
      .groupBy(sql`1`)
      .orderBy(sql`1`);

  const [total, kinds, stages, years, byUnit, overdue, expiring, durations] = await Promise.all([
    db.select({ count: count() }).from(agreements).where(visible),
    countBy(sql<string>`${agreements.kind}`),
    countBy(sql<string>`${agreements.stage}`),
    countBy(year),
    db
      .select({ unitCode: agreements.unitCode, unitName: units.name, count: count() })
      .from(agreements)
      .innerJoin(units, eq(units.code, agreements.unitCode))
      .where(visible)
      .groupBy(agreements.unitCode, units.name)
      .orderBy(agreements.unitCode),
    db
      .select({ role: tasks.role, count: count() })
      .from(tasks)
      .innerJoin(agreements, eq(agreements.id, tasks.agreementId))
      .where(and(visible, isNull(tasks.closedAt), lt(tasks.dueAt, sql`now()`)))
      .groupBy(tasks.role)
      .orderBy(tasks.role),
    db
      .select(
        Object.fromEntries(
          EXPIRY_WINDOWS_DAYS.map((days) => [
            `within${days}`,
            sql<number>`count(*) filter (where ${agreements.endDate}
              between ${today} and ${today} + ${days}::int)::int`,
          ]),
        ),
      )
      .from(agreements)
      .where(and(visible, eq(agreements.status, 'active'))),
    stageDurations(db, visible, timeZone),
  ]);

  return {
    generatedAt: new Date().toISOString(),
    total: total[0]?.count ?? 0,
    byKind: kinds.map(({ key, count }) => ({
      kind: String(key),
      label: KIND_LABELS[key as Kind] ?? key,
      count,
    })),
    byStage: stages.map(({ key, count }) => ({
      stage: String(key),
      label: STAGE_LABELS[key as Stage] ?? key,
      count,
    })),
    byUnit,
    byYear: years.map((row) => ({ year: Number(row.key), count: row.count })),
    overdueTasksByRole: overdue.map(({ role, count }) => ({
      role,
      label: ROLE_LABELS[role as Role] ?? role,
      count,
    })),
    stageDurations: durations,
    expiring: EXPIRY_WINDOWS_DAYS.map((days) => ({
      withinDays: days,
      count: Number(expiring[0]?.[`within${days}`] ?? 0),
    })),
  };
}
