/**
 * The webhook outbox. `queueWebhookEvent` runs inside the transaction of the projection write
 * it reports, one row per subscriber that wants the event, keyed on (agreement, seq,
 * subscriber) so a retried activity writes nothing twice. After the commit,
 * `startWebhookDeliveries` starts one delivery workflow per row (`webhook-<eventId>`).
 */
import { randomUUID } from 'node:crypto';
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/client';
import { and, arrayContains, eq, isNull, or } from 'drizzle-orm';
import type { WebhookEventType } from '../domain/webhook-events.js';
import type { Database } from '../db/client.js';
import { webhookDeliveries, webhookSubscribers } from '../db/schema.js';
import type { ActivityDeps } from './deps.js';
import type { WebhookDeliveryInput } from './webhook-types.js';

type Transaction = Parameters<Parameters<Database['transaction']>[0]>[0];

export interface WebhookEvent {
  agreementId: string;
  /** The workflow event reported (its agreement_events.seq). */
  seq: number;
  type: WebhookEventType;
  occurredAt: string;
  agreement: { trackingCode: string; stage: string; kind: string; unitCode: string };
  data: Record<string, unknown>;
}

/** Returns how many subscribers want the event: with none, there is no delivery to start. */
export async function queueWebhookEvent(tx: Transaction, event: WebhookEvent): Promise<number> {
  const { active, deletedAt, events } = webhookSubscribers;
  const subscribers = await tx
    .select({ id: webhookSubscribers.id })
    .from(webhookSubscribers)
    .where(
      and(eq(active, true), isNull(deletedAt), or(isNull(events), arrayContains(events, [event.type]))),
    );
  if (subscribers.length === 0) return 0;

  const agreement = { id: event.agreementId, ...event.agreement };
  const rows = subscribers.map((subscriber) => {
    const id = randomUUID();
    const { type, occurredAt, data } = event;

    return {
      id,
      subscriberId: subscriber.id,
      agreementId: event.agreementId,
      seq: event.seq,
      type,
      body: JSON.stringify({ id, type, occurredAt, agreement, data }),
    };
  });
  await tx.insert(webhookDeliveries).values(rows).onConflictDoNothing();

  return subscribers.length;
}

/** Starts the delivery workflow of every undelivered row of this event (idempotent). */
export async function startWebhookDeliveries(deps: ActivityDeps, agreementId: string, seq: number) {
  const { db, config, temporal, logger } = deps;
  const pending = await db
    .select({ id: webhookDeliveries.id })
    .from(webhookDeliveries)
    .where(
      and(
        eq(webhookDeliveries.agreementId, agreementId),
        eq(webhookDeliveries.seq, seq),
        eq(webhookDeliveries.status, 'pending'),
      ),
    );
  if (pending.length === 0) return;
  if (!temporal) {
    // Only workers built without a client (some tests) land here; the rows wait on record.
    logger.warn({ agreementId, seq, deliveries: pending.length }, 'webhook deliveries not started');
    return;
  }

  for (const { id } of pending) {
    const input: WebhookDeliveryInput = {
      deliveryId: id,
      retry: {
        initialIntervalMs: config.WEBHOOK_RETRY_INITIAL_SECONDS * 1000,
        maximumIntervalMs: config.WEBHOOK_RETRY_MAX_INTERVAL_SECONDS * 1000,
        maximumAttempts: config.WEBHOOK_MAX_ATTEMPTS,
      },
      timeoutMs: config.WEBHOOK_TIMEOUT_SECONDS * 1000,
    };
    try {
      await temporal.workflow.start('webhookDeliveryWorkflow', {
        taskQueue: config.TEMPORAL_TASK_QUEUE,
        workflowId: `webhook-${id}`,
        args: [input],
        workflowIdConflictPolicy: 'USE_EXISTING',
        // A delivery that already finished is never started again.
        workflowIdReusePolicy: 'REJECT_DUPLICATE',
      });
    } catch (error) {
      if (!(error instanceof WorkflowExecutionAlreadyStartedError)) throw error;
    }
  }
}
