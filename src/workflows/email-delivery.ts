/**
 * emailDeliveryWorkflow: sends one batch of recorded emails, retrying with backoff while the
 * mail server is down or answers 4xx; what has not got through after three days is marked
 * failed and stays on record. Started with USE_EXISTING by the activity that recorded the
 * batch, under an id derived from its keys (`email-<hash>`), so a retried start sends nothing
 * twice; the agreement's own workflow never waits for the mail server.
 */
import { ActivityFailure, proxyActivities } from '@temporalio/workflow';
import type {
  EmailActivities,
  EmailDeliveryInput,
  EmailDeliveryResult,
  EmailRetry,
} from '../activities/email-types.js';

const DEFAULT_RETRY: EmailRetry = {
  initialIntervalMs: 1_000,
  maximumIntervalMs: 60_000,
  giveUpAfterMs: 3 * 24 * 60 * 60 * 1000,
};

const { markEmailsFailed } = proxyActivities<EmailActivities>({
  startToCloseTimeout: '10 seconds',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute' },
});

export async function emailDeliveryWorkflow(
  input: EmailDeliveryInput,
): Promise<EmailDeliveryResult> {
  const retry = { ...DEFAULT_RETRY, ...input.retry };
  // One attempt is a few SMTP conversations, each well under the heartbeat timeout.
  const { deliverEmails } = proxyActivities<EmailActivities>({
    startToCloseTimeout: '2 minutes',
    heartbeatTimeout: '20 seconds',
    scheduleToCloseTimeout: retry.giveUpAfterMs,
    retry: {
      initialInterval: retry.initialIntervalMs,
      backoffCoefficient: 2,
      maximumInterval: retry.maximumIntervalMs,
    },
  });

  const batch = { agreementId: input.agreementId, keys: input.keys };
  try {
    return await deliverEmails(batch);
  } catch (error) {
    if (!(error instanceof ActivityFailure)) throw error;

    return markEmailsFailed({ ...batch, reason: innermostMessage(error) });
  }
}

/** A timeout after the last retry carries the last attempt's failure as its cause. */
function innermostMessage(error: Error): string {
  let inner = error;
  while (inner.cause instanceof Error) inner = inner.cause;

  return inner.message;
}
