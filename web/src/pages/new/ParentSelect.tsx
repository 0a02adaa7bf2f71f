/** Picks the agreement a PKS hangs under (its KSB) or the one an addendum changes. */
import { api } from '../../api/client';
import type { AgreementSummary, Page } from '../../api/types';
import { SelectField } from '../../components/Field';
import { INSTRUMENT_LABELS } from '../../labels';
import { useApi } from '../../useApi';

interface Props {
  instrument: string;
  value: string;
  error?: string;
  onChange(value: string): void;
}

export function ParentSelect({ instrument, value, error, onChange }: Props) {
  const candidates = useApi(
    () =>
      api.get<Page<AgreementSummary>>('/api/agreements', {
        status: 'active',
        instrument: instrument === 'pks' ? 'ksb' : undefined,
        pageSize: 100,
        sort: 'title',
      }),
    [instrument],
  );
  const options: [string, string][] = [
    ['', instrument === 'pks' ? 'Tidak ada (PKS berdiri sendiri)' : 'Pilih kerja sama yang diubah'],
    ...(candidates.data?.items ?? []).map(
      (item) =>
        [item.id, `${item.title} (${INSTRUMENT_LABELS[item.instrument]}, ${item.trackingCode})`] as [string, string],
    ),
  ];

  return (
    <SelectField
      id="parentId"
      label={instrument === 'pks' ? 'Kesepakatan Bersama induk' : 'Kerja sama yang diubah'}
      optional={instrument === 'pks'}
      value={value}
      error={error ?? candidates.error?.message}
      hint={candidates.loading ? 'Memuat kerja sama yang berlaku…' : 'Hanya kerja sama yang sedang berjalan.'}
      options={options}
      onChange={(event) => onChange(event.target.value)}
    />
  );
}
