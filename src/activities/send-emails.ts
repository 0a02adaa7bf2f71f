/**
 * At-least-once email made exactly-once per business key: each email is recorded under its key
 * before sending and marked after, and its Message-ID is derived from the key, so a retry skips
 * what went out and a duplicate after a crash is recognisable.
 *
 * The agreement's activities only record their emails here and hand them to an
 * emailDeliveryWorkflow, which retries on its own: a mail server that is down never holds the
 * agreement workflow, whose changes run one at a time.
 */
import { createHash } from 'node:crypto';
import { Context } from '@temporalio/activity';
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/client';
import { emails } from '../db/schema.js';
import { deliverPendingEmails } from './deliver-emails.js';
import type { ActivityDeps } from './deps.js';
import type { EmailDeliveryInput } from './email-types.js';

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

/** One delivery workflow per batch, named by its keys: a retried activity finds its own. */
export function emailDeliveryIdFor(keys: string[]): string {
  const digest = createHash('sha256').update([...keys].sort().join('\n')).digest('hex');

  return `email-${digest.slice(0, 40)}`;
}

/**
 * Records the batch (one agreement's emails) and sends it at once, one attempt; what a
 * temporary failure (4xx, no server) leaves pending goes to a delivery workflow of its own that
 * retries with backoff, so the calling activity never waits out a mail server's outage. A
 * repeated attempt of the calling activity hands its pending emails straight to that workflow,
 * so the two never send side by side. Returns how many emails this call sent itself. A worker
 * built without a Temporal client (some tests) only sends inline, and throws on a temporary
 * failure so the calling activity is retried.
 */
export async function sendEmails(deps: ActivityDeps, batch: EmailToSend[]): Promise<number> {
  if (batch.length === 0) return 0;
  const { db, config, temporal } = deps;

  await db
    .insert(emails)
    .values(batch.map((email) => ({ ...email, messageId: messageIdFor(email.key) })))
    .onConflictDoNothing();
  const keys = batch.map((email) => email.key);
  if (!temporal) return (await deliverPendingEmails(deps, keys)).sent;
  if (firstAttempt()) {
    try {
      return (await deliverPendingEmails(deps, keys)).sent;
    } catch (error) {
      const err = (error as Error).message;
      deps.logger.warn({ err, emails: keys.length }, 'emails not sent at once, handed to their delivery workflow');
    }
  }

  const input: EmailDeliveryInput = { agreementId: batch[0]!.agreementId, keys };
  try {
    await temporal.workflow.start('emailDeliveryWorkflow', {
      taskQueue: config.TEMPORAL_TASK_QUEUE,
      workflowId: emailDeliveryIdFor(keys),
      args: [input],
      workflowIdConflictPolicy: 'USE_EXISTING',
      // A delivery that already finished is never started again.
      workflowIdReusePolicy: 'REJECT_DUPLICATE',
    });
  } catch (error) {
    if (!(error instanceof WorkflowExecutionAlreadyStartedError)) throw error;
  }

  return 0;
}

/** The calling activity's first attempt (or no activity at all: a direct call). */
function firstAttempt(): boolean {
  try {
    return Context.current().info.attempt <= 1;
  } catch {
    return true;
  }
}
