/**
 * Messages of the agreement workflow. Decisions are Updates, not Signals, because the caller
 * needs an answer: a validator refuses a wrong role or a stale stage before anything is
 * written, and the Update returns only after the projection is stored. A change sent over HTTP
 * carries its `request`: the projection write appends the audit entry in its own transaction.
 */
import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type { Actor } from '../domain/permissions.js';
import type { AgreementState, DecisionInput, DecisionResult, LinkMessage, RequestRef } from './state.js';

/** Answers once the new agreement's first projection is written (sent with the start). */
export const readyUpdate = defineUpdate<DecisionResult, []>('ready');

export const decideUpdate = defineUpdate<DecisionResult, [DecisionInput]>('decide');

export interface DeadlineInput {
  actor: Actor;
  dueAt?: string;
  workingDays?: number;
  reason: string;
  request?: RequestRef;
}
export const extendDeadlineUpdate = defineUpdate<{ dueAt: string }, [DeadlineInput]>('extendDeadline');

export interface ReportInput {
  reportId: string;
  period: string;
  activities: string;
  progressPercent: number;
  problems?: string | null;
  followUp?: string | null;
  actor: Actor;
  request?: RequestRef;
}
export const fileReportUpdate = defineUpdate<{ reportId: string }, [ReportInput]>('fileReport');

export interface ReportReviewInput {
  reportId: string;
  decision: 'accept' | 'return';
  note: string;
  actor: Actor;
  request?: RequestRef;
}
export const reviewReportUpdate = defineUpdate<{ status: string }, [ReportReviewInput]>('reviewReport');

export const TERMINATION_REASONS = [
  'agreed_by_parties',
  'goal_achieved',
  'force_majeure',
  'breach',
  'replaced',
  'new_law',
  'object_lost',
  'national_interest',
] as const;
export type TerminationReason = (typeof TERMINATION_REASONS)[number];

export interface TerminateInput {
  reason: TerminationReason;
  note: string;
  actor: Actor;
  request?: RequestRef;
}
export const terminateUpdate = defineUpdate<DecisionResult, [TerminateInput]>('terminate');

export const stateQuery = defineQuery<AgreementState>('state');

/**
 * Messages between related agreements (a signed addendum to its parent, a closed KSB to its
 * PKS): Signals, because the sender needs no answer and must not wait on the receiver.
 */
export const linkSignal = defineSignal<[LinkMessage]>('link');
