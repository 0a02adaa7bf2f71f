/**
 * Where a decision leads: pure functions over the workflow state, kept apart from the
 * workflow's waiting so they read as the process rules.
 */
import { nextStage } from '../domain/paths.js';
import { checkDecision, type Refusal } from '../domain/permissions.js';
import { actingUnitOf } from '../domain/sla.js';
import { STAGE_RULES, type ActiveStage, type Stage } from '../domain/stages.js';
import type { AgreementState, DecisionInput, PendingTask } from './state.js';

export function refuseDecision(state: AgreementState, input: DecisionInput): Refusal | null {
  return checkDecision({
    currentStage: state.stage,
    seenStage: input.stage,
    decision: input.decision,
    actor: input.actor,
    agreementUnitCode: state.unitCode,
  });
}

/** The stage a (valid) decision moves the agreement to. */
export function targetStage(state: AgreementState, decision: string): Stage {
  const stage = state.stage;
  switch (decision) {
    case 'revise':
      return 'revision';
    case 'resubmit':
      return state.returnTo ?? 'verification';
    case 'withdraw':
      return 'withdrawn';
    case 'reject':
      return 'rejected';
    case 'continue':
    case 'amend':
    case 'end':
      // The evaluation decides what follows; the agreement itself runs to its end date.
      return 'evaluation';
    default:
      return nextStage(state.path, stage);
  }
}

/** The human task a stage opens, or null for stages nobody decides (implementation, terminal). */
export function taskFor(state: AgreementState, stage: Stage, seq: number): PendingTask | null {
  const rule = STAGE_RULES[stage as ActiveStage];
  if (!rule) return null;

  return {
    key: `${stage}#${seq}`,
    stage: stage as ActiveStage,
    role: rule.role,
    unitCode: actingUnitOf(rule.role, state.unitCode),
    startedAt: new Date().toISOString(),
    dueAt: null,
    nextAlarmAt: null,
    remindersSent: 0,
    escalatedTo: null,
  };
}
