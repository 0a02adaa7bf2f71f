/**
 * The webhook event each projection write reports (see src/domain/webhook-events.ts). Small
 * builders, so the activities that write projections add one line each to their transaction.
 */
import type { ReminderInput, TermNoticeInput, TransitionInput } from './types.js';
import type { WebhookEvent } from './webhook-outbox.js';

interface AgreementFacts {
  trackingCode: string;
  stage: string;
  kind: string;
  unitCode: string;
  endDate?: string | null;
}

/** A stage change or a decision; null for writes that change no stage (a deadline). */
export function transitionEvent(
  input: TransitionInput,
  agreement: AgreementFacts,
): WebhookEvent | null {
  if (input.type === 'deadline') return null;
  const decided = input.type === 'decision' || input.type === 'termination';
  const { actor } = input;

  return {
    agreementId: input.agreementId,
    seq: input.seq,
    type: decided ? 'agreement.decision' : 'agreement.stage_changed',
    occurredAt: input.at,
    agreement: { ...facts(agreement), stage: input.toStage },
    data: {
      cause: input.type,
      fromStage: input.fromStage,
      toStage: input.toStage,
      status: input.status,
      decision: input.decision ?? null,
      actor: actor
        ? { username: actor.username, role: actor.role ?? null, actingFor: actor.actingFor ?? null }
        : null,
    },
  };
}

export function overdueTaskEvent(input: ReminderInput, agreement: AgreementFacts): WebhookEvent {
  const { task } = input;

  return {
    agreementId: input.agreementId,
    seq: input.seq,
    type: 'task.overdue',
    occurredAt: input.at,
    agreement: facts(agreement),
    data: {
      stage: task.stage,
      role: task.role,
      unitCode: task.unitCode,
      dueAt: task.dueAt,
      reminderNo: input.reminderNo,
      escalatedTo: input.escalateTo,
    },
  };
}

export function expiryAlertEvent(input: TermNoticeInput, agreement: AgreementFacts): WebhookEvent {
  return {
    agreementId: input.agreementId,
    seq: input.seq,
    type: 'agreement.expiry_alert',
    occurredAt: input.at,
    agreement: facts(agreement),
    data: { daysBefore: input.event.daysBefore ?? 0, endDate: agreement.endDate ?? null },
  };
}

function facts({ trackingCode, stage, kind, unitCode }: AgreementFacts) {
  return { trackingCode, stage, kind, unitCode };
}
