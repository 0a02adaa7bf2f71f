/**
 * The semester recap (rekap semester) the city sends to the Minister of Home Affairs and the
 * province: every agreement in force at some time in the half-year, by kind, partner, office
 * and stage, with its monitoring status (reports due, filed, accepted, returned, overdue).
 */
import { and, eq, inArray, isNotNull, sql } from 'drizzle-orm';
import type { Partner } from '../../domain/agreement.js';
import type { Actor } from '../../domain/permissions.js';
import type { Database } from '../../db/client.js';
import { agreementEvents, agreements, obligations, reports, units } from '../../db/schema.js';
import { visibleTo } from '../visibility.js';

export type MonitoringStatus =
  | 'overdue'
  | 'awaiting_review'
  | 'returned'
  | 'up_to_date'
  | 'none_due';

export interface SemesterRange {
  year: number;
  half: 1 | 2;
  /** First and last day, `YYYY-MM-DD`. */
  from: string;
  to: string;
}

export function semesterRange(year: number, half: 1 | 2): SemesterRange {
  const pad = String(year).padStart(4, '0');

  return half === 1
    ? { year, half, from: `${pad}-01-01`, to: `${pad}-06-30` }
    : { year, half, from: `${pad}-07-01`, to: `${pad}-12-31` };
}

export async function semesterRecap(
  db: Database,
  actor: Actor,
  range: SemesterRange,
  timeZone: string,
) {
  // In force: signed and started by the semester's last day, and not ended or terminated before
  // its first day (a termination ends the term on the day it was recorded, city time).
  const terminatedOn = sql`(select min((${agreementEvents.at} at time zone ${timeZone})::date)
    from ${agreementEvents} where ${agreementEvents.agreementId} = ${agreements.id}
    and ${agreementEvents.stage} = 'terminated')`;
  const lastDay = sql`least(${agreements.endDate}, ${terminatedOn})`;
  const rows = await db
    .select({
      id: agreements.id,
      trackingCode: agreements.trackingCode,
      title: agreements.title,
      kind: agreements.kind,
      instrument: agreements.instrument,
      partners: agreements.partners,
      unitCode: agreements.unitCode,
      unitName: units.name,
      stage: agreements.stage,
      status: agreements.status,
      ourNumber: agreements.ourNumber,
      signedAt: agreements.signedAt,
      startDate: agreements.startDate,
      endDate: agreements.endDate,
      lastDay: sql<string | null>`${lastDay}::text`,
    })
    .from(agreements)
    .innerJoin(units, eq(units.code, agreements.unitCode))
    .where(
      and(
        visibleTo(actor),
        isNotNull(agreements.startDate),
        sql`${agreements.startDate} <= ${range.to}::date`,
        sql`coalesce(${lastDay}, ${range.from}::date) >= ${range.from}::date`,
      ),
    )
    .orderBy(agreements.kind, agreements.unitCode, agreements.startDate, agreements.id);

  const monitoring = await monitoringOf(
    db,
    rows.map((row) => row.id),
    range,
    timeZone,
  );
  const items = rows.map((row) => ({
    ...row,
    partners: row.partners.map((partner: Partner) => ({ name: partner.name, type: partner.type })),
    monitoring: monitoring.get(row.id) ?? emptyMonitoring(),
  }));

  return { ...range, generatedAt: new Date().toISOString(), total: items.length, items };
}

function emptyMonitoring() {
  const status = 'none_due' as MonitoringStatus;

  return { due: 0, filed: 0, accepted: 0, returned: 0, awaitingReview: 0, overdue: 0, status };
}

/** Reports of the semester per agreement: obligations due in it, and reports filed in it. */
async function monitoringOf(db: Database, ids: string[], range: SemesterRange, timeZone: string) {
  const result = new Map<string, ReturnType<typeof emptyMonitoring>>();
  if (ids.length === 0) return result;
  const inSemester = (column: typeof obligations.dueAt | typeof reports.filedAt) =>
    sql`(${column} at time zone ${timeZone})::date
      between ${range.from}::date and ${range.to}::date`;

  const [due, filed] = await Promise.all([
    db
      .select({
        agreementId: obligations.agreementId,
        due: sql<number>`count(*)::int`,
        overdue: sql<number>`(count(*) filter (
          where ${obligations.doneAt} is null and ${obligations.dueAt} < now()))::int`,
      })
      .from(obligations)
      .where(
        and(
          inArray(obligations.agreementId, ids),
          eq(obligations.type, 'report'),
          inSemester(obligations.dueAt),
        ),
      )
      .groupBy(obligations.agreementId),
    db
      .select({
        agreementId: reports.agreementId,
        status: reports.status,
        count: sql<number>`count(*)::int`,
      })
      .from(reports)
      .where(and(inArray(reports.agreementId, ids), inSemester(reports.filedAt)))
      .groupBy(reports.agreementId, reports.status),
  ]);

  const entry = (id: string) => result.get(id) ?? result.set(id, emptyMonitoring()).get(id)!;
  for (const row of due) {
    Object.assign(entry(row.agreementId), { due: row.due, overdue: row.overdue });
  }
  for (const row of filed) {
    const item = entry(row.agreementId);
    item.filed += row.count;
    if (row.status === 'accepted') item.accepted += row.count;
    else if (row.status === 'returned') item.returned += row.count;
    else item.awaitingReview += row.count;
  }
  for (const item of result.values()) item.status = statusOf(item);

  return result;
}

function statusOf(item: ReturnType<typeof emptyMonitoring>): MonitoringStatus {
  if (item.overdue > 0) return 'overdue';
  if (item.awaitingReview > 0) return 'awaiting_review';
  // A returned report stands until a later one of the semester is accepted.
  if (item.returned > 0 && item.accepted === 0) return 'returned';
  if (item.due > 0 || item.filed > 0) return 'up_to_date';

  return 'none_due';
}

export const MONITORING_LABELS: Record<MonitoringStatus, string> = {
  overdue: 'Laporan terlambat',
  awaiting_review: 'Menunggu telaah verifikator',
  returned: 'Laporan dikembalikan untuk perbaikan',
  up_to_date: 'Laporan lengkap',
  none_due: 'Belum ada laporan jatuh tempo',
};
