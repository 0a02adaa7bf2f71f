/**
 * What an agreement workflow remembers: the process state (source of truth) and everything it
 * carries across `continueAsNew`. Plain data, so it serialises into the next run's input.
 */
import type { AgreementChanges } from '../domain/agreement.js';
import type { Actor } from '../domain/permissions.js';
import type { Instrument, Kind, Role } from '../domain/glossary.js';
import type { ActiveStage, Stage } from '../domain/stages.js';

export interface PendingTask {
  /** `<stage>#<seq>`: names the task in Postgres and in email keys. */
  key: string;
  stage: ActiveStage;
  role: Role;
  /** The unit whose people act (null for city-wide roles). */
  unitCode: string | null;
  startedAt: string;
  /** Null until the due-date activity answered, and for stages without a time limit. */
  dueAt: string | null;
  nextAlarmAt: string | null;
  remindersSent: number;
  escalatedTo: Role | null;
}

export type TermEventType = 'alert' | 'report_due' | 'evaluation' | 'end';

export interface TermEvent {
  key: string;
  type: TermEventType;
  at: string;
  /** Days before the end date, for alerts. */
  daysBefore?: number;
  /** Reporting period label, for report deadlines (e.g. `2027-S1`). */
  period?: string;
}

export interface TermSchedule {
  startDate: string;
  endDate: string;
  events: TermEvent[];
}

export interface SigningInput {
  signedAt: string;
  ourNumber: string;
  partnerNumbers: string[];
}

export interface AgreementSnapshot {
  agreementId: string;
  /** The KSB of a PKS, or the agreement an addendum changes. */
  parentId?: string | null;
  /** What an addendum changes in its parent once signed. */
  changes?: AgreementChanges | null;
  trackingCode: string;
  kind: Kind;
  instrument: Instrument;
  unitCode: string;
  title: string;
  durationMonths: number;
  plannedStart: string | null;
}

export interface AgreementState extends AgreementSnapshot {
  path: Stage[];
  stage: Stage;
  everSubmitted: boolean;
  /** Number of the last projection event written; keys timeline rows and guards old writes. */
  seq: number;
  /** The stage that asked for revision; `resubmit` returns there. */
  returnTo: ActiveStage | null;
  task: PendingTask | null;
  signing: SigningInput | null;
  term: TermSchedule | null;
  /** Keys of term events already handled. */
  doneEvents: string[];
  evaluationDecision: 'continue' | 'amend' | 'end' | null;
  reports: Record<string, { period: string; status: 'submitted' | 'accepted' | 'returned' }>;
  /** Overdue monitoring reports being chased, by obligation key. */
  chases: Record<string, ReportChase>;
  /** Messages from related agreements, handled by the main loop in arrival order. */
  inbox: LinkMessage[];
  /** Agreements this one started: its renewal, its addenda. */
  linked: { agreementId: string; link: 'renewal' | 'addendum' }[];
}

export interface ReportChase {
  period: string;
  remindersSent: number;
  escalated: boolean;
  nextAlarmAt: string;
}

export type LinkMessage =
  | { type: 'addendum_signed'; addendumId: string; trackingCode: string; changes: AgreementChanges | null }
  | { type: 'parent_closed'; parentId: string; parentStage: Stage };

export interface ImportedTerm {
  signing: SigningInput;
  startDate: string;
  endDate: string;
}

export interface AgreementWorkflowInput {
  agreement: AgreementSnapshot & { path: Stage[]; createdBy: Actor };
  /** Register import: start directly in the term (implementation, evaluation or ended). */
  imported?: ImportedTerm;
  /** State carried over by `continueAsNew`. */
  resume?: AgreementState;
  /** Created with `submit: true`: the draft is submitted by its creator at once. */
  submitOnStart?: boolean;
  /** Start a new run once history holds more events than this (tests force it low). */
  historyLimit?: number;
  /** The HTTP request that created it: the creation's audit entry is written with the first projection. */
  request?: RequestRef;
}

export interface DecisionInput {
  stage: Stage;
  decision: string;
  note: string;
  actor: Actor;
  signing?: SigningInput;
  /** The HTTP request that carried the decision: its audit entry is written with the change. */
  request?: RequestRef;
}

export interface RequestRef {
  id: string;
  clientAddress: string | null;
}

export interface DecisionResult {
  stage: Stage;
  seq: number;
}
