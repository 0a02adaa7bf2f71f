/**
 * Working days spent per stage, from the timeline (riwayat): each visit to a stage runs from
 * the event that entered it to the next event that left it. The city's working-day calendar
 * (weekends, holidays, cuti bersama) counts the days, as it does for the time limits, so the
 * figures compare with them. Visits still open are counted apart and not averaged.
 */
import { sql, type SQL } from 'drizzle-orm';
import { workingDaysBetween } from '../../domain/calendar.js';
import { DEFAULT_SLAS } from '../../domain/sla.js';
import { ACTIVE_STAGES, STAGE_LABELS, type ActiveStage } from '../../domain/stages.js';
import { loadCalendar } from '../../db/calendar.js';
import { rowsOf, type Database } from '../../db/client.js';
import { agreementEvents, agreements } from '../../db/schema.js';

/** Stages people work in; implementation is the term itself, not a step that can be slow. */
const MEASURED_STAGES: readonly ActiveStage[] = ACTIVE_STAGES.filter(
  (stage) => stage !== 'implementation',
);

interface Visit {
  stage: string;
  started_at: Date | string;
  ended_at: Date | string | null;
}

export async function stageDurations(db: Database, visible: SQL | undefined, timeZone: string) {
  const result = await db.execute(sql`
    with ordered as (
      select ${agreementEvents.agreementId} as agreement_id, ${agreementEvents.seq} as seq,
             ${agreementEvents.stage} as stage, ${agreementEvents.at} as at,
             lag(${agreementEvents.stage}) over (
               partition by ${agreementEvents.agreementId} order by ${agreementEvents.seq}
             ) as previous
      from ${agreementEvents}
      join ${agreements} on ${agreements.id} = ${agreementEvents.agreementId}
      where ${visible ?? sql`true`}
    ), visits as (
      select stage, at as started_at,
             lead(at) over (partition by agreement_id order by seq) as ended_at
      from ordered
      where previous is null or previous <> stage
    )
    select stage, started_at, ended_at from visits`);
  const visits = rowsOf<Visit>(result);
  const calendar = await loadCalendar(db, timeZone);

  const byStage = new Map<string, { days: number[]; open: number }>();
  for (const visit of visits) {
    const entry = byStage.get(visit.stage) ?? { days: [], open: 0 };
    byStage.set(visit.stage, entry);
    if (visit.ended_at === null) entry.open += 1;
    else {
      const started = new Date(visit.started_at);
      entry.days.push(workingDaysBetween(calendar, started, new Date(visit.ended_at)));
    }
  }

  return MEASURED_STAGES.filter((stage) => byStage.has(stage)).map((stage) => {
    const { days, open } = byStage.get(stage)!;
    const sum = days.reduce((total, value) => total + value, 0);

    return {
      stage,
      label: STAGE_LABELS[stage],
      completed: days.length,
      inProgress: open,
      averageWorkingDays: days.length === 0 ? null : Math.round((sum / days.length) * 10) / 10,
      maxWorkingDays: days.length === 0 ? null : days.reduce((max, value) => Math.max(max, value)),
      defaultSlaWorkingDays: DEFAULT_SLAS[stage]?.workingDays ?? null,
    };
  });
}
