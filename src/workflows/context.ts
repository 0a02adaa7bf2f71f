/**
 * The running workflow's shared parts: its state, a busy counter that serialises changes
 * (handlers arriving meanwhile wait their turn), and a version that wakes the main loop.
 */
import { ApplicationFailure, condition } from '@temporalio/workflow';
import { rolesText, type Role } from '../domain/glossary.js';
import { refusalMessage, type Refusal } from '../domain/permissions.js';
import type { AgreementState, AgreementWorkflowInput } from './state.js';
import { publishAttributes } from './recording.js';

export interface WorkflowContext {
  input: AgreementWorkflowInput;
  state: AgreementState;
  busy: { count: number };
  changed: { version: number };
}

/**
 * Runs one change at a time and wakes the main loop afterwards. A change that has to wait for
 * another checks its message again (`recheck`) against the state the other left, in the same
 * step as it takes its turn: of two people deciding at once, the second is refused (409).
 */
export async function exclusive<T>(ctx: WorkflowContext, work: () => Promise<T>, recheck?: () => void): Promise<T> {
  while (ctx.busy.count > 0) await condition(() => ctx.busy.count === 0);
  recheck?.();
  ctx.busy.count += 1;
  try {
    return await work();
  } finally {
    ctx.busy.count -= 1;
    ctx.changed.version += 1;
    publishAttributes(ctx.state);
  }
}

export function refusal(refused: Refusal) {
  return ApplicationFailure.nonRetryable(refusalMessage(refused), refused.code, refused);
}

/**
 * Refuses an actor who holds none of `roles` (of `unitCode`, when given). The message names them
 * all in Indonesian; `details.role` stays the first of them, as clients have always read it.
 */
export function roleRefusal(roles: readonly [Role, ...Role[]], unitCode?: string) {
  const unit = unitCode ? ` dari unit ${unitCode}` : '';
  const message = `Tindakan ini memerlukan peran ${rolesText(roles)}${unit}.`;

  return ApplicationFailure.nonRetryable(message, 'role_not_allowed', { code: 'role_not_allowed', role: roles[0] });
}

export function stageRefusal(message: string) {
  return ApplicationFailure.nonRetryable(message, 'stage_moved');
}
