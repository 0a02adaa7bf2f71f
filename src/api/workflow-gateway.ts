/**
 * The API's only door to Temporal: start an agreement workflow, send it an Update, and turn
 * Temporal's refusals into AppErrors (the validator's code decides the HTTP status).
 */
import {
  WithStartWorkflowOperation,
  WorkflowUpdateFailedError,
  type Client,
  type WorkflowHandle,
} from '@temporalio/client';
import { ApplicationFailure, type UpdateDefinition } from '@temporalio/common';
import type { agreementWorkflow } from '../workflows/agreement-workflow.js';
import { readyUpdate } from '../workflows/messages.js';
import type { AgreementWorkflowInput, DecisionResult } from '../workflows/state.js';
import { AppError, statusForCode } from './errors.js';

export const workflowIdFor = (agreementId: string) => `agreement-${agreementId}`;

export interface WorkflowGateway {
  /**
   * Starts the workflow and returns once its first projection is written. With `reuseExisting`
   * a workflow already running under the agreement's id is joined instead (a register
   * re-import), and one that has already finished is never started again.
   */
  start(
    input: AgreementWorkflowInput,
    options?: { reuseExisting?: boolean },
  ): Promise<DecisionResult>;
  update<Ret, Arg>(
    agreementId: string,
    definition: UpdateDefinition<Ret, [Arg]>,
    arg: Arg,
    updateId?: string,
  ): Promise<Ret>;
  handle(agreementId: string): WorkflowHandle<typeof agreementWorkflow>;
}

export function createWorkflowGateway(client: Client, taskQueue: string): WorkflowGateway {
  return {
    async start(input, options) {
      const startWorkflowOperation = new WithStartWorkflowOperation('agreementWorkflow', {
        taskQueue,
        workflowId: workflowIdFor(input.agreement.agreementId),
        args: [input],
        workflowIdConflictPolicy: options?.reuseExisting ? 'USE_EXISTING' : 'FAIL',
        ...(options?.reuseExisting ? { workflowIdReusePolicy: 'REJECT_DUPLICATE' as const } : {}),
      });

      return guardTemporal(() => client.workflow.executeUpdateWithStart(readyUpdate, { startWorkflowOperation }));
    },
    async update(agreementId, definition, arg, updateId) {
      const handle = client.workflow.getHandle(workflowIdFor(agreementId));
      const send = () => handle.executeUpdate(definition, { args: [arg], updateId });

      return guardTemporal(async () => {
        try {
          return await send();
        } catch (error) {
          // An Update admitted just as the run closed is aborted, never applied. If the run
          // continued as new, the agreement's workflow lives on: send it there once more.
          if (!abortedByClosingRun(error) || (await handle.describe()).status.name !== 'RUNNING') throw error;
          return await send();
        }
      });
    },
    handle: (agreementId) => client.workflow.getHandle<typeof agreementWorkflow>(workflowIdFor(agreementId)),
  };
}

async function guardTemporal<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    throw translate(error);
  }
}

function translate(error: unknown): Error {
  if (error instanceof WorkflowUpdateFailedError && error.cause instanceof ApplicationFailure) {
    const cause = error.cause;
    const code = cause.type ?? 'conflict';
    const details = cause.details?.[0];
    return new AppError(code, cause.message, details ?? undefined, statusForCode(code) ?? 409);
  }
  const name = (error as Error)?.name ?? '';
  const message = (error as Error)?.message ?? '';
  // Temporal answers NOT_FOUND for an agreement that closed a moment ago (a race with another
  // decision): "workflow execution already completed", or the Update "was aborted by closing
  // workflow". That is a stale view (409), not a 404.
  if (/already completed|aborted by closing workflow/i.test(message)) {
    return new AppError('stage_moved', 'Proses kerja sama ini sudah selesai.');
  }
  if (name === 'WorkflowNotFoundError' || /workflow.*not found/i.test(message)) {
    return new AppError('not_found', 'Proses kerja sama tidak ditemukan.');
  }
  const text = `${name} ${message}`;
  if (/UNAVAILABLE|ECONNREFUSED|deadline exceeded|Connection/i.test(text) || unreachable(error)) {
    const unavailable = 'Layanan proses (Temporal) sedang tidak tersedia; coba lagi sebentar lagi.';
    return new AppError('temporal_unavailable', unavailable);
  }

  return error instanceof Error ? error : new Error(String(error));
}

function abortedByClosingRun(error: unknown): boolean {
  return error instanceof Error && /aborted by closing workflow/i.test(error.message);
}

/**
 * The client wraps a gRPC failure in a ServiceError ("Update-With-Start failed") whose cause
 * carries the status: UNAVAILABLE (14) or DEADLINE_EXCEEDED (4) mean the server is out of reach.
 */
function unreachable(error: unknown): boolean {
  for (let cause = error, depth = 0; cause instanceof Error && depth < 5; depth += 1) {
    const code = (cause as { code?: unknown }).code;
    if (code === 14 || code === 4) return true;
    cause = cause.cause;
  }

  return false;
}
