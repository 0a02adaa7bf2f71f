/** The partners (mitra) of a new agreement: one or more, each with its type and, abroad, country. */
import { SelectField, TextField } from '../../components/Field';
import { PARTNER_TYPE_LABELS, PARTNER_TYPES } from '../../labels';
import { fieldId, type FieldErrors } from '../../validation';

export interface PartnerInput {
  name: string;
  type: string;
  country: string;
}

const FOREIGN = new Set(['pemda_luar_negeri', 'lembaga_luar_negeri']);

export const emptyPartner = (): PartnerInput => ({ name: '', type: 'pemda', country: '' });

export function partnerPayload(partner: PartnerInput) {
  const country = partner.country.trim().toUpperCase();

  return {
    name: partner.name.trim(),
    type: partner.type,
    ...(FOREIGN.has(partner.type) && country ? { country } : {}),
  };
}

interface Props {
  partners: PartnerInput[];
  errors: FieldErrors;
  onChange(partners: PartnerInput[]): void;
}

export function PartnersFieldset({ partners, errors, onChange }: Props) {
  const update = (index: number, patch: Partial<PartnerInput>) =>
    onChange(partners.map((partner, at) => (at === index ? { ...partner, ...patch } : partner)));

  return (
    <fieldset className="card">
      <legend>Mitra kerja sama</legend>
      {errors.partners ? (
        <p className="field-error" id="partners-error">
          {errors.partners}
        </p>
      ) : null}
      {partners.map((partner, index) => {
        const key = (field: string) => `partners.${index}.${field}`;
        return (
          <div className="partner-row" key={index} role="group" aria-label={`Mitra ${index + 1}`}>
            <TextField
              id={fieldId(key('name'))}
              label={`Nama mitra ${index + 1}`}
              value={partner.name}
              error={errors[key('name')]}
              onChange={(event) => update(index, { name: event.target.value })}
            />
            <SelectField
              id={fieldId(key('type'))}
              label="Jenis mitra"
              value={partner.type}
              error={errors[key('type')]}
              options={PARTNER_TYPES.map((type) => [type, PARTNER_TYPE_LABELS[type]])}
              onChange={(event) => update(index, { type: event.target.value })}
            />
            {FOREIGN.has(partner.type) ? (
              <TextField
                id={fieldId(key('country'))}
                label="Kode negara"
                hint="Dua huruf ISO 3166, mis. JP untuk Jepang."
                maxLength={2}
                value={partner.country}
                error={errors[key('country')]}
                onChange={(event) => update(index, { country: event.target.value })}
              />
            ) : null}
            {partners.length > 1 ? (
              <button
                type="button"
                className="button link"
                onClick={() => onChange(partners.filter((_, at) => at !== index))}
              >
                Hapus mitra {index + 1}
              </button>
            ) : null}
          </div>
        );
      })}
      <button type="button" className="button secondary" onClick={() => onChange([...partners, emptyPartner()])}>
        + Tambah mitra
      </button>
    </fieldset>
  );
}
