/**
 * At-least-once email made exactly-once per business key: each email is recorded under its key
 * before sending and marked after, and its Message-ID is derived from the key, so a retried
 * activity skips what went out and a duplicate after a crash is recognisable. A permanent
 * refusal (5xx) is marked failed and never retried; the agreement's detail shows it.
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

/**
 * Records and sends; throws (so Temporal retries, with backoff) if any email met a temporary
 * failure: a 4xx answer, or no server to talk to.
 */
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
    .where(
      and(inArray(emails.key, batch.map((email) => email.key)), isNull(emails.sentAt), isNull(emails.failedAt)),
    );

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
      const permanent = isPermanentRefusal(error);
      const failedAt = permanent ? { failedAt: new Date() } : {};
      await db
        .update(emails)
        .set({ attempts: sql`${emails.attempts} + 1`, lastError: message.slice(0, 500), ...failedAt })
        .where(eq(emails.key, email.key));
      if (permanent) {
        logger.error({ emailKey: email.key, err: message }, 'email refused for good, not retried');
      } else {
        failures.push(message);
        logger.warn({ emailKey: email.key, err: message }, 'email not sent, will retry');
      }
    }
  }
  if (failures.length > 0) throw new Error(`${failures.length} email(s) not sent: ${failures[0]}`);

  return pending.length;
}

/**
 * A 5xx answer refuses this message for good (no such mailbox, rejected content); retrying
 * cannot help. A failed login (EAUTH) is our configuration, not the message: it stays retried.
 */
function isPermanentRefusal(error: unknown): boolean {
  const { responseCode, code } = (error ?? {}) as { responseCode?: number; code?: string };

  return typeof responseCode === 'number' && responseCode >= 500 && responseCode < 600 && code !== 'EAUTH';
}
