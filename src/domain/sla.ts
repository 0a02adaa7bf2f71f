/**
 * Time limits (batas waktu) per stage in working days, the reminder rhythm and who a task
 * escalates to. Every number is a product default that the admin may override per kind and
 * stage; `basis` says where a number comes from, so a reviewer can see it is not law unless
 * a regulation is named.
 */
import type { Kind, Role } from './glossary.js';
import type { ActiveStage } from './stages.js';

export interface StageSla {
  workingDays: number;
  basis: string;
}

const PRACTICE = 'Standar layanan Si Mbois Ker (praktik), dapat diubah admin';

export const DEFAULT_SLAS: Partial<Record<ActiveStage, StageSla>> = {
  verification: { workingDays: 3, basis: PRACTICE },
  tkksd_review: { workingDays: 10, basis: PRACTICE },
  offer: { workingDays: 30, basis: `${PRACTICE}; tanggapan mitra` },
  drafting: { workingDays: 20, basis: PRACTICE },
  legal_review: { workingDays: 5, basis: PRACTICE },
  leadership_approval: { workingDays: 5, basis: PRACTICE },
  dprd_approval: { workingDays: 45, basis: 'PP 50/2007 (dicabut), kini pengaturan daerah' },
  ministry_approval: { workingDays: 60, basis: PRACTICE },
  signing: { workingDays: 20, basis: PRACTICE },
  evaluation: { workingDays: 20, basis: PRACTICE },
  revision: { workingDays: 10, basis: PRACTICE },
};

export interface ReminderPolicy {
  /** Working days between reminders after the due date. */
  intervalWorkingDays: number;
  /** Reminders sent before the task escalates once to the supervisor. */
  remindersBeforeEscalation: number;
}

export const DEFAULT_REMINDER_POLICY: ReminderPolicy = { intervalWorkingDays: 2, remindersBeforeEscalation: 2 };

/** Per-kind, per-stage overrides as stored by the admin: `{ "ksdpk": { "verification": 5 } }`. */
export type SlaOverrides = Partial<Record<Kind | '*', Partial<Record<ActiveStage, number>>>>;

export function slaFor(kind: Kind, stage: ActiveStage, overrides: SlaOverrides = {}): StageSla | null {
  const base = DEFAULT_SLAS[stage];
  const days = overrides[kind]?.[stage] ?? overrides['*']?.[stage];
  if (days !== undefined) return { workingDays: days, basis: 'Pengaturan admin' };

  return base ?? null;
}

/**
 * The supervisor a task escalates to: the unit head of the acting unit for office-level
 * roles, the Sekda (approver) for the TKKSD, which the Sekda chairs, and the Wali Kota for
 * the Sekda.
 */
export function supervisorOf(role: Role): Role | null {
  switch (role) {
    case 'initiator':
    case 'verifier':
    case 'legal':
      return 'unit_head';
    case 'tkksd':
      return 'approver';
    case 'approver':
      return 'head';
    default:
      return null;
  }
}

/** The unit whose people act for a role (null: city-wide roles). */
export function actingUnitOf(role: Role, agreementUnitCode: string): string | null {
  if (role === 'initiator') return agreementUnitCode;
  if (role === 'verifier') return 'PEM';
  if (role === 'legal') return 'HUKUM';

  return null;
}
