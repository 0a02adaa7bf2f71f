/**
 * recordTransition: the projection write behind every stage change. One transaction writes the
 * timeline row, closes and opens tasks and moves the agreement row; every write is keyed on
 * (agreement, seq) or (agreement, task key), so a retried activity writes nothing twice.
 */
import { and, eq, isNull, lt } from 'drizzle-orm';
import { slaFor } from '../domain/sla.js';
import type { Kind } from '../domain/glossary.js';
import { agreementEvents, agreements, obligations, tasks } from '../db/schema.js';
import { loadSlaOverrides } from '../db/settings.js';
import type { Clock } from './clock.js';
import type { ActivityDeps } from './deps.js';
import type { TransitionInput, TransitionResult } from './types.js';
import { transitionEvent } from './webhook-events.js';
import { queueWebhookEvent, startWebhookDeliveries } from './webhook-outbox.js';
import { appendAudit, type AuditEvent } from '../audit/append.js';
import { allRoles, requestAuditEvent } from './audit-entry.js';
import type { Actor } from '../domain/permissions.js';
import type { RequestRef } from '../workflows/state.js';

export async function recordTransition(
  deps: ActivityDeps,
  clock: Clock,
  input: TransitionInput,
): Promise<TransitionResult> {
  const { db } = deps;
  const at = new Date(input.at);
  // The admin's overrides as they stand when the task starts; later edits leave this task be.
  const [[agreement], overrides] = await Promise.all([
    db
      .select({ kind: agreements.kind, trackingCode: agreements.trackingCode, unitCode: agreements.unitCode })
      .from(agreements)
      .where(eq(agreements.id, input.agreementId)),
    input.openTask ? loadSlaOverrides(db) : {},
  ]);
  if (!agreement) throw new Error(`agreement ${input.agreementId} has no projection row`);
  const sla = input.openTask ? slaFor(agreement.kind as Kind, input.openTask.stage, overrides) : null;
  const due = sla ? await clock.dueDate(at, sla.workingDays) : null;

  const result = await db.transaction(async (tx) => {
    const writeEvent = tx
      .insert(agreementEvents)
      .values({
        agreementId: input.agreementId,
        seq: input.seq,
        type: input.type,
        fromStage: input.fromStage,
        stage: input.toStage,
        decision: input.decision ?? null,
        actorUsername: input.actor?.username ?? null,
        actorName: input.actor?.name ?? null,
        actorRole: input.actor?.role ?? null,
        actingFor: input.actor?.actingFor ?? null,
        note: input.note ?? null,
        at,
      })
      .onConflictDoNothing();

    const closeTask = input.closeTaskKey
      ? tx
          .update(tasks)
          .set({ closedAt: at, closedBy: input.actor?.username ?? 'system' })
          .where(
            and(
              eq(tasks.agreementId, input.agreementId),
              eq(tasks.taskKey, input.closeTaskKey),
              isNull(tasks.closedAt),
            ),
          )
      : null;

    const openTask = input.openTask
      ? tx
          .insert(tasks)
          .values({
            agreementId: input.agreementId,
            taskKey: input.openTask.key,
            stage: input.openTask.stage,
            role: input.openTask.role,
            unitCode: input.openTask.unitCode,
            startedAt: at,
            dueAt: due?.dueAt ?? null,
            slaWorkingDays: sla?.workingDays ?? null,
            slaBasis: sla?.basis ?? null,
            uncoveredYears: due?.uncoveredYears.length ? due.uncoveredYears : null,
          })
          .onConflictDoUpdate({ target: [tasks.agreementId, tasks.taskKey], set: { stage: input.openTask.stage } })
          .returning({ dueAt: tasks.dueAt })
      : null;

    const reportRows = (input.term?.events ?? [])
      .filter((event) => event.type === 'report_due')
      // An imported agreement owes no report for periods that ended before it was registered.
      .filter((event) => input.type !== 'imported' || Date.parse(event.at) > at.getTime())
      .map((event) => ({
        agreementId: input.agreementId,
        key: event.key,
        type: 'report',
        dueAt: new Date(event.at),
        label: `Laporan monitoring periode ${event.period}`,
      }));
    const owe = reportRows.length > 0 ? tx.insert(obligations).values(reportRows).onConflictDoNothing() : null;

    // Rows independent of one another, sent together: one round trip on the transaction's
    // connection instead of four, on the write every decision waits for.
    const [, , stored] = await Promise.all([writeEvent, closeTask, openTask, owe]);
    // A retry keeps the due date stored the first time, even if the calendar changed since.
    const dueAt = stored?.[0]?.dueAt ?? due?.dueAt ?? null;

    await tx
      .update(agreements)
      .set({
        stage: input.toStage,
        status: input.status,
        dueAt,
        overdue: false,
        projectionSeq: input.seq,
        updatedAt: at,
        ...(input.signing
          ? {
              signedAt: input.signing.signedAt,
              ourNumber: input.signing.ourNumber,
              partnerNumbers: input.signing.partnerNumbers,
            }
          : {}),
        ...(input.term ? { startDate: input.term.startDate, endDate: input.term.endDate } : {}),
      })
      .where(and(eq(agreements.id, input.agreementId), lt(agreements.projectionSeq, input.seq)));
    // A person's change and its audit entry commit together: no change without its entry.
    if (input.request && input.actor) await appendAudit(tx, auditEntry(input, agreement, input.request, input.actor));
    const event = transitionEvent(input, { ...agreement, stage: input.toStage });
    const subscribers = event ? await queueWebhookEvent(tx, event) : 0;

    return { dueAt: dueAt ? dueAt.toISOString() : null, subscribers };
  });
  if (result.subscribers > 0) await startWebhookDeliveries(deps, input.agreementId, input.seq);

  return { dueAt: result.dueAt };
}

/**
 * The audit entry of a creation, a decision or a termination sent over HTTP, with the action
 * names and data the API has always written for them.
 */
function auditEntry(
  input: TransitionInput,
  agreement: { trackingCode: string; kind: string; unitCode: string },
  request: RequestRef,
  actor: Actor,
): AuditEvent {
  const base = { agreementId: input.agreementId, request, actor };
  if (input.type === 'created') {
    const data = { trackingCode: agreement.trackingCode, kind: agreement.kind, unitCode: agreement.unitCode };
    return requestAuditEvent({ ...base, action: 'agreement.create', role: actor.role ?? 'initiator', data });
  }
  if (input.type === 'termination') {
    const data = { reason: input.decision ?? null, note: input.note ?? '' };
    return requestAuditEvent({ ...base, action: 'agreement.terminate', role: allRoles(actor), data });
  }
  const data = {
    stage: input.fromStage,
    decision: input.decision ?? null,
    note: input.note ?? '',
    toStage: input.toStage,
    signing: input.signing ?? null,
  };

  return requestAuditEvent({ ...base, action: 'agreement.decide', role: actor.role ?? null, data });
}
