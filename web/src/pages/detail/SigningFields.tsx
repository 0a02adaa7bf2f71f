/** What the verifier records at signing: the date and the numbers each party gave the document. */
import type { Partner } from '../../api/types';
import { TextField } from '../../components/Field';
import { todayLocal } from '../../format';
import { fieldId, type FieldErrors } from '../../validation';

export interface SigningInput {
  signedAt: string;
  ourNumber: string;
  partnerNumbers: string[];
}

export function signingPayload(input: SigningInput) {
  return {
    signedAt: input.signedAt,
    ourNumber: input.ourNumber.trim(),
    partnerNumbers: input.partnerNumbers.map((number) => number.trim()).filter(Boolean),
  };
}

interface Props {
  value: SigningInput;
  partners: Partner[];
  errors: FieldErrors;
  onChange(value: SigningInput): void;
}

export function SigningFields({ value, partners, errors, onChange }: Props) {
  return (
    <fieldset className="signing">
      <legend>Data penandatanganan</legend>
      <div className="grid-2">
        <TextField
          id="signing-signedAt"
          label="Tanggal penandatanganan"
          type="date"
          max={todayLocal()}
          value={value.signedAt}
          error={errors['signing.signedAt']}
          onChange={(event) => onChange({ ...value, signedAt: event.target.value })}
        />
        <TextField
          id="signing-ourNumber"
          label="Nomor naskah pihak daerah"
          value={value.ourNumber}
          error={errors['signing.ourNumber']}
          onChange={(event) => onChange({ ...value, ourNumber: event.target.value })}
        />
        {partners.map((partner, index) => (
          <TextField
            key={index}
            id={fieldId(`signing.partnerNumbers.${index}`)}
            label={`Nomor naskah ${partner.name}`}
            optional
            value={value.partnerNumbers[index] ?? ''}
            error={errors[`signing.partnerNumbers.${index}`]}
            onChange={(event) =>
              onChange({
                ...value,
                partnerNumbers: value.partnerNumbers.map((number, at) => (at === index ? event.target.value : number)),
              })
            }
          />
        ))}
      </div>
    </fieldset>
  );
}
