/**
 * The public tracking view (lacak publik): what any citizen may see with a tracking code.
 * Never people's names, notes or documents; an individual partner shows only as its type; a
 * confidential agreement shows only its code and stage.
 *
 * One query per read: the rows with their stage periods and tasks aggregated by Postgres. This
 * is the busiest unauthenticated read, and each extra round trip cost more than the rest of the
 * request (bench/RESULTS.md, benchmark 1); so the API reads the codes that many citizens ask
 * for at the same moment in one query (`createPublicViewReader`).
 */
import { sql } from 'drizzle-orm';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';
import type { Database } from '../../db/client.js';
import { perDatabase } from '../../db/prepared.js';
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

export type PublicView = ReturnType<typeof publicView>;
export type PublicViewReader = (trackingCode: string) => Promise<PublicView | null>;

/** Most codes read by one query. */
const MAX_BATCH = 100;

/** The public view of the agreement holding `trackingCode`, or null when none does. */
export async function publicViewByCode(db: Database, trackingCode: string) {
  return (await publicViewsByCodes(db, [trackingCode])).get(trackingCode) ?? null;
}

/** The public views of the agreements holding `trackingCodes`, by code (unknown ones absent). */
export async function publicViewsByCodes(db: Database, trackingCodes: string[]) {
  const rows = await preparedFor(db).execute({ trackingCodes });

  return new Map(rows.map((row) => [row.trackingCode, publicView(row)]));
}

/**
 * `publicViewByCode`, except that the codes asked for in one turn of the event loop are read
 * together, up to 100 a query; each caller still gets only the view of the code it asked for.
 */
export function createPublicViewReader(db: Database): PublicViewReader {
  let waiting = new Map<string, Deferred<PublicView | null>>();

  function readWaiting() {
    const batch = [...waiting];
    waiting = new Map();
    for (let start = 0; start < batch.length; start += MAX_BATCH) {
      const part = batch.slice(start, start + MAX_BATCH);
      publicViewsByCodes(db, part.map(([code]) => code)).then(
        (views) => part.forEach(([code, view]) => view.resolve(views.get(code) ?? null)),
        (error: unknown) => part.forEach(([, view]) => view.reject(error)),
      );
    }
  }

  return (trackingCode) => {
    let view = waiting.get(trackingCode);
    if (!view) {
      // setImmediate runs once the requests that arrived with this one have been routed.
      if (waiting.size === 0) setImmediate(readWaiting);
      waiting.set(trackingCode, (view = deferred()));
    }

    return view.promise;
  };
}

interface Deferred<T> {
  promise: Promise<T>;
  resolve(value: T): void;
  reject(error: unknown): void;
}

function deferred<T>(): Deferred<T> {
  const settle = {} as Omit<Deferred<T>, 'promise'>;
  const promise = new Promise<T>((resolve, reject) => Object.assign(settle, { resolve, reject }));

  return { promise, ...settle };
}

type Row = Awaited<ReturnType<ReturnType<typeof preparedFor>['execute']>>[number];

function publicView(row: Row) {
  if (row.confidential) {
    return { trackingCode: row.trackingCode, stage: row.stage, confidential: true as const };
  }

  return {
    trackingCode: row.trackingCode,
    title: row.title,
    kind: row.kind,
    instrument: row.instrument,
    partners: row.partners.map((partner) =>
      partner.type === 'perorangan'
        ? { name: 'perorangan', type: partner.type }
        : { name: partner.name, type: partner.type },
    ),
    unitCode: row.unitCode,
    stage: row.stage,
    status: row.status,
    path: row.path,
    startDate: row.startDate,
    endDate: row.endDate,
    stages: stagePeriods(row.events, row.tasks),
    confidential: false as const,
  };
}

/** Consecutive events at one stage make one period; its task says when it was due. */
function stagePeriods(events: EventJson[], taskRows: TaskJson[]) {
  const now = Date.now();
  const periods: {
    stage: string;
    startedAt: string;
    endedAt: string | null;
    dueAt: string | null;
    onTime: boolean | null;
  }[] = [];
  for (const event of events) {
    const current = periods.at(-1);
    if (current && current.stage === event.stage) continue;
    if (current) current.endedAt = iso(event.at);
    periods.push({ stage: event.stage, startedAt: iso(event.at), endedAt: null, dueAt: null, onTime: null });
  }
  for (const period of periods) {
    const task = taskRows.find(
      (candidate) => candidate.stage === period.stage && iso(candidate.startedAt) === period.startedAt,
    );
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

/** Built once per database and prepared (src/db/prepared.ts). */
const preparedFor = perDatabase((db) =>
  db
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
          'stage', ${agreementEvents.stage}, 'at', ${epochMs(agreementEvents.at)})
          order by ${agreementEvents.seq}), '[]')
        from ${agreementEvents} where ${agreementEvents.agreementId} = ${agreements.id})`,
      tasks: sql<TaskJson[]>`(select coalesce(json_agg(json_build_object(
          'stage', ${tasks.stage}, 'dueAt', ${epochMs(tasks.dueAt)}, 'closedAt', ${epochMs(tasks.closedAt)},
          'startedAt', ${epochMs(tasks.startedAt)}) order by ${tasks.startedAt}), '[]')
        from ${tasks} where ${tasks.agreementId} = ${agreements.id})`,
    })
    .from(agreements)
    .where(sql`${agreements.trackingCode} = any(${sql.placeholder('trackingCodes')}::text[])`)
    .prepare('public_views_by_codes'),
);
