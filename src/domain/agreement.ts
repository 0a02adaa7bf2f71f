/**
 * The facts of an agreement (kerja sama) as proposed, shared by the API's input schema, the
 * workflow's input and the projection.
 */
import type { Instrument, Kind, PartnerType } from './glossary.js';
import type { DprdTrigger } from './paths.js';

export interface Partner {
  name: string;
  type: PartnerType;
  /** ISO 3166 alpha-2 code for foreign partners. */
  country?: string;
}

export interface AgreementFacts {
  kind: Kind;
  instrument: Instrument;
  title: string;
  partners: Partner[];
  unitCode: string;
  purpose: string;
  scope: string;
  plannedStart?: string | null;
  durationMonths: number;
  valueIdr?: number | null;
  fundingSource?: string | null;
  dprdTrigger: DprdTrigger;
  initiatedBy: 'region' | 'partner';
  parentId?: string | null;
  confidential: boolean;
}

/** What an addendum (adendum) changes in its parent once signed. */
export interface AgreementChanges {
  /** The parent's new last day (YYYY-MM-DD). */
  newEndDate?: string;
}
