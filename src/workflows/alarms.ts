/**
 * Time in the workflow: reminders and escalation of overdue tasks, the events of the term
 * (expiry alerts, report deadlines, the evaluation window, the end) and the chasing of overdue
 * monitoring reports. Each alarm is the earliest instant something must happen.
 */
import { DEFAULT_REMINDER_POLICY, supervisorOf } from '../domain/sla.js';
import { acts, nowIso } from './activities.js';
import { record } from './recording.js';
import type { AgreementState, AgreementWorkflowInput, TermEvent } from './state.js';
import { taskFor } from './transitions.js';

export type Alarm =
  | { kind: 'task'; at: string }
  | { kind: 'term'; at: string; event: TermEvent }
  | { kind: 'chase'; at: string; key: string };

export function nextAlarm(state: AgreementState): Alarm | null {
  const candidates: Alarm[] = [];
  if (state.task?.nextAlarmAt) candidates.push({ kind: 'task', at: state.task.nextAlarmAt });
  const pending = state.term?.events.find((event) => !state.doneEvents.includes(event.key));
  if (pending) candidates.push({ kind: 'term', at: pending.at, event: pending });
  for (const [key, chase] of Object.entries(state.chases)) {
    candidates.push({ kind: 'chase', at: chase.nextAlarmAt, key });
  }
  candidates.sort((a, b) => Date.parse(a.at) - Date.parse(b.at));

  return candidates[0] ?? null;
}

export async function fireAlarm(state: AgreementState, alarm: Alarm) {
  if (alarm.kind === 'task') await remind(state);
  else if (alarm.kind === 'term') await handleTermEvent(state, alarm.event);
  else await chaseReport(state, alarm.key);
}

/** Reminds the acting role; the escalating reminder also goes to the supervisor, once. */
async function remind(state: AgreementState) {
  const task = state.task!;
  const reminderNo = task.remindersSent + 1;
  const escalates = reminderNo === DEFAULT_REMINDER_POLICY.remindersBeforeEscalation && !task.escalatedTo;
  const escalateTo = escalates ? supervisorOf(task.role) : null;

  const result = await acts.sendTaskReminder({
    agreementId: state.agreementId,
    seq: ++state.seq,
    at: nowIso(),
    task,
    reminderNo,
    escalateTo,
  });
  if (state.task?.key !== task.key) return;

  state.task = {
    ...task,
    remindersSent: reminderNo,
    escalatedTo: escalateTo ?? task.escalatedTo,
    nextAlarmAt: result.nextAlarmAt,
  };
}

export async function handleTermEvent(state: AgreementState, event: TermEvent) {
  state.doneEvents.push(event.key);
  if (event.type === 'evaluation') {
    if (state.stage !== 'implementation') return;
    state.stage = 'evaluation';
    state.task = taskFor(state, 'evaluation', state.seq + 1);
    await record(state, { type: 'system', fromStage: 'implementation', toStage: 'evaluation' });
    return;
  }
  if (event.type === 'end') {
    const { task: closing, stage: from } = state;
    state.stage = 'ended';
    state.task = null;
    state.chases = {};
    await record(state, { type: 'system', fromStage: from, toStage: 'ended', closeTaskKey: closing?.key });
    return;
  }

  const result = await acts.handleTermEvent({ agreementId: state.agreementId, seq: ++state.seq, at: nowIso(), event });
  if (event.type === 'report_due' && !result.reportFiled && result.nextAlarmAt) {
    // The due notice was the first reminder; chasing goes on until the report arrives.
    state.chases[event.key] = {
      period: event.period ?? '',
      remindersSent: 1,
      escalated: false,
      nextAlarmAt: result.nextAlarmAt,
    };
  }
}

async function chaseReport(state: AgreementState, key: string) {
  const chase = state.chases[key]!;
  const reminderNo = chase.remindersSent + 1;
  const escalate = reminderNo === DEFAULT_REMINDER_POLICY.remindersBeforeEscalation && !chase.escalated;
  const result = await acts.chaseReport({
    agreementId: state.agreementId,
    seq: ++state.seq,
    at: nowIso(),
    key,
    period: chase.period,
    reminderNo,
    escalate,
  });
  if (!state.chases[key]) return;

  state.chases[key] = {
    ...chase,
    remindersSent: reminderNo,
    escalated: chase.escalated || escalate,
    nextAlarmAt: result.nextAlarmAt,
  };
}

/** A register import starts in its term: past events are not replayed, the end applies at once. */
export async function enterTerm(state: AgreementState, input: AgreementWorkflowInput) {
  const imported = input.imported!;
  state.signing = imported.signing;
  state.everSubmitted = true;
  state.term = await acts.planTerm({
    agreementId: state.agreementId,
    at: nowIso(),
    plannedStart: state.plannedStart,
    signedAt: imported.signing.signedAt,
    durationMonths: state.durationMonths,
    startDate: imported.startDate,
    endDate: imported.endDate,
  });
  state.stage = 'implementation';
  await record(state, {
    type: 'imported',
    toStage: 'implementation',
    actor: input.agreement.createdBy,
    signing: state.signing,
    term: state.term,
  });

  const now = Date.now();
  for (const event of state.term.events) {
    if (Date.parse(event.at) > now) break;
    if (event.type === 'evaluation' || event.type === 'end') await handleTermEvent(state, event);
    else state.doneEvents.push(event.key);
  }
}
