/**
 * The vocabulary of the product: each English code with its Indonesian term, the words users
 * see. One place, so the API, the emails and the portal say the same thing.
 */
export const KINDS = ['ksdd', 'ksdpk', 'ksdpl', 'ksdll', 'sinergi'] as const;
export type Kind = (typeof KINDS)[number];

export const KIND_LABELS: Record<Kind, string> = {
  ksdd: 'Kerja Sama Daerah dengan Daerah Lain',
  ksdpk: 'Kerja Sama Daerah dengan Pihak Ketiga',
  ksdpl: 'Kerja Sama Daerah dengan Pemerintah Daerah di Luar Negeri',
  ksdll: 'Kerja Sama Daerah dengan Lembaga di Luar Negeri',
  sinergi: 'Sinergi Pemerintah Pusat dan Daerah',
};

export const INSTRUMENTS = ['ksb', 'pks', 'nk', 'loi', 'addendum'] as const;
export type Instrument = (typeof INSTRUMENTS)[number];

export const INSTRUMENT_LABELS: Record<Instrument, string> = {
  ksb: 'Kesepakatan Bersama',
  pks: 'Perjanjian Kerja Sama',
  nk: 'Nota Kesepakatan',
  loi: 'Letter of Intent',
  addendum: 'Adendum',
};

export const PARTNER_TYPES = [
  'pemda',
  'kementerian_lembaga',
  'bumn_bumd',
  'swasta',
  'perguruan_tinggi',
  'ormas',
  'perorangan',
  'pemda_luar_negeri',
  'lembaga_luar_negeri',
] as const;
export type PartnerType = (typeof PARTNER_TYPES)[number];

export const PARTNER_TYPE_LABELS: Record<PartnerType, string> = {
  pemda: 'Pemerintah daerah',
  kementerian_lembaga: 'Kementerian/lembaga',
  bumn_bumd: 'BUMN/BUMD',
  swasta: 'Badan usaha swasta',
  perguruan_tinggi: 'Perguruan tinggi',
  ormas: 'Organisasi kemasyarakatan',
  perorangan: 'Perorangan',
  pemda_luar_negeri: 'Pemerintah daerah di luar negeri',
  lembaga_luar_negeri: 'Lembaga di luar negeri',
};

/** Roles (peran). A user may hold several. */
export const ROLES = [
  'initiator', // pemrakarsa: staff of an office (perangkat daerah)
  'unit_head', // kepala perangkat daerah; Kabag for PEM and HUKUM
  'verifier', // Bagian Pemerintahan, the cooperation secretariat
  'legal', // Bagian Hukum
  'tkksd', // secretary of the Tim Koordinasi Kerja Sama Daerah
  'approver', // Sekretaris Daerah (Sekda)
  'head', // Wali Kota
  'auditor', // Inspektorat
  'admin',
] as const;
export type Role = (typeof ROLES)[number];

export const ROLE_LABELS: Record<Role, string> = {
  initiator: 'Pemrakarsa',
  unit_head: 'Kepala Perangkat Daerah',
  verifier: 'Verifikator (Bagian Pemerintahan)',
  legal: 'Bagian Hukum',
  tkksd: 'Sekretariat TKKSD',
  approver: 'Sekretaris Daerah',
  head: 'Wali Kota',
  auditor: 'Auditor (Inspektorat)',
  admin: 'Administrator',
};

/** Where a monitoring report (laporan monitoring) stands after it is filed. */
export const REPORT_STATUSES = ['submitted', 'accepted', 'returned'] as const;
export type ReportStatus = (typeof REPORT_STATUSES)[number];

export const REPORT_STATUS_LABELS: Record<ReportStatus, string> = {
  submitted: 'Menunggu telaah',
  accepted: 'Diterima',
  returned: 'Dikembalikan',
};

/** Roles named in a sentence: "Pemrakarsa atau Kepala Perangkat Daerah". */
export function rolesText(roles: readonly Role[]): string {
  return roles.map((role) => ROLE_LABELS[role]).join(' atau ');
}
