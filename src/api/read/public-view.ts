/**
 * The public tracking view (lacak publik): what any citizen may see with a tracking code.
 * Never people's names, notes or documents; an individual partner shows only as its type; a
 * confidential agreement shows only its code and stage.
 */
import { asc, eq } from 'drizzle-orm';
import type { Database } from '../../db/client.js';
import { agreementEvents, tasks } from '../../db/schema.js';
import type { AgreementRow } from './agreement-detail.js';

export async function publicView(db: Database, row: AgreementRow) {
  if (row.confidential) return { trackingCode: row.trackingCode, stage: row.stage, confidential: true };

  const [events, taskRows] = await Promise.all([
    db
      .select({ seq: agreementEvents.seq, stage: agreementEvents.stage, fromStage: agreementEvents.fromStage, at: agreementEvents.at })
      .from(agreementEvents)
      .where(eq(agreementEvents.agreementId, row.id))
      .orderBy(asc(agreementEvents.seq)),
    db
      .select({ stage: tasks.stage, dueAt: tasks.dueAt, closedAt: tasks.closedAt, startedAt: tasks.startedAt })
      .from(tasks)
      .where(eq(tasks.agreementId, row.id))
      .orderBy(asc(tasks.startedAt)),
  ]);

  const now = new Date();
  const periods: { stage: string; startedAt: string; endedAt: string | null; dueAt: string | null; onTime: boolean | null }[] = [];
  for (const event of events) {
    const current = periods.at(-1);
    if (current && current.stage === event.stage) continue;
    if (current) current.endedAt = event.at.toISOString();
    periods.push({ stage: event.stage, startedAt: event.at.toISOString(), endedAt: null, dueAt: null, onTime: null });
  }
  for (const period of periods) {
    const task = taskRows.find((candidate) => candidate.stage === period.stage && candidate.startedAt.toISOString() === period.startedAt);
    if (!task?.dueAt) continue;
    period.dueAt = task.dueAt.toISOString();
    const finished = task.closedAt ?? now;
    period.onTime = finished <= task.dueAt;
  }

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
    stages: periods,
    confidential: false,
  };
}
