/**
 * webhookDeliveryWorkflow: delivers one outbox row to its subscriber, retrying with backoff
 * until the subscriber accepts it or the attempts run out (then the row is marked failed and
 * stays on record). One workflow per event and subscriber, id `webhook-<eventId>`, started with
 * USE_EXISTING by the activity that wrote the row, so a retried start delivers nothing twice.
 */
import { ActivityFailure, proxyActivities } from '@temporalio/workflow';
import type {
  WebhookActivities,
  WebhookDeliveryInput,
  WebhookOutcome,
} from '../activities/webhook-types.js';

// One UPDATE: a short timeout, so a worker that died under it delays nothing for long.
const { markWebhookFailed } = proxyActivities<WebhookActivities>({
  startToCloseTimeout: '10 seconds',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute' },
});

export async function webhookDeliveryWorkflow(
  input: WebhookDeliveryInput,
): Promise<WebhookOutcome> {
  // The retry policy comes from configuration through the input, so tests can shorten it.
  const { deliverWebhook } = proxyActivities<WebhookActivities>({
    startToCloseTimeout: input.timeoutMs + 15_000,
    retry: {
      initialInterval: input.retry.initialIntervalMs,
      backoffCoefficient: 2,
      maximumInterval: input.retry.maximumIntervalMs,
      maximumAttempts: input.retry.maximumAttempts,
      nonRetryableErrorTypes: ['delivery_not_found'],
    },
  });

  try {
    return await deliverWebhook({ deliveryId: input.deliveryId });
  } catch (error) {
    if (!(error instanceof ActivityFailure)) throw error;
    const reason = error.cause?.message ?? error.message;
    await markWebhookFailed({ deliveryId: input.deliveryId, reason });

    return 'failed';
  }
}
