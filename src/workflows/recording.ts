/** Writing the workflow's state to Postgres (the projection) and to its search attributes. */
import { upsertSearchAttributes } from '@temporalio/workflow';
import type { TransitionInput } from '../activities/types.js';
import { statusOf } from '../domain/stages.js';
import { nowIso } from './activities.js';
import { projectionWrites } from './local-activities.js';
import * as attributes from './search-attributes.js';
import type { AgreementState } from './state.js';

export type RecordInput = Pick<TransitionInput, 'type' | 'toStage'> &
  Partial<
    Pick<TransitionInput, 'fromStage' | 'decision' | 'actor' | 'note' | 'closeTaskKey' | 'signing' | 'term' | 'request'>
  >;

/** Writes the current stage and task to Postgres and keeps the due date the activity computed. */
export async function record(state: AgreementState, change: RecordInput) {
  const task = state.task;
  const result = await projectionWrites().recordTransition({
    ...change,
    agreementId: state.agreementId,
    seq: ++state.seq,
    at: nowIso(),
    fromStage: change.fromStage ?? null,
    status: statusOf(state.stage, state.everSubmitted),
    openTask: task ? { key: task.key, stage: task.stage, role: task.role, unitCode: task.unitCode } : null,
  });
  if (task && state.task?.key === task.key) {
    state.task = { ...task, dueAt: result.dueAt, nextAlarmAt: result.dueAt };
  }
}

export function publishAttributes(state: AgreementState) {
  const dueAt = state.task?.dueAt ? new Date(state.task.dueAt) : null;
  upsertSearchAttributes([
    { key: attributes.AgreementStage, value: state.stage },
    { key: attributes.AgreementKind, value: state.kind },
    { key: attributes.UnitCode, value: state.unitCode },
    { key: attributes.TrackingCode, value: state.trackingCode },
    { key: attributes.DueAt, value: dueAt },
    { key: attributes.Overdue, value: Boolean(state.task && state.task.remindersSent > 0) },
  ]);
}
