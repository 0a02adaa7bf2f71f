/**
 * Sending recorded emails (the activities of emailDeliveryWorkflow). Only rows still pending,
 * neither sent nor failed, go out, so a retry repeats nothing that got through. A permanent
 * refusal (5xx) is marked failed and never retried; the agreement's detail shows it.
 */
import { ApplicationFailure, cancellationSignal, heartbeat } from '@temporalio/activity';
import { and, eq, inArray, isNull, sql } from 'drizzle-orm';
import { emails } from '../db/schema.js';
import type { ActivityDeps } from './deps.js';
import type { EmailActivities, EmailDeliveryResult } from './email-types.js';

export function emailActivities(deps: ActivityDeps): EmailActivities {
  return {
    deliverEmails: async ({ keys }) => {
      // A heartbeat per email: an attempt cut off (its worker killed) is retried within the
      // heartbeat timeout, and one given up on stops before its next email.
      await deliverPendingEmails(deps, keys, () => {
        heartbeat();
        cancellationSignal().throwIfAborted();
      });

      return batchState(deps, keys);
    },
    markEmailsFailed: ({ keys, reason }) => markEmailsFailed(deps, keys, reason),
  };
}

/**
 * Sends the pending emails among `keys`, calling `beforeEach` before each; throws (so Temporal
 * retries, with backoff) if any met a temporary failure: a 4xx answer, or no server to talk to.
 */
export async function deliverPendingEmails(
  deps: ActivityDeps,
  keys: string[],
  beforeEach: () => void = () => {},
): Promise<{ sent: number; failed: number }> {
  const { db, mailer, logger } = deps;
  const pending = await db
    .select()
    .from(emails)
    .where(and(inArray(emails.key, keys), isNull(emails.sentAt), isNull(emails.failedAt)));

  const result = { sent: 0, failed: 0 };
  const failures: string[] = [];
  for (const email of pending) {
    beforeEach();
    try {
      const { recipient: to, subject, body: text, messageId } = email;
      await mailer.send({ to, subject, text, messageId });
      await db
        .update(emails)
        .set({ sentAt: new Date(), attempts: sql`${emails.attempts} + 1`, lastError: null })
        .where(eq(emails.key, email.key));
      result.sent += 1;
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      const permanent = isPermanentRefusal(error);
      const failedAt = permanent ? { failedAt: new Date() } : {};
      await db
        .update(emails)
        .set({ attempts: sql`${emails.attempts} + 1`, lastError: message.slice(0, 500), ...failedAt })
        .where(eq(emails.key, email.key));
      if (permanent) {
        result.failed += 1;
        logger.error({ emailKey: email.key, err: message }, 'email refused for good, not retried');
      } else {
        failures.push(message);
        logger.warn({ emailKey: email.key, err: message }, 'email not sent, will retry');
      }
    }
  }
  if (failures.length > 0) {
    const summary = `${failures.length} email(s) not sent: ${failures[0]}`;
    throw ApplicationFailure.retryable(summary, 'email_not_sent');
  }

  return result;
}

/** How many of the batch are sent and failed by now, whichever attempt did it. */
async function batchState(deps: ActivityDeps, keys: string[]): Promise<EmailDeliveryResult> {
  const [counts] = await deps.db
    .select({
      sent: sql<number>`count(${emails.sentAt})::int`,
      failed: sql<number>`count(${emails.failedAt})::int`,
    })
    .from(emails)
    .where(inArray(emails.key, keys));

  return counts ?? { sent: 0, failed: 0 };
}

/**
 * Marks what is still pending among `keys` failed. A row keeps the mail server's last answer
 * when it has one (what a person needs to see), else gets `reason`.
 */
async function markEmailsFailed(deps: ActivityDeps, keys: string[], reason: string) {
  const marked = await deps.db
    .update(emails)
    .set({ failedAt: new Date(), lastError: sql`coalesce(${emails.lastError}, ${reason.slice(0, 500)})` })
    .where(and(inArray(emails.key, keys), isNull(emails.sentAt), isNull(emails.failedAt)))
    .returning({ key: emails.key });
  if (marked.length > 0) {
    deps.logger.error({ emailKeys: marked.map((row) => row.key) }, 'email delivery gave up');
  }

  return batchState(deps, keys);
}

/**
 * A 5xx answer refuses this message for good (no such mailbox, rejected content); retrying
 * cannot help. A failed login (EAUTH) is our configuration, not the message: it stays retried.
 */
function isPermanentRefusal(error: unknown): boolean {
  const { responseCode, code } = (error ?? {}) as { responseCode?: number; code?: string };

  return typeof responseCode === 'number' && responseCode >= 500 && responseCode < 600 && code !== 'EAUTH';
}
