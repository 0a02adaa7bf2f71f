/** The new-agreement form's values and the JSON body of POST /api/agreements built from them. */
import { partnerPayload, type PartnerInput } from './PartnersFieldset';

export interface AgreementInput {
  kind: string;
  instrument: string;
  initiatedBy: 'region' | 'partner';
  parentId: string;
  title: string;
  purpose: string;
  scope: string;
  partners: PartnerInput[];
  plannedStart: string;
  durationMonths: string;
  valueIdr: string;
  fundingSource: string;
  burdensPublic: boolean;
  unbudgeted: boolean;
  confidential: boolean;
}

/** Empty optional fields are left out; numbers are sent as numbers (rupiah without dots). */
export function agreementPayload(input: AgreementInput, unitCode: string) {
  const optional = (value: string) => (value.trim() === '' ? undefined : value.trim());
  const number = (value: string) => (value.trim() === '' ? undefined : Number(value.replace(/[.\s]|^Rp/gi, '')));

  return {
    kind: input.kind,
    instrument: input.instrument,
    title: input.title.trim(),
    partners: input.partners.map(partnerPayload),
    unitCode,
    purpose: input.purpose.trim(),
    scope: input.scope.trim(),
    plannedStart: optional(input.plannedStart),
    durationMonths: number(input.durationMonths),
    valueIdr: number(input.valueIdr),
    fundingSource: optional(input.fundingSource),
    dprdTrigger: { burdensPublic: input.burdensPublic, unbudgeted: input.unbudgeted },
    initiatedBy: input.initiatedBy,
    parentId: optional(input.parentId),
    confidential: input.confidential,
  };
}

export const INITIAL_INPUT: AgreementInput = {
  kind: 'ksdd',
  instrument: 'ksb',
  initiatedBy: 'region',
  parentId: '',
  title: '',
  purpose: '',
  scope: '',
  partners: [{ name: '', type: 'pemda', country: '' }],
  plannedStart: '',
  durationMonths: '12',
  valueIdr: '',
  fundingSource: '',
  burdensPublic: false,
  unbudgeted: false,
  confidential: false,
};
