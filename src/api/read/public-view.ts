/**
 * The public tracking view (lacak publik): what any citizen may see with a tracking code.
 * Never people's names, notes or documents; an individual partner shows only as its type; a
 * confidential agreement shows only its code and stage.
 *
 * One query per read: the row with its stage periods and tasks aggregated by Postgres. This is
 * the busiest unauthenticated read, and each extra round trip cost more than the rest of the
 * request (bench/RESULTS.md, benchmark 1).
 */
import { eq, sql } from 'drizzle-orm';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';
import type { Database } from '../../db/client.js';
import { agreementEvents, agreements, tasks } from '../../db/schema.js';

interface EventJson {
  stage: string;
  at: string;
}

interface TaskJson {
  stage: string;
  dueAt: string | null;
  closedAt: string | null;
  startedAt: string;
}

/** The public view of the agreement holding `trackingCode`, or null when none does. */
export async function publicViewByCode(db: Database, trackingCode: string) {
  const [row] = await preparedFor(db).execute({ trackingCode });
  if (!row) return null;
  if (row.confidential) return { trackingCode: row.trackingCode, stage: row.stage, confidential: true };

  return {
    trackingCode: row.trackingCode,
    title: row.title,
    kind: row.kind,
    instrument: row.instrument,
    partners: row.partners.map((partner) =>
      partner.type === 'perorangan' ? { name: 'perorangan', type: partner.type } : { name: partner.name, type: partner.type },
    ),
    unitCode: row.unitCode,
    stage: row.stage,
    status: row.status,
    path: row.path,
    startDate: row.startDate,
    endDate: row.endDate,
    stages: stagePeriods(row.events, row.tasks),
    confidential: false,
  };
}

/** Consecutive events at one stage make one period; its task says when it was due. */
function stagePeriods(events: EventJson[], taskRows: TaskJson[]) {
  const now = Date.now();
  const periods: { stage: string; startedAt: string; endedAt: string | null; dueAt: string | null; onTime: boolean | null }[] = [];
  for (const event of events) {
    const current = periods.at(-1);
    if (current && current.stage === event.stage) continue;
    if (current) current.endedAt = iso(event.at);
    periods.push({ stage: event.stage, startedAt: iso(event.at), endedAt: null, dueAt: null, onTime: null });
  }
  for (const period of periods) {
    const task = taskRows.find((candidate) => candidate.stage === period.stage && iso(candidate.startedAt) === period.startedAt);
    if (!task?.dueAt) continue;
    period.dueAt = iso(task.dueAt);
    const finished = task.closedAt === null ? now : Number(task.closedAt);
    period.onTime = finished <= Number(task.dueAt);
  }

  return periods;
}

/** Milliseconds since the epoch, as text (JSON numbers would round microseconds oddly). */
function epochMs(column: AnyPgColumn) {
  return sql`(floor(extract(epoch from ${column}) * 1000))::bigint::text`;
}

const iso = (epochMs: string) => new Date(Number(epochMs)).toISOString();

/**
 * The query is built once per database and prepared: building drizzle SQL on every request cost
 * as much CPU as the rest of the request (benchmark 1 profile).
 */
const prepared = new WeakMap<Database, ReturnType<typeof prepare>>();
function preparedFor(db: Database) {
  let query = prepared.get(db);
  if (!query) prepared.set(db, (query = prepare(db)));

  return query;
}

function prepare(db: Database) {
  return db
    .select({
      id: agreements.id,
      trackingCode: agreements.trackingCode,
      title: agreements.title,
      kind: agreements.kind,
      instrument: agreements.instrument,
      partners: agreements.partners,
      unitCode: agreements.unitCode,
      stage: agreements.stage,
      status: agreements.status,
      path: agreements.path,
      startDate: agreements.startDate,
      endDate: agreements.endDate,
      confidential: agreements.confidential,
      // Timestamps as epoch milliseconds: exact, and free of the session's time zone format.
      events: sql<EventJson[]>`(select coalesce(json_agg(json_build_object(
          'stage', ${agreementEvents.stage}, 'at', ${epochMs(agreementEvents.at)}) order by ${agreementEvents.seq}), '[]')
        from ${agreementEvents} where ${agreementEvents.agreementId} = ${agreements.id})`,
      tasks: sql<TaskJson[]>`(select coalesce(json_agg(json_build_object(
          'stage', ${tasks.stage}, 'dueAt', ${epochMs(tasks.dueAt)}, 'closedAt', ${epochMs(tasks.closedAt)},
          'startedAt', ${epochMs(tasks.startedAt)}) order by ${tasks.startedAt}), '[]')
        from ${tasks} where ${tasks.agreementId} = ${agreements.id})`,
    })
    .from(agreements)
    .where(eq(agreements.trackingCode, sql.placeholder('trackingCode')))
    .prepare('public_view_by_code');
}
