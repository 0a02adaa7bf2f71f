/**
 * The baselines' workflows: the least a Temporal workflow can be, so that the product's cost is
 * measured against Temporal's own. Bundled apart from the product's workflows.
 */
import { condition, defineUpdate, setHandler, sleep } from '@temporalio/workflow';

export const bumpUpdate = defineUpdate<number, [number]>('bump');
export const readyUpdate = defineUpdate<boolean, []>('ready');

/** A counter that takes Updates for ever: no activity, no projection, one workflow task each. */
export async function counterWorkflow(): Promise<void> {
  let count = 0;
  setHandler(bumpUpdate, (by) => (count += by));
  await condition(() => false);
}

/** Waits on one long timer, as an agreement waits on its due date; answers `ready` at once. */
export async function waitingWorkflow(): Promise<void> {
  setHandler(readyUpdate, () => true);
  await sleep('30 days');
}
