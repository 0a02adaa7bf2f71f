/**
 * At-least-once email made exactly-once per business key: each email is recorded under its key
 * before sending and marked after, and its Message-ID is derived from the key, so a retried
 * activity skips what went out and a duplicate after a crash is recognisable.
 */
import { createHash } from 'node:crypto';
import { and, eq, inArray, isNull, sql } from 'drizzle-orm';
import { emails } from '../db/schema.js';
import type { ActivityDeps } from './deps.js';

export interface EmailToSend {
  key: string;
  agreementId: string | null;
  kind: string;
  stage?: string | null;
  reminderNo?: number | null;
  recipient: string;
  recipientUsername?: string | null;
  subject: string;
  body: string;
}

export function messageIdFor(key: string): string {
  return `<${createHash('sha256').update(key).digest('hex').slice(0, 32)}@simboisker>`;
}

/** Records and sends; throws (so Temporal retries) if any email could not be sent. */
export async function sendEmails(deps: ActivityDeps, batch: EmailToSend[]): Promise<number> {
  if (batch.length === 0) return 0;
  const { db, mailer, logger } = deps;

  await db
    .insert(emails)
    .values(batch.map((email) => ({ ...email, messageId: messageIdFor(email.key) })))
    .onConflictDoNothing();
  const pending = await db
    .select()
    .from(emails)
    .where(and(inArray(emails.key, batch.map((email) => email.key)), isNull(emails.sentAt)));

  const failures: string[] = [];
  for (const email of pending) {
    try {
      await mailer.send({ to: email.recipient, subject: email.subject, text: email.body, messageId: email.messageId });
      await db
        .update(emails)
        .set({ sentAt: new Date(), attempts: sql`${emails.attempts} + 1`, lastError: null })
        .where(eq(emails.key, email.key));
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      failures.push(message);
      await db
        .update(emails)
        .set({ attempts: sql`${emails.attempts} + 1`, lastError: message.slice(0, 500) })
        .where(eq(emails.key, email.key));
      logger.warn({ emailKey: email.key, err: message }, 'email not sent, will retry');
    }
  }
  if (failures.length > 0) throw new Error(`${failures.length} email(s) not sent: ${failures[0]}`);

  return pending.length;
}
