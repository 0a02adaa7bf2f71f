/**
 * The planned path (alur) of an agreement: which stages it passes, in order. Defined once as
 * data and used by the workflow (where to go next) and the API (what the detail and the public
 * view show). Rules from PP 28/2018 and Permendagri 22/2020 and 25/2020, see domain.md.
 */
import type { Instrument, Kind } from './glossary.js';
import type { ActiveStage, Stage } from './stages.js';

export interface DprdTrigger {
  /** The agreement burdens the public or the region (membebani masyarakat/daerah). */
  burdensPublic: boolean;
  /** Its funding is not in this year's budget (belum dianggarkan dalam APBD). */
  unbudgeted: boolean;
}

export interface PathFacts {
  kind: Kind;
  instrument: Instrument;
  initiatedBy: 'region' | 'partner';
  dprdTrigger: DprdTrigger;
  /** Set when the agreement hangs under another (a PKS under its KSB, an addendum). */
  parentId?: string | null;
}

const REGIONAL: readonly ActiveStage[] = [
  'draft',
  'verification',
  'tkksd_review',
  'offer',
  'drafting',
  'legal_review',
  'leadership_approval',
  'dprd_approval',
  'ministry_approval',
  'signing',
  'implementation',
  'evaluation',
];

/** The stages this agreement will pass, in order, ending with its natural terminal stage. */
export function planPath(facts: PathFacts): Stage[] {
  const foreign = facts.kind === 'ksdpl' || facts.kind === 'ksdll';
  const dprd = foreign || facts.dprdTrigger.burdensPublic || facts.dprdTrigger.unbudgeted;

  if (facts.instrument === 'addendum') {
    const stages: Stage[] = ['draft', 'verification', 'drafting', 'legal_review', 'leadership_approval'];
    if (dprd) stages.push('dprd_approval');

    return [...stages, 'signing', 'ended'];
  }

  const skipOffer =
    facts.kind === 'sinergi' ||
    facts.initiatedBy === 'partner' ||
    (facts.instrument === 'pks' && Boolean(facts.parentId));
  const stages = REGIONAL.filter((stage) => {
    if (stage === 'offer') return !skipOffer;
    if (stage === 'dprd_approval') return dprd && facts.kind !== 'sinergi';
    if (stage === 'ministry_approval') return foreign;
    return true;
  });

  return [...stages, 'ended'];
}

/** The stage after `stage` on this path (the terminal `ended` after the last). */
export function nextStage(path: readonly Stage[], stage: Stage): Stage {
  const index = path.indexOf(stage);
  if (index < 0 || index === path.length - 1) {
    throw new Error(`stage ${stage} is not on the path ${path.join(' > ')}`);
  }

  return path[index + 1]!;
}
