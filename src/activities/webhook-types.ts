/**
 * The webhook delivery activities, as types only: webhookDeliveryWorkflow imports this file
 * with `import type`, so no I/O enters the workflow sandbox.
 */
export interface WebhookDeliveryInput {
  /** The outbox row (webhook_deliveries.id), which is also the event id the subscriber sees. */
  deliveryId: string;
  retry: { initialIntervalMs: number; maximumIntervalMs: number; maximumAttempts: number };
  /** Longest time one attempt may take. */
  timeoutMs: number;
}

export type WebhookOutcome = 'delivered' | 'cancelled' | 'failed';

export interface WebhookActivities {
  /** One attempt; throws (and so is retried) unless the subscriber answered 2xx. */
  deliverWebhook(input: { deliveryId: string }): Promise<Exclude<WebhookOutcome, 'failed'>>;
  /** After the last attempt: the row stays on record as failed. */
  markWebhookFailed(input: { deliveryId: string; reason: string }): Promise<void>;
}
