/**
 * The activities the agreement workflow calls, as types only: the workflow imports this file
 * with `import type`, so none of the I/O behind it enters the deterministic sandbox.
 */
import type { Actor } from '../domain/permissions.js';
import type { Role } from '../domain/glossary.js';
import type { ActiveStage, Stage, Status } from '../domain/stages.js';
import type {
  AgreementWorkflowInput,
  PendingTask,
  RequestRef,
  SigningInput,
  TermEvent,
  TermSchedule,
} from '../workflows/state.js';

export interface TransitionInput {
  agreementId: string;
  seq: number;
  /** Workflow time of the change: due dates count from here, never from the activity's clock. */
  at: string;
  type: 'created' | 'decision' | 'system' | 'deadline' | 'termination' | 'imported';
  fromStage: Stage | null;
  toStage: Stage;
  status: Status;
  decision?: string | null;
  actor?: (Actor & { role?: Role | null }) | null;
  note?: string | null;
  /** The task that this change closes, if any. */
  closeTaskKey?: string | null;
  /** The task that this change opens; its due date is computed by the activity. */
  openTask?: Pick<PendingTask, 'key' | 'stage' | 'role' | 'unitCode'> | null;
  signing?: SigningInput | null;
  term?: TermSchedule | null;
  /**
   * A creation, decision or termination sent over HTTP: its audit entry is appended in the same
   * transaction.
   */
  request?: RequestRef | null;
}

export interface TransitionResult {
  dueAt: string | null;
}

export interface PlanTermInput {
  agreementId: string;
  at: string;
  plannedStart: string | null;
  signedAt: string;
  durationMonths: number;
  /** Known dates of an imported agreement. */
  startDate?: string;
  endDate?: string;
}

export interface ReminderInput {
  agreementId: string;
  seq: number;
  at: string;
  task: PendingTask;
  reminderNo: number;
  /** The supervisor role to email as well, when this reminder escalates. */
  escalateTo: Role | null;
}

export interface ReminderResult {
  nextAlarmAt: string;
}

export interface DeadlineChangeInput {
  agreementId: string;
  seq: number;
  at: string;
  task: PendingTask;
  actor: Actor;
  dueAt?: string;
  workingDays?: number;
  reason: string;
  /** Sent over HTTP: its audit entry is appended in the same transaction. */
  request?: RequestRef | null;
}

export interface TermNoticeInput {
  agreementId: string;
  seq: number;
  at: string;
  event: TermEvent;
}

export interface ReportRecordInput {
  agreementId: string;
  seq: number;
  at: string;
  reportId: string;
  period: string;
  activities: string;
  progressPercent: number;
  problems?: string | null;
  followUp?: string | null;
  actor: Actor;
  /** Sent over HTTP: its audit entry is appended in the same transaction. */
  request?: RequestRef | null;
}

export interface ReportReviewRecordInput {
  agreementId: string;
  seq: number;
  at: string;
  reportId: string;
  decision: 'accept' | 'return';
  note: string;
  actor: Actor;
  /** Sent over HTTP: its audit entry is appended in the same transaction. */
  request?: RequestRef | null;
}

export interface ChaseInput {
  agreementId: string;
  seq: number;
  at: string;
  key: string;
  period: string;
  reminderNo: number;
  escalate: boolean;
}

export interface LinkedAgreementInput {
  sourceId: string;
  /** Chosen by the workflow (deterministic uuid4), so a retried activity finds its own row. */
  newId: string;
  link: 'renewal' | 'addendum';
  at: string;
  actor: Actor;
}

export interface AgreementActivities {
  recordTransition(input: TransitionInput): Promise<TransitionResult>;
  planTerm(input: PlanTermInput): Promise<TermSchedule>;
  sendTaskReminder(input: ReminderInput): Promise<ReminderResult>;
  changeDeadline(input: DeadlineChangeInput): Promise<{ dueAt: string }>;
  /** Sends the notice of a term event; for a report deadline, says whether it was met. */
  handleTermEvent(input: TermNoticeInput): Promise<{ reportFiled: boolean; nextAlarmAt: string | null }>;
  chaseReport(input: ChaseInput): Promise<{ nextAlarmAt: string }>;
  createLinkedAgreement(input: LinkedAgreementInput): Promise<AgreementWorkflowInput['agreement']>;
  listChildAgreements(input: { agreementId: string }): Promise<string[]>;
  recordReport(input: ReportRecordInput): Promise<void>;
  recordReportReview(input: ReportReviewRecordInput): Promise<void>;
}

export type { ActiveStage };
