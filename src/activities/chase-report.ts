/**
 * chaseReport: an overdue monitoring report is chased like a review: the office is reminded
 * every interval and, on the escalating reminder, its head (kepala perangkat daerah) too.
 */
import { eq } from 'drizzle-orm';
import { DEFAULT_REMINDER_POLICY } from '../domain/sla.js';
import { agreementEvents, agreements } from '../db/schema.js';
import type { Clock } from './clock.js';
import type { ActivityDeps } from './deps.js';
import { reportDueEmail } from './emails-text.js';
import { usersInRole } from './recipients.js';
import { sendEmails } from './send-emails.js';
import type { ChaseInput } from './types.js';

export async function chaseReport(deps: ActivityDeps, clock: Clock, input: ChaseInput) {
  const { db, config } = deps;
  const [agreement] = await db.select().from(agreements).where(eq(agreements.id, input.agreementId));
  if (!agreement) throw new Error(`agreement ${input.agreementId} has no projection row`);

  const text = reportDueEmail({
    agreement,
    period: input.period,
    link: `${config.publicBaseUrl}/agreements/${agreement.id}`,
  });
  const office = await usersInRole(db, 'initiator', agreement.unitCode);
  const heads = input.escalate ? await usersInRole(db, 'unit_head', agreement.unitCode) : [];
  const escalationNote = input.escalate ? ' (eskalasi ke kepala perangkat daerah)' : '';
  await db
    .insert(agreementEvents)
    .values({
      agreementId: agreement.id,
      seq: input.seq,
      type: input.escalate ? 'escalation' : 'reminder',
      fromStage: agreement.stage,
      stage: agreement.stage,
      note: `Pengingat ke-${input.reminderNo} laporan monitoring periode ${input.period}${escalationNote}`,
      at: new Date(input.at),
    })
    .onConflictDoNothing();
  await sendEmails(
    deps,
    [...office, ...heads].map((user) => ({
      key: `report_chase:${agreement.id}:${input.key}:${input.reminderNo}:${user.username}`,
      agreementId: agreement.id,
      kind: heads.includes(user) ? 'report_escalation' : 'report_reminder',
      stage: agreement.stage,
      reminderNo: input.reminderNo,
      recipient: user.email,
      recipientUsername: user.username,
      subject: text.subject,
      body: text.body,
    })),
  );
  const next = await clock.nextReminder(new Date(input.at), DEFAULT_REMINDER_POLICY.intervalWorkingDays);

  return { nextAlarmAt: next.toISOString() };
}
