/**
 * Which agreement another may hang under (`parentId`): a PKS under a Kesepakatan Bersama, an
 * addendum under the agreement it changes, each only once that parent is signed and running
 * (implementation or evaluation). A PKS under a KSB skips the offer (paths.ts) and must end by
 * the KSB's end date, which only a signed KSB has; an addendum changes a signed agreement.
 */
import type { Instrument } from './glossary.js';
import type { Stage } from './stages.js';

/** The stages of a signed agreement that is still running (status `active`). */
export const RUNNING_STAGES = ['implementation', 'evaluation'] as const satisfies readonly Stage[];

/** Instruments whose parent must be of one of these instruments. */
const PARENT_INSTRUMENTS: Partial<Record<Instrument, readonly Instrument[]>> = { pks: ['ksb'] };

/** Instruments whose parent must be signed and running. */
const NEEDS_RUNNING_PARENT: readonly Instrument[] = ['pks', 'addendum'];

export type ParentRefusal =
  | { rule: 'instrument'; allowed: readonly Instrument[] }
  | { rule: 'stage'; required: readonly Stage[] };

/** Why `parent` cannot carry a new agreement of `child`'s instrument, or null when it can. */
export function parentRefusal(
  child: Instrument,
  parent: { instrument: Instrument; stage: Stage },
): ParentRefusal | null {
  const allowed = PARENT_INSTRUMENTS[child];
  if (allowed && !allowed.includes(parent.instrument)) return { rule: 'instrument', allowed };
  const running = (RUNNING_STAGES as readonly Stage[]).includes(parent.stage);
  if (NEEDS_RUNNING_PARENT.includes(child) && !running) return { rule: 'stage', required: RUNNING_STAGES };

  return null;
}
