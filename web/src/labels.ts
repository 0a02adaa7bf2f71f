/**
 * Words the portal shows for the API's codes. The shared glossary of src/domain comes first;
 * the few labels only the portal needs live here.
 */
export {
  INSTRUMENT_LABELS,
  INSTRUMENTS,
  KIND_LABELS,
  KINDS,
  PARTNER_TYPE_LABELS,
  PARTNER_TYPES,
  ROLE_LABELS,
} from '../../src/domain/glossary';
export {
  ACTIVE_STAGES,
  DECISION_LABELS,
  STAGE_LABELS,
  STAGE_RULES,
  STAGES,
  STATUS_LABELS,
  STATUSES,
  TERMINAL_STAGES,
} from '../../src/domain/stages';
export { DOCUMENT_TYPE_LABELS, DOCUMENT_TYPES, mayUpload } from '../../src/domain/documents';
import { requiredDocuments, type DocumentType } from '../../src/domain/documents';
import type { Instrument, Role } from '../../src/domain/glossary';
import { ROLE_LABELS } from '../../src/domain/glossary';
import { STAGE_LABELS, type Stage } from '../../src/domain/stages';

export const REPORT_STATUS_LABELS: Record<string, string> = {
  submitted: 'Menunggu telaah',
  accepted: 'Diterima',
  returned: 'Dikembalikan',
};

/** Reasons for early termination (domain.md); the codes are the API's. */
export const TERMINATION_REASON_LABELS: Record<string, string> = {
  agreed_by_parties: 'Kesepakatan para pihak',
  goal_achieved: 'Tujuan telah tercapai',
  force_majeure: 'Keadaan kahar (force majeure)',
  breach: 'Salah satu pihak melanggar',
  replaced: 'Diganti dengan kerja sama baru',
  new_law: 'Peraturan baru',
  object_lost: 'Objek kerja sama hilang atau musnah',
  national_interest: 'Kepentingan nasional',
};

/**
 * The document a user would most likely upload now: the one the stage's main decision needs
 * (src/domain/documents), when this user may upload it.
 */
export function suggestedDocumentType(
  stage: Stage,
  instrument: Instrument,
  uploadable: readonly DocumentType[],
): DocumentType {
  const decision = stage === 'draft' || stage === 'drafting' ? 'submit' : 'approve';
  const needed = requiredDocuments(stage, decision, instrument).find((type) => uploadable.includes(type));
  if (needed) return needed;
  if (stage === 'implementation' && uploadable.includes('laporan_monitoring')) return 'laporan_monitoring';

  return (['lainnya', 'berita_acara'] as const).find((type) => uploadable.includes(type)) ?? uploadable[0] ?? 'lainnya';
}

export const TIMELINE_TYPE_LABELS: Record<string, string> = {
  created: 'Dibuat',
  decision: 'Keputusan',
  system: 'Perubahan otomatis',
  termination: 'Pengakhiran',
  imported: 'Diimpor dari register',
  deadline: 'Batas waktu diubah',
  report: 'Laporan monitoring',
  report_filed: 'Laporan monitoring dikirim',
  report_reviewed: 'Laporan monitoring ditelaah',
  addendum_signed: 'Adendum ditandatangani',
  parent_closed: 'Kerja sama induk ditutup',
};

/** Decisions on monitoring reports, which share the timeline with stage decisions. */
export const REPORT_DECISION_LABELS: Record<string, string> = {
  accept: 'Laporan diterima',
  return: 'Laporan dikembalikan',
};

export const stageLabel = (stage: string) => STAGE_LABELS[stage as Stage] ?? stage;
export const roleLabel = (role: string | null | undefined) => (role ? (ROLE_LABELS[role as Role] ?? role) : '—');
export const labelOf = (labels: Record<string, string>, code: string | null | undefined) =>
  code ? (labels[code] ?? code) : '—';

/** Acting officials: `plt` (pelaksana tugas, a vacant office) and `plh` (pelaksana harian, an absence). */
export const DELEGATION_TITLE_LABELS: Record<string, string> = {
  plt: 'Plt. (Pelaksana Tugas)',
  plh: 'Plh. (Pelaksana Harian)',
};
export const DELEGATION_TITLE_SHORT: Record<string, string> = { plt: 'Plt.', plh: 'Plh.' };
/** Roles the API refuses to hand on (routes/delegations.ts): oversight and administration. */
export const NOT_DELEGABLE_ROLES: readonly Role[] = ['auditor', 'admin'];

export const HOLIDAY_KIND_LABELS: Record<string, string> = {
  libur_nasional: 'Libur nasional',
  cuti_bersama: 'Cuti bersama',
};
