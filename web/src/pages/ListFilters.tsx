/** The filter form of the agreement list; every control is a query parameter of the API. */
import type { FormEvent } from 'react';
import { SelectField, TextField } from '../components/Field';
import {
  INSTRUMENT_LABELS,
  INSTRUMENTS,
  KIND_LABELS,
  KINDS,
  PARTNER_TYPE_LABELS,
  PARTNER_TYPES,
  STAGES,
  stageLabel,
  STATUS_LABELS,
  STATUSES,
} from '../labels';

const any = (label = 'Semua'): [string, string] => ['', label];

const SORTS: [string, string][] = [
  ['-createdAt', 'Terbaru dibuat'],
  ['createdAt', 'Terlama dibuat'],
  ['title', 'Judul A–Z'],
  ['dueAt', 'Batas tahap terdekat'],
  ['endDate', 'Berakhir paling awal'],
  ['stage', 'Tahap'],
];

interface Props {
  values: Record<string, string>;
  onSubmit(event: FormEvent<HTMLFormElement>): void;
  onReset(): void;
}

export function ListFilters({ values, onSubmit, onReset }: Props) {
  const value = (name: string) => values[name] ?? '';

  return (
    <form className="card filters" role="search" aria-label="Cari dan saring kerja sama" onSubmit={onSubmit}>
      <TextField id="q" label="Cari" type="search" defaultValue={value('q')} hint="Judul, tujuan atau nama mitra." />
      <div className="filter-grid">
        <SelectField
          id="kind"
          label="Jenis"
          defaultValue={value('kind')}
          options={[any(), ...KINDS.map((kind) => [kind, KIND_LABELS[kind]] as [string, string])]}
        />
        <SelectField
          id="instrument"
          label="Bentuk"
          defaultValue={value('instrument')}
          options={[any(), ...INSTRUMENTS.map((code) => [code, INSTRUMENT_LABELS[code]] as [string, string])]}
        />
        <SelectField
          id="stage"
          label="Tahap"
          defaultValue={value('stage')}
          options={[any(), ...STAGES.map((stage) => [stage, stageLabel(stage)] as [string, string])]}
        />
        <SelectField
          id="status"
          label="Status"
          defaultValue={value('status')}
          options={[any(), ...STATUSES.map((code) => [code, STATUS_LABELS[code]] as [string, string])]}
        />
        <TextField
          id="unitCode"
          label="Kode perangkat daerah"
          defaultValue={value('unitCode')}
          placeholder="mis. DLH"
        />
        <SelectField
          id="partnerType"
          label="Jenis mitra"
          defaultValue={value('partnerType')}
          options={[any(), ...PARTNER_TYPES.map((code) => [code, PARTNER_TYPE_LABELS[code]] as [string, string])]}
        />
        <TextField
          id="year"
          label="Tahun pengusulan"
          inputMode="numeric"
          defaultValue={value('year')}
          placeholder="mis. 2026"
        />
        <SelectField
          id="overdue"
          label="Keterlambatan"
          defaultValue={value('overdue')}
          options={[any(), ['true', 'Terlambat'], ['false', 'Tepat waktu']]}
        />
        <SelectField
          id="expiringWithinDays"
          label="Berakhir dalam"
          defaultValue={value('expiringWithinDays')}
          options={[any('Kapan saja'), ['30', '30 hari'], ['90', '90 hari'], ['180', '180 hari'], ['365', '1 tahun']]}
        />
        <SelectField id="sort" label="Urutkan" defaultValue={value('sort') || '-createdAt'} options={SORTS} />
        <SelectField
          id="pageSize"
          label="Per halaman"
          defaultValue={value('pageSize') || '20'}
          options={[
            ['10', '10'],
            ['20', '20'],
            ['50', '50'],
            ['100', '100'],
          ]}
        />
      </div>
      <div className="actions">
        <button type="submit" className="button">
          Terapkan
        </button>
        <button type="button" className="button secondary" onClick={onReset}>
          Hapus filter
        </button>
      </div>
    </form>
  );
}
