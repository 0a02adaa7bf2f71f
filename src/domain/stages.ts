/**
 * Stages (tahapan) of an agreement, their acting role and the decisions each accepts.
 * Terminal values live in `stage` too; `status` is the coarse grouping of the contract.
 */
import type { Role } from './glossary.js';

export const ACTIVE_STAGES = [
  'draft', // penyusunan usulan
  'verification', // verifikasi berkas
  'tkksd_review', // telaah TKKSD
  'offer', // penawaran & tanggapan mitra
  'drafting', // penyusunan naskah KSB/PKS/NK
  'legal_review', // telaah hukum
  'leadership_approval', // persetujuan pimpinan
  'dprd_approval', // persetujuan DPRD
  'ministry_approval', // persetujuan Kemendagri / pertimbangan Kemenlu
  'signing', // penandatanganan
  'implementation', // pelaksanaan
  'evaluation', // evaluasi menjelang berakhir
  'revision', // perbaikan
] as const;
export const TERMINAL_STAGES = ['ended', 'terminated', 'rejected', 'withdrawn'] as const;
export const STAGES = [...ACTIVE_STAGES, ...TERMINAL_STAGES] as const;

export type ActiveStage = (typeof ACTIVE_STAGES)[number];
export type TerminalStage = (typeof TERMINAL_STAGES)[number];
export type Stage = (typeof STAGES)[number];

export const STATUSES = ['draft', 'in_process', 'active', 'closed'] as const;
export type Status = (typeof STATUSES)[number];

export const STATUS_LABELS: Record<Status, string> = {
  draft: 'Draf',
  in_process: 'Dalam proses',
  active: 'Berjalan',
  closed: 'Selesai',
};

export const STAGE_LABELS: Record<Stage, string> = {
  draft: 'Penyusunan usulan',
  verification: 'Verifikasi berkas',
  tkksd_review: 'Telaah TKKSD',
  offer: 'Penawaran dan tanggapan mitra',
  drafting: 'Penyusunan naskah',
  legal_review: 'Telaah hukum',
  leadership_approval: 'Persetujuan pimpinan',
  dprd_approval: 'Persetujuan DPRD',
  ministry_approval: 'Persetujuan Kemendagri / pertimbangan Kemenlu',
  signing: 'Penandatanganan',
  implementation: 'Pelaksanaan',
  evaluation: 'Evaluasi menjelang berakhir',
  revision: 'Perbaikan',
  ended: 'Berakhir',
  terminated: 'Diakhiri',
  rejected: 'Ditolak',
  withdrawn: 'Dibatalkan',
};

export const DECISIONS = [
  'submit',
  'withdraw',
  'approve',
  'revise',
  'reject',
  'resubmit',
  'continue',
  'amend',
  'end',
] as const;
export type Decision = (typeof DECISIONS)[number];

export const DECISION_LABELS: Record<Decision, string> = {
  submit: 'Ajukan',
  withdraw: 'Batalkan',
  approve: 'Setujui',
  revise: 'Kembalikan untuk perbaikan',
  reject: 'Tolak',
  resubmit: 'Ajukan kembali',
  continue: 'Perpanjang',
  amend: 'Ubah (adendum)',
  end: 'Biarkan berakhir',
};

/** Who acts at a stage and what they may decide there. `implementation` has no decision. */
export const STAGE_RULES: Partial<Record<ActiveStage, { role: Role; decisions: readonly Decision[] }>> = {
  draft: { role: 'initiator', decisions: ['submit', 'withdraw'] },
  verification: { role: 'verifier', decisions: ['approve', 'revise', 'reject'] },
  tkksd_review: { role: 'tkksd', decisions: ['approve', 'revise', 'reject'] },
  offer: { role: 'verifier', decisions: ['approve', 'reject'] },
  drafting: { role: 'initiator', decisions: ['submit', 'withdraw'] },
  legal_review: { role: 'legal', decisions: ['approve', 'revise'] },
  leadership_approval: { role: 'approver', decisions: ['approve', 'revise', 'reject'] },
  dprd_approval: { role: 'verifier', decisions: ['approve', 'reject'] },
  ministry_approval: { role: 'verifier', decisions: ['approve', 'reject'] },
  signing: { role: 'verifier', decisions: ['approve', 'revise'] },
  evaluation: { role: 'tkksd', decisions: ['continue', 'amend', 'end'] },
  revision: { role: 'initiator', decisions: ['resubmit', 'withdraw'] },
};

export function isTerminal(stage: Stage): stage is TerminalStage {
  return (TERMINAL_STAGES as readonly string[]).includes(stage);
}

export function statusOf(stage: Stage, everSubmitted: boolean): Status {
  if (isTerminal(stage)) return 'closed';
  if (stage === 'implementation' || stage === 'evaluation') return 'active';
  if (stage === 'draft' && !everSubmitted) return 'draft';
  return 'in_process';
}
