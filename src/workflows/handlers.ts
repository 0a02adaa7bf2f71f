/**
 * The workflow's message handlers. Every Update validates first (refused Updates leave no
 * trace in history), re-checks in the handler (two Updates accepted in one workflow task both
 * passed their validators), then changes state under `exclusive` and records it. The input's
 * `request` (a change sent over HTTP) goes on to the projection write, which appends the audit
 * entry in the same transaction: only the activity's input grows, not the commands.
 */
import { ApplicationFailure, setHandler } from '@temporalio/workflow';
import { REPORT_STATUS_LABELS, type Role } from '../domain/glossary.js';
import { stageName } from '../domain/permissions.js';
import { STAGE_RULES, type ActiveStage } from '../domain/stages.js';
import { nowIso } from './activities.js';
import { exclusive, refusal, roleRefusal, stageRefusal, type WorkflowContext } from './context.js';
import { startLinkedAgreement } from './links.js';
import {
  decideUpdate,
  extendDeadlineUpdate,
  fileReportUpdate,
  linkSignal,
  reviewReportUpdate,
  stateQuery,
  terminateUpdate,
} from './messages.js';
import { projectionWrites } from './local-activities.js';
import { record } from './recording.js';
import type { AgreementState, DecisionInput } from './state.js';
import { refuseDecision, targetStage, taskFor } from './transitions.js';

/** Who may end a signed agreement early (domain.md), in the order a double role is recorded. */
const TERMINATING_ROLES = ['verifier', 'approver'] as const satisfies readonly Role[];
/** Who may file a monitoring report, for their own unit. */
const REPORTING_ROLES = ['initiator', 'unit_head'] as const satisfies readonly Role[];

export function registerHandlers(ctx: WorkflowContext) {
  const { state } = ctx;
  setHandler(stateQuery, () => state);
  setHandler(linkSignal, (message) => {
    state.inbox.push(message);
    ctx.changed.version += 1;
  });

  const validateDecision = (decision: DecisionInput) => {
    const refused = refuseDecision(state, decision);
    if (refused) throw refusal(refused);
    if (decision.stage === 'signing' && decision.decision === 'approve' && !decision.signing) {
      throw ApplicationFailure.nonRetryable('Data penandatanganan wajib diisi.', 'signing_required');
    }
  };
  setHandler(
    decideUpdate,
    async (decision) => {
      return exclusive(ctx, () => applyDecision(ctx, decision), () => validateDecision(decision));
    },
    { validator: validateDecision },
  );

  const validateDeadline = (change: { actor: { roles: string[] } }) => {
    requireTimedTask(state);
    if (!change.actor.roles.includes('verifier')) throw roleRefusal(['verifier']);
  };
  setHandler(
    extendDeadlineUpdate,
    async (change) => {
      return exclusive(ctx, async () => {
        const task = requireTimedTask(state);
        const move = { ...change, agreementId: state.agreementId, seq: ++state.seq, at: nowIso(), task };
        const result = await projectionWrites().changeDeadline(move);
        if (state.task?.key === task.key) {
          state.task = { ...task, dueAt: result.dueAt, nextAlarmAt: result.dueAt, remindersSent: 0 };
        }

        return result;
      }, () => validateDeadline(change));
    },
    { validator: validateDeadline },
  );

  const validateReport = (report: { actor: { roles: string[]; unitCode: string } }) => {
    if (state.stage !== 'implementation' && state.stage !== 'evaluation') {
      const current = stageName(state.stage);
      const message = `Laporan monitoring hanya dapat diajukan pada tahap pelaksanaan (kini ${current}).`;
      throw stageRefusal(message);
    }
    const mayFile = report.actor.roles.some((role) => role === 'initiator' || role === 'unit_head');
    if (report.actor.unitCode !== state.unitCode || !mayFile) throw roleRefusal(REPORTING_ROLES, state.unitCode);
  };
  setHandler(
    fileReportUpdate,
    async (report) => {
      return exclusive(ctx, async () => {
        await projectionWrites().recordReport({
          ...report,
          agreementId: state.agreementId,
          seq: ++state.seq,
          at: nowIso(),
        });
        state.reports[report.reportId] = { period: report.period, status: 'submitted' };
        // The earliest chased report is met by this one (the activity closes the same obligation).
        const chased = Object.keys(state.chases).sort()[0];
        if (chased) delete state.chases[chased];

        return { reportId: report.reportId };
      }, () => validateReport(report));
    },
    { validator: validateReport },
  );

  const validateReview = (review: { reportId: string; actor: { roles: string[] } }) => {
    if (!review.actor.roles.includes('verifier')) throw roleRefusal(['verifier']);
    const report = state.reports[review.reportId];
    if (!report) throw ApplicationFailure.nonRetryable('Laporan tidak ditemukan.', 'not_found');
    if (report.status !== 'submitted') {
      const outcome = REPORT_STATUS_LABELS[report.status].toLowerCase();
      throw ApplicationFailure.nonRetryable(`Laporan ini sudah ditelaah dan ${outcome}.`, 'conflict');
    }
  };
  setHandler(
    reviewReportUpdate,
    async (review) => {
      return exclusive(ctx, async () => {
        await projectionWrites().recordReportReview({
          ...review,
          agreementId: state.agreementId,
          seq: ++state.seq,
          at: nowIso(),
        });
        const report = state.reports[review.reportId]!;
        report.status = review.decision === 'accept' ? 'accepted' : 'returned';

        return { status: report.status };
      }, () => validateReview(review));
    },
    { validator: validateReview },
  );

  const validateTermination = (termination: { actor: { roles: string[] } }) => {
    if (state.stage !== 'implementation' && state.stage !== 'evaluation') {
      const message = `Pengakhiran hanya dapat dilakukan setelah penandatanganan (kini ${stageName(state.stage)}).`;
      throw stageRefusal(message);
    }
    if (!terminatingRole(termination.actor)) throw roleRefusal(TERMINATING_ROLES);
  };
  setHandler(
    terminateUpdate,
    async (termination) => {
      return exclusive(ctx, async () => {
        const { task: closing, stage: from } = state;
        state.stage = 'terminated';
        state.task = null;
        state.chases = {};
        await record(state, {
          type: 'termination',
          fromStage: from,
          toStage: 'terminated',
          decision: termination.reason,
          actor: { ...termination.actor, role: terminatingRole(termination.actor) },
          note: termination.note,
          closeTaskKey: closing?.key ?? null,
          request: termination.request ?? null,
        });

        return { stage: state.stage, seq: state.seq };
      }, () => validateTermination(termination));
    },
    { validator: validateTermination },
  );
}

async function applyDecision(ctx: WorkflowContext, decision: DecisionInput) {
  const { state } = ctx;
  const from = state.stage as ActiveStage;
  const to = targetStage(state, decision.decision);
  const closing = state.task;

  if (decision.decision === 'revise') state.returnTo = from;
  if (decision.decision === 'submit') state.everSubmitted = true;
  if (from === 'evaluation') state.evaluationDecision = decision.decision as AgreementState['evaluationDecision'];
  if (decision.signing) state.signing = decision.signing;
  state.stage = to;
  state.task = to === 'evaluation' && from === 'evaluation' ? null : taskFor(state, to, state.seq + 1);

  const term =
    to === 'implementation' && state.signing
      ? await projectionWrites().planTerm({
          agreementId: state.agreementId,
          at: nowIso(),
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
    actor: { ...decision.actor, role: STAGE_RULES[from]?.role ?? null },
    note: decision.note,
    closeTaskKey: closing?.key ?? null,
    signing: to === 'implementation' || (to === 'ended' && from === 'signing') ? state.signing : null,
    term,
    request: decision.request ?? null,
  });
  if (from === 'evaluation' && (decision.decision === 'continue' || decision.decision === 'amend')) {
    await startLinkedAgreement(ctx, decision.decision === 'continue' ? 'renewal' : 'addendum', decision.actor);
  }

  return { stage: state.stage, seq: state.seq };
}

/** The role an actor terminates in: the first of those allowed that the actor holds, or null. */
function terminatingRole(actor: { roles: readonly string[] }): Role | null {
  return TERMINATING_ROLES.find((role) => actor.roles.includes(role)) ?? null;
}

export function requireTimedTask(state: AgreementState) {
  const task = state.task;
  if (!task || !task.dueAt) {
    throw ApplicationFailure.nonRetryable('Tidak ada tugas berbatas waktu yang dapat diperpanjang.', 'no_task');
  }

  return task;
}
