/**
 * Stand-in for `src/workflows/local-activities.ts` in a test bundle of the first generation of
 * the workflow code (histories `v1-projection-as-activities`). Before the patch, `record` and
 * the handlers called the ordinary activity stubs directly and never called `patched()`, so no
 * patch marker was written: returning `acts` here gives the bundle exactly that behaviour while
 * every other module stays the current one. `test/workflow/code-switch.test.ts` bundles it
 * in place of that module with a webpack alias.
 */
import { acts } from '../../src/workflows/activities.js';

export function projectionWrites() {
  return acts;
}
