/** The agreement list as CSV (daftar kerja sama): the same rows and order as the list. */
import {
  INSTRUMENT_LABELS,
  KIND_LABELS,
  type Instrument,
  type Kind,
} from '../../domain/glossary.js';
import { STAGE_LABELS, STATUS_LABELS, type Stage, type Status } from '../../domain/stages.js';
import type { AgreementRow } from '../read/agreement-detail.js';
import { csvDocument, localDateTime, partnerCells } from './csv-document.js';

type ListedRow = Omit<AgreementRow, 'searchVector' | 'searchText'>;

const HEADER = [
  'Kode lacak',
  'Judul',
  'Jenis kerja sama',
  'Instrumen',
  'Mitra',
  'Jenis mitra',
  'Perangkat daerah',
  'Tahap',
  'Status',
  'Batas waktu tahap',
  'Terlambat',
  'Nomor naskah',
  'Tanggal tanda tangan',
  'Tanggal mulai',
  'Tanggal berakhir',
  'Dibuat',
];

export function agreementsCsv(rows: ListedRow[], timeZone: string, now = new Date()): string {
  return csvDocument(
    HEADER,
    rows.map((row) => [
      row.trackingCode,
      row.title,
      KIND_LABELS[row.kind as Kind] ?? row.kind,
      INSTRUMENT_LABELS[row.instrument as Instrument] ?? row.instrument,
      ...partnerCells(row.partners),
      row.unitCode,
      STAGE_LABELS[row.stage as Stage] ?? row.stage,
      STATUS_LABELS[row.status as Status] ?? row.status,
      localDateTime(row.dueAt, timeZone),
      row.overdue || Boolean(row.dueAt && row.dueAt < now) ? 'Ya' : 'Tidak',
      row.ourNumber,
      row.signedAt,
      row.startDate,
      row.endDate,
      localDateTime(row.createdAt, timeZone),
    ]),
  );
}
