/**
 * agreementWorkflow: one durable workflow per cooperation agreement, from the office's draft
 * to the end of its term. It waits on people (Updates) and on time (due dates, reminders,
 * report deadlines, expiry), and writes every change to Postgres through activities.
 */
import { allHandlersFinished, condition, continueAsNew, setHandler, workflowInfo } from '@temporalio/workflow';
import { isTerminal } from '../domain/stages.js';
import { enterTerm, fireAlarm, nextAlarm } from './alarms.js';
import { exclusive, type WorkflowContext } from './context.js';
import { registerHandlers } from './handlers.js';
import { handleInbox, notifyRelated } from './links.js';
import { readyUpdate } from './messages.js';
import { publishAttributes, record } from './recording.js';
import type { AgreementState, AgreementWorkflowInput } from './state.js';
import { taskFor } from './transitions.js';

const DEFAULT_HISTORY_LIMIT = 8_000;

export async function agreementWorkflow(input: AgreementWorkflowInput): Promise<AgreementState> {
  const ctx: WorkflowContext = {
    input,
    state: input.resume ?? initialState(input),
    busy: { count: 0 },
    changed: { version: 0 },
  };
  const { state, busy, changed } = ctx;
  const born = { done: Boolean(input.resume) };
  registerHandlers(ctx);
  setHandler(readyUpdate, async () => {
    await condition(() => born.done && busy.count === 0);
    return { stage: state.stage, seq: state.seq };
  });

  // Birth: the draft task (submitted at once when asked), or straight into an imported term.
  if (!input.resume) {
    await exclusive(ctx, async () => {
      if (input.imported) return enterTerm(state, input);
      state.task = taskFor(state, 'draft', 1);
      const request = input.request ?? null;
      await record(state, { type: 'created', toStage: 'draft', actor: input.agreement.createdBy, request });
      if (input.submitOnStart) await submitOnStart(ctx);
    });
  }
  born.done = true;
  publishAttributes(state);

  // Life: wait for a decision, a related agreement's message or the next alarm.
  while (!isTerminal(state.stage)) {
    await condition(() => busy.count === 0);
    if (state.inbox.length > 0) {
      await handleInbox(ctx);
      continue;
    }
    if (historyIsLong(input)) {
      await condition(allHandlersFinished);
      await continueAsNew<typeof agreementWorkflow>({
        ...input,
        imported: undefined,
        submitOnStart: false,
        resume: state,
      });
    }
    const seen = changed.version;
    const alarm = nextAlarm(state);
    const timeoutMs = alarm ? Math.max(1, Date.parse(alarm.at) - Date.now()) : undefined;
    if (await condition(() => changed.version !== seen, timeoutMs)) continue;

    // Time is up; a decision may have arrived meanwhile, so look again before acting.
    await condition(() => busy.count === 0);
    const due = nextAlarm(state);
    if (due && Date.parse(due.at) <= Date.now()) await exclusive(ctx, () => fireAlarm(state, due));
  }

  // Death: related agreements learn of it; then every handler finishes before returning.
  await notifyRelated(ctx);
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
    chases: {},
    inbox: [],
    linked: [],
  };
}

async function submitOnStart(ctx: WorkflowContext) {
  const { state } = ctx;
  const actor = ctx.input.agreement.createdBy;
  const closing = state.task;
  state.everSubmitted = true;
  state.stage = 'verification';
  state.task = taskFor(state, 'verification', state.seq + 1);
  await record(state, {
    type: 'decision',
    fromStage: 'draft',
    toStage: 'verification',
    decision: 'submit',
    actor: { ...actor, role: 'initiator' },
    note: '',
    closeTaskKey: closing?.key ?? null,
    request: ctx.input.request ?? null,
  });
}

function historyIsLong(input: AgreementWorkflowInput): boolean {
  const info = workflowInfo();

  return info.continueAsNewSuggested || info.historyLength > (input.historyLimit ?? DEFAULT_HISTORY_LIMIT);
}
