/**
 * deliverWebhook: one attempt to deliver an outbox row, signed with the subscriber's current
 * secret. Each attempt is recorded on the row; anything but a 2xx answer throws, so Temporal
 * retries with backoff. The same body and event id go out every time, so the receiver can drop
 * duplicates by `X-SMK-Event-Id`.
 */
import { ApplicationFailure } from '@temporalio/activity';
import { eq, sql } from 'drizzle-orm';
import { webhookDeliveries, webhookSubscribers } from '../db/schema.js';
import { postWebhook, webhookSignature } from '../infra/webhook-http.js';
import type { ActivityDeps } from './deps.js';
import type { WebhookActivities } from './webhook-types.js';

export function webhookActivities(deps: ActivityDeps): WebhookActivities {
  return {
    deliverWebhook: (input) => deliverWebhook(deps, input.deliveryId),
    markWebhookFailed: async ({ deliveryId, reason }) => {
      await deps.db
        .update(webhookDeliveries)
        .set({ status: 'failed', lastError: reason.slice(0, 1000) })
        .where(eq(webhookDeliveries.id, deliveryId));
      deps.logger.error({ deliveryId }, 'webhook delivery gave up');
    },
  };
}

async function deliverWebhook(deps: ActivityDeps, deliveryId: string) {
  const { db, config, logger } = deps;
  const [row] = await db
    .select({ delivery: webhookDeliveries, subscriber: webhookSubscribers })
    .from(webhookDeliveries)
    .innerJoin(webhookSubscribers, eq(webhookSubscribers.id, webhookDeliveries.subscriberId))
    .where(eq(webhookDeliveries.id, deliveryId));
  if (!row) {
    throw ApplicationFailure.nonRetryable(`delivery ${deliveryId} not found`, 'delivery_not_found');
  }
  const { delivery, subscriber } = row;
  if (delivery.status === 'delivered') return 'delivered';
  if (!subscriber.active || subscriber.deletedAt) {
    await db
      .update(webhookDeliveries)
      .set({ status: 'cancelled' })
      .where(eq(webhookDeliveries.id, deliveryId));
    return 'cancelled';
  }

  const timestamp = String(Math.floor(Date.now() / 1000));
  const headers = {
    'content-type': 'application/json',
    'user-agent': 'SiMboisKer-Webhook/1',
    'x-smk-event-id': delivery.id,
    'x-smk-event-type': delivery.type,
    'x-smk-timestamp': timestamp,
    'x-smk-signature': webhookSignature(subscriber.secret, timestamp, delivery.body),
  };
  let statusCode: number | null = null;
  let failure: string | null = null;
  try {
    statusCode = await postWebhook(new URL(subscriber.url), delivery.body, headers, {
      allowPrivate: config.WEBHOOK_ALLOW_PRIVATE,
      timeoutMs: config.WEBHOOK_TIMEOUT_SECONDS * 1000,
    });
    if (statusCode >= 300 && statusCode < 400) failure = `HTTP ${statusCode}: pengalihan tak diikuti`;
    else if (statusCode < 200 || statusCode >= 300) failure = `HTTP ${statusCode}`;
  } catch (error) {
    failure = (error as Error).message;
  }

  const now = new Date();
  await db
    .update(webhookDeliveries)
    .set({
      attempts: sql`${webhookDeliveries.attempts} + 1`,
      lastStatusCode: statusCode,
      lastError: failure?.slice(0, 1000) ?? null,
      lastAttemptAt: now,
      ...(failure ? {} : { status: 'delivered', deliveredAt: now }),
    })
    .where(eq(webhookDeliveries.id, deliveryId));
  if (failure) {
    logger.warn({ deliveryId, subscriberId: subscriber.id, statusCode }, 'webhook attempt failed');
    throw ApplicationFailure.retryable(failure, 'webhook_attempt_failed');
  }
  logger.info({ deliveryId, subscriberId: subscriber.id, statusCode }, 'webhook delivered');

  return 'delivered';
}
