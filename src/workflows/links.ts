/**
 * How agreements affect each other: an evaluation starts a renewal or an addendum; a signed
 * addendum changes its parent's term; a KSB that ends or is terminated asks the same question
 * of every PKS under it (a PKS cannot run past its KSB).
 */
import { getExternalWorkflowHandle, ParentClosePolicy, startChild, uuid4 } from '@temporalio/workflow';
import { formatDateId } from '../domain/format.js';
import type { Actor } from '../domain/permissions.js';
import { acts, nowIso } from './activities.js';
import { exclusive, type WorkflowContext } from './context.js';
import { linkSignal } from './messages.js';
import { record } from './recording.js';
import type { AgreementWorkflowInput, LinkMessage } from './state.js';
import { taskFor } from './transitions.js';

const workflowIdOf = (agreementId: string) => `agreement-${agreementId}`;

/** Creates the renewal (perpanjangan) or addendum (adendum) as a new agreement in draft. */
export async function startLinkedAgreement(ctx: WorkflowContext, link: 'renewal' | 'addendum', actor: Actor) {
  const agreement = await acts.createLinkedAgreement({
    sourceId: ctx.state.agreementId,
    newId: uuid4(),
    link,
    at: nowIso(),
    actor,
  });
  const input: AgreementWorkflowInput = { agreement };
  // The new agreement lives its own life: it must outlive this one.
  await startChild('agreementWorkflow', {
    workflowId: workflowIdOf(agreement.agreementId),
    args: [input],
    parentClosePolicy: ParentClosePolicy.ABANDON,
  });
  ctx.state.linked.push({ agreementId: agreement.agreementId, link });
}

/** Handles the messages related agreements sent, oldest first. */
export async function handleInbox(ctx: WorkflowContext) {
  while (ctx.state.inbox.length > 0) {
    const message = ctx.state.inbox.shift()!;
    await exclusive(ctx, () => applyLinkMessage(ctx, message));
  }
}

async function applyLinkMessage(ctx: WorkflowContext, message: LinkMessage) {
  const { state } = ctx;
  const running = state.stage === 'implementation' || state.stage === 'evaluation';
  const stage = state.stage;

  if (message.type === 'addendum_signed') {
    const newEndDate = message.changes?.newEndDate;
    if (!running || !newEndDate || !state.term || !state.signing) {
      await record(state, {
        type: 'system',
        fromStage: stage,
        toStage: stage,
        note: `Adendum ${message.trackingCode} ditandatangani.`,
      });
      return;
    }
    state.term = await acts.planTerm({
      agreementId: state.agreementId,
      at: nowIso(),
      plannedStart: state.plannedStart,
      signedAt: state.signing.signedAt,
      durationMonths: state.durationMonths,
      startDate: state.term.startDate,
      endDate: newEndDate,
    });
    // Events of the new term that already lie in the past are not sent late.
    const now = Date.now();
    state.doneEvents = state.term.events.filter((event) => Date.parse(event.at) <= now).map((event) => event.key);
    const closing = state.task;
    if (stage === 'evaluation' && !state.doneEvents.includes('evaluation')) {
      state.stage = 'implementation';
      state.task = null;
      state.evaluationDecision = null;
    }
    await record(state, {
      type: 'system',
      fromStage: stage,
      toStage: state.stage,
      note: `Adendum ${message.trackingCode} ditandatangani: masa berlaku kini sampai ${formatDateId(newEndDate)}.`,
      closeTaskKey: state.stage !== stage ? closing?.key ?? null : null,
      term: state.term,
    });
    return;
  }

  const note = `Kesepakatan induk ${
    message.parentStage === 'terminated' ? 'diakhiri' : 'berakhir'
  }: tentukan kelanjutan perjanjian ini.`;
  if (stage === 'implementation') {
    state.stage = 'evaluation';
    state.task = taskFor(state, 'evaluation', state.seq + 1);
    if (!state.doneEvents.includes('evaluation')) state.doneEvents.push('evaluation');
  }
  await record(state, { type: 'system', fromStage: stage, toStage: state.stage, note });
}

/** After a terminal stage: tell the parent about a signed addendum, or the PKS about their KSB. */
export async function notifyRelated(ctx: WorkflowContext) {
  const { state } = ctx;
  if (state.instrument === 'addendum' && state.stage === 'ended' && state.signing && state.parentId) {
    await signalQuietly(state.parentId, {
      type: 'addendum_signed',
      addendumId: state.agreementId,
      trackingCode: state.trackingCode,
      changes: state.changes ?? null,
    });
  }
  if (state.instrument === 'ksb' && (state.stage === 'ended' || state.stage === 'terminated')) {
    const children = await acts.listChildAgreements({ agreementId: state.agreementId });
    for (const child of children) {
      await signalQuietly(child, { type: 'parent_closed', parentId: state.agreementId, parentStage: state.stage });
    }
  }
}

async function signalQuietly(agreementId: string, message: LinkMessage) {
  try {
    await getExternalWorkflowHandle(workflowIdOf(agreementId)).signal(linkSignal, message);
  } catch {
    // The related agreement has already closed: there is nothing left for it to decide.
  }
}
