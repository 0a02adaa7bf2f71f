/**
 * The events a webhook subscriber receives (integrasi SPBE). Each is one JSON body:
 * `{id, type, occurredAt, agreement: {id, trackingCode, stage, kind, unitCode}, data}`.
 */
export const WEBHOOK_EVENT_TYPES = [
  /** The stage moved without a decision: created, imported, evaluation opened, ended. */
  'agreement.stage_changed',
  /** Someone decided (or terminated); `data` has the decision and both stages. */
  'agreement.decision',
  /** A task is past its due date and a reminder (or escalation) went out. */
  'task.overdue',
  /** The term ends in `data.daysBefore` days (180, 90, 60, 30, 7, 0). */
  'agreement.expiry_alert',
] as const;
export type WebhookEventType = (typeof WEBHOOK_EVENT_TYPES)[number];
