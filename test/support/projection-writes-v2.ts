/**
 * Stand-in for `src/workflows/local-activities.ts` in a test bundle of the second generation of
 * the workflow code (histories `v2-projection-as-local-activities`): projection writes as local
 * activities behind the `projection-writes-as-local-activities` marker, as that code had them.
 * `test/workflow/code-switch.test.ts` bundles it in place of that module with a webpack alias.
 */
import { patched, proxyLocalActivities } from '@temporalio/workflow';
import type { AgreementActivities } from '../../src/activities/types.js';
import { acts } from '../../src/workflows/activities.js';

type ProjectionWrites = Pick<
  AgreementActivities,
  'recordTransition' | 'changeDeadline' | 'recordReport' | 'recordReportReview' | 'planTerm'
>;

const local = proxyLocalActivities<ProjectionWrites>({
  startToCloseTimeout: '10 seconds',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute' },
});

export function projectionWrites(): ProjectionWrites {
  return patched('projection-writes-as-local-activities') ? local : acts;
}
