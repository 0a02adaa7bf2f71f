/** The semester recap as CSV: one row per agreement in force, with its monitoring status. */
import {
  INSTRUMENT_LABELS,
  KIND_LABELS,
  type Instrument,
  type Kind,
} from '../../domain/glossary.js';
import { STAGE_LABELS, type Stage } from '../../domain/stages.js';
import { MONITORING_LABELS, type semesterRecap } from '../read/semester-recap.js';
import { csvDocument, partnerCells } from './csv-document.js';

export type SemesterRecap = Awaited<ReturnType<typeof semesterRecap>>;

const HEADER = [
  'Semester',
  'Kode lacak',
  'Jenis kerja sama',
  'Instrumen',
  'Judul',
  'Mitra',
  'Jenis mitra',
  'Perangkat daerah',
  'Tahap',
  'Nomor naskah',
  'Tanggal mulai',
  'Tanggal berakhir',
  'Laporan jatuh tempo',
  'Laporan masuk',
  'Diterima',
  'Dikembalikan',
  'Menunggu telaah',
  'Terlambat',
  'Status monitoring',
];

export function semesterCsv(recap: SemesterRecap): string {
  const semester = `${recap.year}-S${recap.half}`;

  return csvDocument(
    HEADER,
    recap.items.map((item) => [
      semester,
      item.trackingCode,
      KIND_LABELS[item.kind as Kind] ?? item.kind,
      INSTRUMENT_LABELS[item.instrument as Instrument] ?? item.instrument,
      item.title,
      ...partnerCells(item.partners),
      `${item.unitCode} - ${item.unitName}`,
      STAGE_LABELS[item.stage as Stage] ?? item.stage,
      item.ourNumber,
      item.startDate,
      item.endDate,
      item.monitoring.due,
      item.monitoring.filed,
      item.monitoring.accepted,
      item.monitoring.returned,
      item.monitoring.awaitingReview,
      item.monitoring.overdue,
      MONITORING_LABELS[item.monitoring.status],
    ]),
  );
}
