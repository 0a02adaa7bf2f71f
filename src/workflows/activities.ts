/** The activity stubs of the agreement workflow: timeouts and retries set once, here. */
import { proxyActivities } from '@temporalio/workflow';
import type { AgreementActivities } from '../activities/types.js';

/**
 * The timeout is how long a change waits after its worker died before the attempt is retried
 * elsewhere, while the agreement's other changes wait their turn: keep it short. The
 * activities only touch PostgreSQL and start delivery workflows (emails and webhooks go out
 * from those). Measured on two cores: 4 s at most in a storm of 1,000 reminders at once (9 s
 * with the machine busy besides), 11 s at most with 200 clients overloading it. A longer
 * attempt is retried, which is safe (every write is keyed) but adds load, hence the margin.
 */
export const acts = proxyActivities<AgreementActivities>({
  startToCloseTimeout: '15 seconds',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute' },
});

/** Workflow time as an ISO string: what activities compute from, never their own clock. */
export const nowIso = () => new Date().toISOString();
