/**
 * agreementWorkflow: one durable workflow per cooperation agreement, from the office's draft
 * to the end of the term. It waits on people (Updates) and on time (due dates, reminders,
 * report deadlines, expiry), and writes every change to Postgres through activities.
 */
import {
  ApplicationFailure,
  allHandlersFinished,
  condition,
  continueAsNew,
  proxyActivities,
  setHandler,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
import type { AgreementActivities, TransitionInput } from '../activities/types.js';
import { refusalMessage, type Refusal } from '../domain/permissions.js';
import { DEFAULT_REMINDER_POLICY, supervisorOf } from '../domain/sla.js';
import { isTerminal, STAGE_RULES, statusOf, type ActiveStage } from '../domain/stages.js';
import {
  decideUpdate,
  extendDeadlineUpdate,
  fileReportUpdate,
  readyUpdate,
  reviewReportUpdate,
  stateQuery,
  terminateUpdate,
} from './messages.js';
import * as attributes from './search-attributes.js';
import type { AgreementState, AgreementWorkflowInput, DecisionInput, TermEvent } from './state.js';
import { refuseDecision, targetStage, taskFor } from './transitions.js';

const acts = proxyActivities<AgreementActivities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute' },
});

const DEFAULT_HISTORY_LIMIT = 8_000;

export async function agreementWorkflow(input: AgreementWorkflowInput): Promise<AgreementState> {
  const state = input.resume ?? initialState(input);
  const busy = { count: 0 };
  const changed = { version: 0 };
  const born = { done: Boolean(input.resume) };
  registerHandlers(state, busy, changed);
  setHandler(readyUpdate, async () => {
    await condition(() => born.done && busy.count === 0);
    return { stage: state.stage, seq: state.seq };
  });

  // Birth: the draft task, or straight into the term for an imported agreement.
  if (!input.resume) {
    if (input.imported) await enterTerm(state, input);
    else {
      state.task = taskFor(state, 'draft', 1);
      await record(state, { type: 'created', toStage: 'draft', actor: input.agreement.createdBy });
      if (input.submitOnStart) {
        await applyDecision(state, { stage: 'draft', decision: 'submit', note: '', actor: input.agreement.createdBy });
      }
    }
  }
  born.done = true;
  publishAttributes(state);

  // Life: wait for a decision or for the next alarm, until a terminal stage.
  while (!isTerminal(state.stage)) {
    await condition(() => busy.count === 0);
    if (historyIsLong(input)) {
      await condition(allHandlersFinished);
      await continueAsNew<typeof agreementWorkflow>({ ...input, imported: undefined, resume: state });
    }
    const seen = changed.version;
    const alarm = nextAlarm(state);
    const timeoutMs = alarm ? Math.max(1, Date.parse(alarm.at) - Date.now()) : undefined;
    if (await condition(() => changed.version !== seen, timeoutMs)) continue;

    // Time is up; a decision may have arrived meanwhile, so look again before acting.
    await condition(() => busy.count === 0);
    const due = nextAlarm(state);
    if (due && Date.parse(due.at) <= Date.now()) await runExclusive(busy, changed, state, () => fireAlarm(state, due));
  }

  await condition(allHandlersFinished);

  return state;
}

function initialState(input: AgreementWorkflowInput): AgreementState {
  const { createdBy: _createdBy, ...agreement } = input.agreement;

  return {
    ...agreement,
    stage: 'draft',
    everSubmitted: false,
    seq: 0,
    returnTo: null,
    task: null,
    signing: null,
    term: null,
    doneEvents: [],
    evaluationDecision: null,
    reports: {},
  };
}

function historyIsLong(input: AgreementWorkflowInput): boolean {
  const info = workflowInfo();

  return info.continueAsNewSuggested || info.historyLength > (input.historyLimit ?? DEFAULT_HISTORY_LIMIT);
}

// --- Messages -------------------------------------------------------------------------------

function registerHandlers(state: AgreementState, busy: { count: number }, changed: { version: number }) {
  const guardIdle = () => {
    if (busy.count > 0) {
      throw ApplicationFailure.nonRetryable('Perubahan lain sedang diproses; muat ulang lalu coba lagi.', 'busy');
    }
  };
  const exclusive = <T>(work: () => Promise<T>) => runExclusive(busy, changed, state, work);

  setHandler(stateQuery, () => state);

  setHandler(
    decideUpdate,
    async (decision) => {
      // Two Updates accepted in one workflow task both passed the validator: re-check here.
      guardIdle();
      const refused = refuseDecision(state, decision);
      if (refused) throw refusal(refused);

      return exclusive(() => applyDecision(state, decision));
    },
    {
      validator: (decision) => {
        guardIdle();
        const refused = refuseDecision(state, decision);
        if (refused) throw refusal(refused);
        if (decision.stage === 'signing' && decision.decision === 'approve' && !decision.signing) {
          throw ApplicationFailure.nonRetryable('Data penandatanganan wajib diisi.', 'signing_required');
        }
      },
    },
  );

  setHandler(
    extendDeadlineUpdate,
    async (change) => {
      guardIdle();
      const task = requireTimedTask(state);

      return exclusive(async () => {
        const result = await acts.changeDeadline({
          agreementId: state.agreementId,
          seq: ++state.seq,
          at: new Date().toISOString(),
          task,
          actor: change.actor,
          dueAt: change.dueAt,
          workingDays: change.workingDays,
          reason: change.reason,
        });
        if (state.task?.key === task.key) {
          state.task = { ...task, dueAt: result.dueAt, nextAlarmAt: result.dueAt, remindersSent: 0 };
        }

        return result;
      });
    },
    {
      validator: (change) => {
        guardIdle();
        requireTimedTask(state);
        if (!change.actor.roles.includes('verifier')) throw roleRefusal('verifier');
      },
    },
  );

  setHandler(
    fileReportUpdate,
    async (report) => {
      guardIdle();
      return exclusive(async () => {
        await acts.recordReport({
          ...report,
          agreementId: state.agreementId,
          seq: ++state.seq,
          at: new Date().toISOString(),
        });
        state.reports[report.reportId] = { period: report.period, status: 'submitted' };

        return { reportId: report.reportId };
      });
    },
    {
      validator: (report) => {
        guardIdle();
        if (state.stage !== 'implementation' && state.stage !== 'evaluation') {
          throw ApplicationFailure.nonRetryable(
            `Laporan monitoring hanya dapat diajukan pada tahap pelaksanaan (kini '${state.stage}').`,
            'stage_moved',
          );
        }
        const ownUnit = report.actor.unitCode === state.unitCode;
        const mayFile = report.actor.roles.some((role: string) => role === 'initiator' || role === 'unit_head');
        if (!ownUnit || !mayFile) throw roleRefusal('initiator');
      },
    },
  );

  setHandler(
    reviewReportUpdate,
    async (review) => {
      guardIdle();
      return exclusive(async () => {
        await acts.recordReportReview({
          ...review,
          agreementId: state.agreementId,
          seq: ++state.seq,
          at: new Date().toISOString(),
        });
        const report = state.reports[review.reportId]!;
        report.status = review.decision === 'accept' ? 'accepted' : 'returned';

        return { status: report.status };
      });
    },
    {
      validator: (review) => {
        guardIdle();
        if (!review.actor.roles.includes('verifier')) throw roleRefusal('verifier');
        const report = state.reports[review.reportId];
        if (!report) throw ApplicationFailure.nonRetryable('Laporan tidak ditemukan.', 'not_found');
        if (report.status !== 'submitted') {
          throw ApplicationFailure.nonRetryable(`Laporan sudah ditelaah (${report.status}).`, 'conflict');
        }
      },
    },
  );

  setHandler(
    terminateUpdate,
    async (termination) => {
      guardIdle();
      return exclusive(async () => {
        const closing = state.task;
        const from = state.stage;
        state.stage = 'terminated';
        state.task = null;
        await record(state, {
          type: 'termination',
          fromStage: from,
          toStage: 'terminated',
          decision: termination.reason,
          actor: termination.actor,
          note: termination.note,
          closeTaskKey: closing?.key ?? null,
        });

        return { stage: state.stage, seq: state.seq };
      });
    },
    {
      validator: (termination) => {
        guardIdle();
        if (state.stage !== 'implementation' && state.stage !== 'evaluation') {
          throw ApplicationFailure.nonRetryable(
            `Pengakhiran hanya dapat dilakukan setelah penandatanganan (kini '${state.stage}').`,
            'stage_moved',
          );
        }
        const allowed = termination.actor.roles.some((role: string) => role === 'verifier' || role === 'approver');
        if (!allowed) throw roleRefusal('verifier');
      },
    },
  );
}

/** Runs one change at a time; handlers arriving meanwhile are refused as busy (409). */
async function runExclusive<T>(
  busy: { count: number },
  changed: { version: number },
  state: AgreementState,
  work: () => Promise<T>,
): Promise<T> {
  busy.count += 1;
  try {
    return await work();
  } finally {
    busy.count -= 1;
    changed.version += 1;
    publishAttributes(state);
  }
}

async function applyDecision(state: AgreementState, decision: DecisionInput) {
  const from = state.stage as ActiveStage;
  const to = targetStage(state, decision.decision);
  const closing = state.task;
  const rule = STAGE_RULES[from];

  if (decision.decision === 'revise') state.returnTo = from;
  if (decision.decision === 'submit') state.everSubmitted = true;
  if (from === 'evaluation') state.evaluationDecision = decision.decision as 'continue' | 'amend' | 'end';
  if (decision.signing) state.signing = decision.signing;
  state.stage = to;
  state.task = to === 'evaluation' && from === 'evaluation' ? null : taskFor(state, to, state.seq + 1);

  const term =
    to === 'implementation' && state.signing
      ? await acts.planTerm({
          agreementId: state.agreementId,
          at: new Date().toISOString(),
          plannedStart: state.plannedStart,
          signedAt: state.signing.signedAt,
          durationMonths: state.durationMonths,
        })
      : null;
  if (term) state.term = term;

  await record(state, {
    type: 'decision',
    fromStage: from,
    toStage: to,
    decision: decision.decision,
    actor: { ...decision.actor, role: rule?.role ?? null },
    note: decision.note,
    closeTaskKey: closing?.key ?? null,
    signing: to === 'implementation' ? state.signing : null,
    term,
  });

  return { stage: state.stage, seq: state.seq };
}

// --- Time: reminders, escalation, the term ----------------------------------------------------

type Alarm = { kind: 'task'; at: string } | { kind: 'term'; at: string; event: TermEvent };

function nextAlarm(state: AgreementState): Alarm | null {
  const candidates: Alarm[] = [];
  if (state.task?.nextAlarmAt) candidates.push({ kind: 'task', at: state.task.nextAlarmAt });
  const pending = state.term?.events.find((event) => !state.doneEvents.includes(event.key));
  if (pending) candidates.push({ kind: 'term', at: pending.at, event: pending });
  candidates.sort((a, b) => Date.parse(a.at) - Date.parse(b.at));

  return candidates[0] ?? null;
}

async function fireAlarm(state: AgreementState, alarm: Alarm) {
  if (alarm.kind === 'task') await remind(state);
  else await handleTermEvent(state, alarm.event);
}

async function remind(state: AgreementState) {
  const task = state.task!;
  const policy = DEFAULT_REMINDER_POLICY;
  const reminderNo = task.remindersSent + 1;
  const escalates = reminderNo === policy.remindersBeforeEscalation && !task.escalatedTo;
  const escalateTo = escalates ? supervisorOf(task.role) : null;

  const result = await acts.sendTaskReminder({
    agreementId: state.agreementId,
    seq: ++state.seq,
    at: new Date().toISOString(),
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

async function handleTermEvent(state: AgreementState, event: TermEvent) {
  state.doneEvents.push(event.key);
  if (event.type === 'evaluation') {
    if (state.stage !== 'implementation') return;
    state.stage = 'evaluation';
    state.task = taskFor(state, 'evaluation', state.seq + 1);
    await record(state, { type: 'system', fromStage: 'implementation', toStage: 'evaluation' });
    return;
  }
  if (event.type === 'end') {
    const closing = state.task;
    const from = state.stage;
    state.stage = 'ended';
    state.task = null;
    await record(state, { type: 'system', fromStage: from, toStage: 'ended', closeTaskKey: closing?.key });
    return;
  }

  await acts.handleTermEvent({
    agreementId: state.agreementId,
    seq: ++state.seq,
    at: new Date().toISOString(),
    event,
  });
}

async function enterTerm(state: AgreementState, input: AgreementWorkflowInput) {
  const imported = input.imported!;
  state.signing = imported.signing;
  state.everSubmitted = true;
  state.term = await acts.planTerm({
    agreementId: state.agreementId,
    at: new Date().toISOString(),
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

  // Events already past (an old alert, a report period long gone) are not replayed; the end,
  // and the evaluation window if it is open, still apply at once.
  const now = Date.now();
  for (const event of state.term.events) {
    if (Date.parse(event.at) > now) break;
    if (event.type === 'evaluation' || event.type === 'end') await handleTermEvent(state, event);
    else state.doneEvents.push(event.key);
  }
}

// --- Recording ----------------------------------------------------------------------------------

type RecordInput = Pick<TransitionInput, 'type' | 'toStage'> &
  Partial<Pick<TransitionInput, 'fromStage' | 'decision' | 'actor' | 'note' | 'closeTaskKey' | 'signing' | 'term'>>;

/** Writes the current stage and task to Postgres and stores the computed due date. */
async function record(state: AgreementState, change: RecordInput) {
  const task = state.task;
  const result = await acts.recordTransition({
    ...change,
    agreementId: state.agreementId,
    seq: ++state.seq,
    at: new Date().toISOString(),
    fromStage: change.fromStage ?? null,
    status: statusOf(state.stage, state.everSubmitted),
    openTask: task ? { key: task.key, stage: task.stage, role: task.role, unitCode: task.unitCode } : null,
  });
  if (task && state.task?.key === task.key) {
    state.task = { ...task, dueAt: result.dueAt, nextAlarmAt: result.dueAt };
  }
}

function requireTimedTask(state: AgreementState) {
  const task = state.task;
  if (!task || !task.dueAt) {
    throw ApplicationFailure.nonRetryable('Tidak ada tugas berbatas waktu yang dapat diperpanjang.', 'no_task');
  }

  return task;
}

function publishAttributes(state: AgreementState) {
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

function refusal(refused: Refusal) {
  return ApplicationFailure.nonRetryable(refusalMessage(refused), refused.code, refused);
}

function roleRefusal(role: string) {
  return ApplicationFailure.nonRetryable(`Tindakan ini memerlukan peran '${role}'.`, 'role_not_allowed', {
    code: 'role_not_allowed',
    role,
  });
}
