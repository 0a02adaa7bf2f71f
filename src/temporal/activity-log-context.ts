/**
 * Gives every log line written during an activity its agreement id, workflow id and activity
 * name (log-context.ts), and logs each execution: debug when it starts and ends, warn when an
 * attempt fails and Temporal will retry it.
 */
import type { Context } from '@temporalio/activity';
import type { ActivityInterceptorsFactory } from '@temporalio/worker';
import type { Logger } from 'pino';
import { withLogFields } from '../log-context.js';

const WORKFLOW_ID = /^agreement-([0-9a-f-]{36})$/;

export function activityLogContext(logger: Logger): ActivityInterceptorsFactory {
  return (context: Context) => ({
    inbound: {
      execute: (input, next) => {
        const { activityType, attempt, workflowExecution } = context.info;
        const workflowId = workflowExecution?.workflowId;
        const agreementId = agreementIdOf(input.args[0]) ?? WORKFLOW_ID.exec(workflowId ?? '')?.[1];
        const fields = { agreementId, workflowId, activity: activityType, attempt };

        return withLogFields(fields, async () => {
          const started = Date.now();
          logger.debug('activity started');
          try {
            const result = await next(input);
            logger.debug({ durationMs: Date.now() - started }, 'activity completed');
            return result;
          } catch (error) {
            logger.warn(
              { err: error, durationMs: Date.now() - started },
              'activity attempt failed',
            );
            throw error;
          }
        });
      },
    },
  });
}

function agreementIdOf(input: unknown): string | undefined {
  const value = (input as { agreementId?: unknown } | null)?.agreementId;

  return typeof value === 'string' ? value : undefined;
}
