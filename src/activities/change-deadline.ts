/**
 * changeDeadline: the verifier moves the due date of the pending task, with a reason that goes
 * on the timeline, the new date written in the city's time zone as the emails write it. The
 * reminder count starts again from the new date. Sent over HTTP, the change and its audit entry
 * (`agreement.deadline`) commit together.
 */
import { and, eq } from 'drizzle-orm';
import { appendAudit } from '../audit/append.js';
import { agreementEvents, agreements, tasks } from '../db/schema.js';
import { formatDateTimeId } from '../domain/format.js';
import { requestAuditEvent } from './audit-entry.js';
import type { Clock } from './clock.js';
import type { ActivityDeps } from './deps.js';
import type { DeadlineChangeInput } from './types.js';

export async function changeDeadline(deps: ActivityDeps, clock: Clock, input: DeadlineChangeInput) {
  const at = new Date(input.at);
  const dueAt = input.dueAt
    ? new Date(input.dueAt)
    : (await clock.dueDate(new Date(input.task.dueAt ?? input.at), input.workingDays ?? 0)).dueAt;

  await deps.db.transaction(async (tx) => {
    await tx
      .insert(agreementEvents)
      .values({
        agreementId: input.agreementId,
        seq: input.seq,
        type: 'deadline',
        fromStage: input.task.stage,
        stage: input.task.stage,
        actorUsername: input.actor.username,
        actorName: input.actor.name,
        actorRole: 'verifier',
        actingFor: input.actor.actingFor ?? null,
        note: `Batas waktu diubah menjadi ${formatDateTimeId(dueAt, deps.config.TIME_ZONE)}: ${input.reason}`,
        at,
      })
      .onConflictDoNothing();
    await tx
      .update(tasks)
      .set({ dueAt, remindersSent: 0 })
      .where(and(eq(tasks.agreementId, input.agreementId), eq(tasks.taskKey, input.task.key)));
    await tx
      .update(agreements)
      .set({ dueAt, overdue: false })
      .where(and(eq(agreements.id, input.agreementId), eq(agreements.stage, input.task.stage)));
    if (input.request) {
      const { dueAt: asked, workingDays, reason } = input;
      const data = { dueAt: asked, workingDays, reason, newDueAt: dueAt.toISOString() };
      const entry = { action: 'agreement.deadline', agreementId: input.agreementId, request: input.request, data };
      await appendAudit(tx, requestAuditEvent({ ...entry, actor: input.actor, role: 'verifier' }));
    }
  });

  return { dueAt: dueAt.toISOString() };
}
