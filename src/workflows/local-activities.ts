/**
 * Which activities write the projection (the timeline, tasks and agreement row, with the audit
 * entry of a person's change), by generation of the workflow code; the `patched` markers in an
 * agreement's history decide, so every history replays as it was recorded:
 * 1. ordinary activities (no marker);
 * 2. local activities (`projection-writes-as-local-activities`): inside the workflow task that
 *    handles the Update, one trip through the server fewer per decision. Dropped because a
 *    local activity writes before its workflow task is committed: when that task is not
 *    committed, the write stays while the decision never happened, and the projection and the
 *    audit log show a decision the workflow does not have (test/faults/concurrent-load.test.ts
 *    caught one in 200 clients' minute: two people deciding one stage at once, the projection
 *    holding the loser's `reject` at the seq where the workflow holds the winner's `approve`);
 * 3. ordinary activities again (`projection-writes-after-commit`): scheduled by a committed
 *    workflow task, so only decisions in the history are ever written. A workflow of generation
 *    2 switches at its first write after the upgrade.
 */
import { patched, proxyLocalActivities } from '@temporalio/workflow';
import type { AgreementActivities } from '../activities/types.js';
import { acts } from './activities.js';

export const RECORD_LOCALLY_PATCH = 'projection-writes-as-local-activities';
export const AFTER_COMMIT_PATCH = 'projection-writes-after-commit';

type ProjectionWrites = Pick<
  AgreementActivities,
  'recordTransition' | 'changeDeadline' | 'recordReport' | 'recordReportReview' | 'planTerm'
>;

const local = proxyLocalActivities<ProjectionWrites>({
  startToCloseTimeout: '10 seconds',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute' },
});

/** The activities that write the projection in this workflow's generation (see above). */
export function projectionWrites(): ProjectionWrites {
  if (patched(AFTER_COMMIT_PATCH)) return acts;

  return patched(RECORD_LOCALLY_PATCH) ? local : acts;
}
