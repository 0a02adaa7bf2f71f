/**
 * The email delivery activities, as types only: emailDeliveryWorkflow imports this file with
 * `import type`, so no I/O enters the workflow sandbox.
 */
export interface EmailDeliveryInput {
  /** The agreement the emails are about (for the logs), if any. */
  agreementId: string | null;
  /** Business keys of the recorded emails (emails.key) this delivery owns. */
  keys: string[];
  /** Overrides of the retry schedule (tests shorten it); defaults in email-delivery.ts. */
  retry?: Partial<EmailRetry>;
}

export interface EmailRetry {
  /** First wait after a temporary failure; each next wait doubles. */
  initialIntervalMs: number;
  /** Longest wait between two attempts. */
  maximumIntervalMs: number;
  /** After this long without getting through, the emails still pending are marked failed. */
  giveUpAfterMs: number;
}

/** The batch at the end of its delivery. */
export interface EmailDeliveryResult {
  /** Emails of the batch sent (by any attempt, or before the delivery started). */
  sent: number;
  /** Emails of the batch marked failed: refused for good (5xx), or given up on. */
  failed: number;
}

export interface EmailActivities {
  /**
   * Sends what is still pending among `keys`; a permanent refusal (5xx) is marked failed;
   * throws, and so is retried, while any email met a temporary failure.
   */
  deliverEmails(input: EmailBatch): Promise<EmailDeliveryResult>;
  /** After the last attempt: what is still pending stays on record as failed, with `reason`. */
  markEmailsFailed(input: EmailBatch & { reason: string }): Promise<EmailDeliveryResult>;
}

export type EmailBatch = Pick<EmailDeliveryInput, 'agreementId' | 'keys'>;
