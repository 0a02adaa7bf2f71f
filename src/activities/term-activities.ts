/**
 * Activities of the term: planning it at signing, and the notices it sends (expiry alerts to
 * the office and the verifier, overdue monitoring reports to the office).
 */
import { and, eq, sql } from 'drizzle-orm';
import { formatDateId } from '../domain/format.js';
import { DEFAULT_REMINDER_POLICY } from '../domain/sla.js';
import { agreementEvents, agreements, obligations, reports } from '../db/schema.js';
import type { TermSchedule } from '../workflows/state.js';
import type { Clock } from './clock.js';
import type { ActivityDeps } from './deps.js';
import { reportDueEmail, termNoticeEmail } from './emails-text.js';
import { usersInRole, type Recipient } from './recipients.js';
import { sendEmails } from './send-emails.js';
import type { PlanTermInput, TermNoticeInput } from './types.js';
import { expiryAlertEvent } from './webhook-events.js';
import { queueWebhookEvent, startWebhookDeliveries } from './webhook-outbox.js';

export async function planTerm(clock: Clock, input: PlanTermInput): Promise<TermSchedule> {
  return clock.term({ ...input, at: new Date(input.at) });
}

export async function handleTermEvent(
  deps: ActivityDeps,
  clock: Clock,
  input: TermNoticeInput,
): Promise<{ reportFiled: boolean; nextAlarmAt: string | null }> {
  const { db, config } = deps;
  const { event } = input;
  const [agreement] = await db.select().from(agreements).where(eq(agreements.id, input.agreementId));
  if (!agreement) throw new Error(`agreement ${input.agreementId} has no projection row`);
  const link = `${config.publicBaseUrl}/agreements/${agreement.id}`;

  const office = await usersInRole(db, 'initiator', agreement.unitCode);
  let recipients: Recipient[];
  let text: { subject: string; body: string } | null;
  if (event.type === 'report_due') {
    const filed = await db
      .select({ id: reports.id })
      .from(reports)
      .where(and(eq(reports.agreementId, agreement.id), eq(reports.period, event.period ?? '')));
    text = filed.length > 0 ? null : reportDueEmail({ agreement, period: event.period ?? '', link });
    recipients = office;
  } else {
    const endDateText = agreement.endDate ? formatDateId(agreement.endDate) : '-';
    text = termNoticeEmail({ agreement, endDateText, daysBefore: event.daysBefore ?? 0, link });
    recipients = [...office, ...(await usersInRole(db, 'verifier', 'PEM'))];
  }

  await db.transaction(async (tx) => {
    await tx
      .insert(agreementEvents)
      .values({
        agreementId: agreement.id,
        seq: input.seq,
        type: event.type === 'alert' ? 'expiry_alert' : 'report_due',
        fromStage: agreement.stage,
        stage: agreement.stage,
        note: text ? text.subject.replace('[Si Mbois Ker] ', '') : `Laporan periode ${event.period} sudah masuk`,
        at: new Date(input.at),
      })
      .onConflictDoNothing();
    if (event.type === 'report_due' && !text) {
      await tx
        .update(obligations)
        .set({ doneAt: sql`coalesce(${obligations.doneAt}, now())` })
        .where(and(eq(obligations.agreementId, agreement.id), eq(obligations.key, event.key)));
    }
    if (event.type === 'alert') await queueWebhookEvent(tx, expiryAlertEvent(input, agreement));
  });
  await startWebhookDeliveries(deps, agreement.id, input.seq);
  const reportFiled = event.type === 'report_due' && !text;
  const nextAlarmAt =
    event.type === 'report_due' && !reportFiled
      ? (await clock.nextReminder(new Date(input.at), DEFAULT_REMINDER_POLICY.intervalWorkingDays)).toISOString()
      : null;
  if (!text) return { reportFiled, nextAlarmAt };

  await sendEmails(
    deps,
    recipients.map((user) => ({
      key: `${event.type}:${agreement.id}:${event.key}:${user.username}`,
      agreementId: agreement.id,
      kind: event.type === 'alert' ? 'expiry_alert' : 'report_overdue',
      stage: agreement.stage,
      recipient: user.email,
      recipientUsername: user.username,
      subject: text.subject,
      body: text.body,
    })),
  );

  return { reportFiled, nextAlarmAt };
}
