/**
 * Documents of an agreement (dokumen): their types, the Indonesian words for them, which must
 * exist before a decision may pass, and who may upload which. Pure, so the API and tests share
 * one rule (domain.md, "Documents").
 */
import type { Instrument, Role } from './glossary.js';
import type { Decision, Stage } from './stages.js';

export const DOCUMENT_TYPES = [
  'kak',
  'kajian',
  'surat_penawaran',
  'tanggapan_mitra',
  'draft_ksb',
  'draft_pks',
  'draft_nk',
  'signed_ksb',
  'signed_pks',
  'signed_nk',
  'surat_dprd',
  'surat_kementerian',
  'berita_acara',
  'addendum',
  'laporan_monitoring',
  'surat_pengakhiran',
  'lainnya',
] as const;
export type DocumentType = (typeof DOCUMENT_TYPES)[number];

export const DOCUMENT_TYPE_LABELS: Record<DocumentType, string> = {
  kak: 'Kerangka Acuan Kerja (KAK)',
  kajian: 'Kajian kelayakan',
  surat_penawaran: 'Surat penawaran',
  tanggapan_mitra: 'Surat tanggapan mitra',
  draft_ksb: 'Rancangan Kesepakatan Bersama',
  draft_pks: 'Rancangan Perjanjian Kerja Sama',
  draft_nk: 'Rancangan Nota Kesepakatan dan Rencana Kerja',
  signed_ksb: 'Kesepakatan Bersama yang ditandatangani',
  signed_pks: 'Perjanjian Kerja Sama yang ditandatangani',
  signed_nk: 'Nota Kesepakatan yang ditandatangani',
  surat_dprd: 'Surat persetujuan DPRD',
  surat_kementerian: 'Surat persetujuan/pertimbangan kementerian',
  berita_acara: 'Berita acara',
  addendum: 'Adendum',
  laporan_monitoring: 'Bukti laporan monitoring',
  surat_pengakhiran: 'Surat pengakhiran',
  lainnya: 'Dokumen lainnya',
};

/**
 * The text of each instrument, as draft and as signed. A letter of intent has no types of its
 * own; it is a short framework statement like a KSB, so its text is filed as `draft_ksb` and
 * `signed_ksb`. An addendum has one type for both: the signed scan is a new version of it.
 */
const INSTRUMENT_TEXT: Record<Instrument, { draft: DocumentType; signed: DocumentType }> = {
  ksb: { draft: 'draft_ksb', signed: 'signed_ksb' },
  pks: { draft: 'draft_pks', signed: 'signed_pks' },
  nk: { draft: 'draft_nk', signed: 'signed_nk' },
  loi: { draft: 'draft_ksb', signed: 'signed_ksb' },
  addendum: { draft: 'addendum', signed: 'addendum' },
};

/** The documents that must be stored before `decision` may pass at `stage`. */
export function requiredDocuments(
  stage: Stage,
  decision: Decision,
  instrument: Instrument,
): DocumentType[] {
  if (stage === 'draft' && decision === 'submit') return ['kak'];
  if (stage === 'drafting' && decision === 'submit') return [INSTRUMENT_TEXT[instrument].draft];
  if (decision !== 'approve') return [];
  if (stage === 'offer') return ['tanggapan_mitra'];
  if (stage === 'dprd_approval') return ['surat_dprd'];
  if (stage === 'ministry_approval') return ['surat_kementerian'];
  if (stage === 'signing') return [INSTRUMENT_TEXT[instrument].signed];

  return [];
}

/** Those of `required` not among `stored`, in the order they were required. */
export function missingDocuments(
  required: readonly DocumentType[],
  stored: readonly string[],
): DocumentType[] {
  return required.filter((type) => !stored.includes(type));
}

/** "Kerangka Acuan Kerja (KAK) (kak), Surat tanggapan mitra (tanggapan_mitra)" */
export function describeDocuments(types: readonly DocumentType[]): string {
  return types.map((type) => `${DOCUMENT_TYPE_LABELS[type]} (${type})`).join(', ');
}

/**
 * Letters the verifier records (domain.md: the verifier records the offer letter, the
 * partner's reply, the DPRD and ministry letters and the signed text), plus the minutes and
 * the termination letter of steps the verifier runs. The initiating office uploads anything.
 */
export const VERIFIER_DOCUMENT_TYPES: readonly DocumentType[] = [
  'surat_penawaran',
  'tanggapan_mitra',
  'surat_dprd',
  'surat_kementerian',
  'signed_ksb',
  'signed_pks',
  'signed_nk',
  'addendum',
  'berita_acara',
  'surat_pengakhiran',
];

/**
 * May this actor upload a document of `type` to an agreement of `agreementUnitCode`?
 * Initiators of the agreement's own office may upload every type; the verifier the letters
 * above, on any agreement it can see. Everyone else only reads.
 */
export function mayUpload(
  actor: { roles: readonly Role[]; unitCode: string },
  type: DocumentType,
  agreementUnitCode: string,
): boolean {
  if (actor.roles.includes('initiator') && actor.unitCode === agreementUnitCode) return true;

  return actor.roles.includes('verifier') && VERIFIER_DOCUMENT_TYPES.includes(type);
}
