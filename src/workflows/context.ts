/**
 * The running workflow's shared parts: its state, a busy counter that serialises changes
 * (handlers arriving meanwhile are refused as busy), and a version that wakes the main loop.
 */
import { ApplicationFailure } from '@temporalio/workflow';
import { refusalMessage, type Refusal } from '../domain/permissions.js';
import type { AgreementState, AgreementWorkflowInput } from './state.js';
import { publishAttributes } from './recording.js';

export interface WorkflowContext {
  input: AgreementWorkflowInput;
  state: AgreementState;
  busy: { count: number };
  changed: { version: number };
}

/** Runs one change at a time and wakes the main loop afterwards. */
export async function exclusive<T>(ctx: WorkflowContext, work: () => Promise<T>): Promise<T> {
  ctx.busy.count += 1;
  try {
    return await work();
  } finally {
    ctx.busy.count -= 1;
    ctx.changed.version += 1;
    publishAttributes(ctx.state);
  }
}

export function guardIdle(ctx: WorkflowContext) {
  if (ctx.busy.count > 0) {
    throw ApplicationFailure.nonRetryable('Perubahan lain sedang diproses; muat ulang lalu coba lagi.', 'busy');
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
