/**
 * The agreements an evaluation starts: a renewal (perpanjangan) with the same facts starting
 * the day after the current end, or an addendum (adendum) hanging under it. The row is keyed
 * on the id the workflow chose, so a retried activity finds the row it already wrote.
 */
import { randomBytes } from 'node:crypto';
import { and, eq, inArray, ne } from 'drizzle-orm';
import { addCalendarDays } from '../domain/calendar.js';
import type { Instrument, Kind } from '../domain/glossary.js';
import { planPath } from '../domain/paths.js';
import type { Stage } from '../domain/stages.js';
import { formatTrackingCode } from '../domain/tracking-code.js';
import { agreements } from '../db/schema.js';
import type { AgreementWorkflowInput } from '../workflows/state.js';
import type { ActivityDeps } from './deps.js';
import type { LinkedAgreementInput } from './types.js';

export async function createLinkedAgreement(
  { db }: ActivityDeps,
  input: LinkedAgreementInput,
): Promise<AgreementWorkflowInput['agreement']> {
  const [source] = await db.select().from(agreements).where(eq(agreements.id, input.sourceId));
  if (!source) throw new Error(`agreement ${input.sourceId} has no projection row`);

  const renewal = input.link === 'renewal';
  const facts = {
    kind: source.kind as Kind,
    instrument: (renewal ? source.instrument : 'addendum') as Instrument,
    initiatedBy: source.initiatedBy as 'region' | 'partner',
    dprdTrigger: source.dprdTrigger,
    parentId: renewal ? source.parentId : source.id,
  };
  const title = `${renewal ? 'Perpanjangan' : 'Adendum'}: ${source.title}`.slice(0, 500);
  const plannedStart = renewal && source.endDate ? addCalendarDays(source.endDate, 1) : null;
  const path = planPath(facts);
  const trackingCode = formatTrackingCode(new Date(input.at).getFullYear(), randomBytes(4));

  await db
    .insert(agreements)
    .values({
      id: input.newId,
      trackingCode,
      ...facts,
      renewalOf: renewal ? source.id : null,
      title,
      partners: source.partners,
      unitCode: source.unitCode,
      purpose: source.purpose,
      scope: source.scope,
      plannedStart,
      durationMonths: source.durationMonths,
      valueIdr: source.valueIdr,
      fundingSource: source.fundingSource,
      confidential: source.confidential,
      createdBy: input.actor.username,
      path,
      stage: 'draft',
      status: 'draft',
    })
    .onConflictDoNothing({ target: agreements.id });
  const [row] = await db.select().from(agreements).where(eq(agreements.id, input.newId));

  return {
    agreementId: row!.id,
    trackingCode: row!.trackingCode,
    kind: facts.kind,
    instrument: facts.instrument,
    unitCode: row!.unitCode,
    title: row!.title,
    durationMonths: row!.durationMonths,
    plannedStart: row!.plannedStart,
    parentId: row!.parentId,
    changes: row!.changes,
    path: row!.path as Stage[],
    createdBy: input.actor,
  };
}

/** The PKS still running under a KSB (addenda are not asked: they end with their signing). */
export async function listChildAgreements({ db }: ActivityDeps, input: { agreementId: string }): Promise<string[]> {
  const rows = await db
    .select({ id: agreements.id })
    .from(agreements)
    .where(
      and(
        eq(agreements.parentId, input.agreementId),
        ne(agreements.instrument, 'addendum'),
        inArray(agreements.status, ['active', 'in_process']),
      ),
    );

  return rows.map((row) => row.id);
}
