/**
 * The running workflow's shared parts: its state, a busy counter that serialises changes
 * (handlers arriving meanwhile wait their turn), and a version that wakes the main loop.
 */
import { ApplicationFailure, condition } from '@temporalio/workflow';
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

export function roleRefusal(role: string) {
  return ApplicationFailure.nonRetryable(`Tindakan ini memerlukan peran '${role}'.`, 'role_not_allowed', {
    code: 'role_not_allowed',
    role,
  });
}

export function stageRefusal(message: string) {
  return ApplicationFailure.nonRetryable(message, 'stage_moved');
}
