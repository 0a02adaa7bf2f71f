/**
 * sendTaskReminder: an overdue task reminds its acting role by email and, on the escalating
 * reminder, the supervisor too; it records the reminder on the timeline and the task, and
 * tells the workflow when to remind next.
 */
import { and, eq, lte, sql } from 'drizzle-orm';
import { formatDateTimeId } from '../domain/format.js';
import { DEFAULT_REMINDER_POLICY } from '../domain/sla.js';
import { agreementEvents, agreements, tasks } from '../db/schema.js';
import type { Clock } from './clock.js';
import type { ActivityDeps } from './deps.js';
import { reminderEmail } from './emails-text.js';
import { usersInRole } from './recipients.js';
import { sendEmails, type EmailToSend } from './send-emails.js';
import type { ReminderInput, ReminderResult } from './types.js';
import { overdueTaskEvent } from './webhook-events.js';
import { queueWebhookEvent, startWebhookDeliveries } from './webhook-outbox.js';

export async function sendTaskReminder(
  deps: ActivityDeps,
  clock: Clock,
  input: ReminderInput,
): Promise<ReminderResult> {
  const { db, config } = deps;
  const { task, reminderNo } = input;
  const at = new Date(input.at);
  const [agreement] = await db.select().from(agreements).where(eq(agreements.id, input.agreementId));
  if (!agreement) throw new Error(`agreement ${input.agreementId} has no projection row`);

  const dueAt = new Date(task.dueAt ?? input.at);
  const common = {
    agreement,
    stage: task.stage,
    role: task.role,
    dueText: formatDateTimeId(dueAt, config.TIME_ZONE),
    lateness: await clock.lateness(dueAt, at),
    reminderNo,
    link: `${config.publicBaseUrl}/agreements/${agreement.id}`,
  };
  const actors = await usersInRole(db, task.role, task.unitCode);
  const supervisors = input.escalateTo
    ? await usersInRole(
        db,
        input.escalateTo,
        input.escalateTo === 'unit_head' ? task.unitCode ?? agreement.unitCode : null,
      )
    : [];
  const batch: EmailToSend[] = [
    ...actors.map((user) => ({ user, text: reminderEmail({ ...common, escalation: false }) })),
    ...supervisors.map((user) => ({ user, text: reminderEmail({ ...common, escalation: true }) })),
  ].map(({ user, text }) => ({
    key: `reminder:${agreement.id}:${task.key}:${reminderNo}:${user.username}`,
    agreementId: agreement.id,
    kind: supervisors.some((s) => s.username === user.username) && input.escalateTo ? 'escalation' : 'reminder',
    stage: task.stage,
    reminderNo,
    recipient: user.email,
    recipientUsername: user.username,
    subject: text.subject,
    body: text.body,
  }));

  await db.transaction(async (tx) => {
    const names = [...actors, ...supervisors].map((user) => user.username).join(', ');
    await tx
      .insert(agreementEvents)
      .values({
        agreementId: agreement.id,
        seq: input.seq,
        type: input.escalateTo ? 'escalation' : 'reminder',
        fromStage: task.stage,
        stage: task.stage,
        note: `Pengingat ke-${reminderNo} dikirim kepada ${names || '(tidak ada penerima aktif)'}`,
        at,
      })
      .onConflictDoNothing();
    await tx
      .update(tasks)
      .set({
        remindersSent: sql`greatest(${tasks.remindersSent}, ${reminderNo})`,
        ...(input.escalateTo ? { escalatedTo: input.escalateTo, escalatedAt: at } : {}),
      })
      .where(and(eq(tasks.agreementId, agreement.id), eq(tasks.taskKey, task.key)));
    await tx
      .update(agreements)
      .set({ overdue: true, projectionSeq: input.seq })
      .where(
        and(
          eq(agreements.id, agreement.id),
          eq(agreements.stage, task.stage),
          lte(agreements.projectionSeq, input.seq),
        ),
      );
    await queueWebhookEvent(tx, overdueTaskEvent(input, agreement));
  });
  await startWebhookDeliveries(deps, agreement.id, input.seq);
  await sendEmails(deps, batch);

  const next = await clock.nextReminder(at, DEFAULT_REMINDER_POLICY.intervalWorkingDays);

  return { nextAlarmAt: next.toISOString() };
}
