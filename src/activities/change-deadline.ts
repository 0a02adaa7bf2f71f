/**
 * changeDeadline: the verifier moves the due date of the pending task, with a reason that goes
 * on the timeline. The reminder count starts again from the new date.
 */
import { and, eq } from 'drizzle-orm';
import { agreementEvents, agreements, tasks } from '../db/schema.js';
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
        note: `Batas waktu diubah menjadi ${dueAt.toISOString()}: ${input.reason}`,
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
  });

  return { dueAt: dueAt.toISOString() };
}
