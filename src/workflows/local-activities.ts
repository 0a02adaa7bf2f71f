/**
 * The projection writes a person waits for (a decision, a deadline change, a report and its
 * review, the term planned at signing) run as local activities: inside the workflow task that
 * handles the Update, with no round trip through the server's activity queue. They are short
 * database writes keyed on (agreement, seq), so a repeat after a worker crash writes nothing
 * twice. Workflows that recorded such writes as ordinary activities before this change replay
 * them as such (the `patched` marker decides).
 */
import { patched, proxyLocalActivities } from '@temporalio/workflow';
import type { AgreementActivities } from '../activities/types.js';
import { acts } from './activities.js';

export const RECORD_LOCALLY_PATCH = 'projection-writes-as-local-activities';

type ProjectionWrites = Pick<
  AgreementActivities,
  'recordTransition' | 'changeDeadline' | 'recordReport' | 'recordReportReview' | 'planTerm'
>;

const local = proxyLocalActivities<ProjectionWrites>({
  startToCloseTimeout: '10 seconds',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute' },
});

/** The activities that write the projection, local ones for every workflow run since the patch. */
export function projectionWrites(): ProjectionWrites {
  return patched(RECORD_LOCALLY_PATCH) ? local : acts;
}
