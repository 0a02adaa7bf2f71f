/** The activity stubs of the agreement workflow: timeouts and retries set once, here. */
import { proxyActivities } from '@temporalio/workflow';
import type { AgreementActivities } from '../activities/types.js';

export const acts = proxyActivities<AgreementActivities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute' },
});

/** Workflow time as an ISO string: what activities compute from, never their own clock. */
export const nowIso = () => new Date().toISOString();
