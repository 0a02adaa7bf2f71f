/**
 * Everything that changes an agreement's process: decisions, deadline changes, monitoring
 * reports and their review, termination. Each is a workflow Update; the answer is the detail
 * read back from Postgres, which the Update has already brought up to date.
 */
import { randomUUID } from 'node:crypto';
import { and, eq, ne } from 'drizzle-orm';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Actor } from '../../domain/permissions.js';
import {
  decideUpdate,
  extendDeadlineUpdate,
  fileReportUpdate,
  reviewReportUpdate,
  terminateUpdate,
} from '../../workflows/messages.js';
import { STAGE_RULES, type ActiveStage } from '../../domain/stages.js';
import { agreements } from '../../db/schema.js';
import { audit } from '../audit.js';
import { actorAs, requireUser } from '../auth/plugin.js';
import type { ApiContext } from '../context.js';
import { AppError, notFound } from '../errors.js';
import { idempotent, updateIdFor } from '../idempotency.js';
import { agreementDetail, loadAgreement } from '../read/agreement-detail.js';
import { assertDocumentsForDecision } from '../required-documents.js';
import { deadlineBody, decisionBody, reportBody, reportReviewBody, terminateBody, uuidParam } from '../schemas.js';
import { canRead } from '../visibility.js';

const target = (agreementId: string) => ({ type: 'agreement', id: agreementId });

export function decisionRoutes(app: FastifyInstance, context: ApiContext) {
  const routes = app.withTypeProvider<ZodTypeProvider>();
  const { db, gateway } = context;

  /** Loads the agreement the caller may see (404 otherwise, so its existence is not revealed). */
  const visibleAgreement = async (request: FastifyRequest, id: string) => {
    const actor = requireUser(request);
    const row = await loadAgreement(db, id);
    if (!row || !canRead(actor, row)) throw notFound('Kerja sama');

    return { actor, row };
  };
  const detailAfter = async (id: string) => agreementDetail(db, (await loadAgreement(db, id))!);

  routes.post(
    '/api/agreements/:id/decisions',
    { schema: { tags: ['process'], params: uuidParam, body: decisionBody } },
    async (request, reply) => {
      const { actor, row } = await visibleAgreement(request, request.params.id);
      const { stage, decision, note, signing } = request.body;

      // Before the Idempotency-Key is claimed: a refusal (or an outage) here leaves no claim behind.
      await assertDocumentsForDecision(db, row, actor, request.body);

      return idempotent(db, request, reply, async () => {
        if (signing) await assertNumberIsFree(db, row.id, signing.ourNumber);
        // The role the stage asks for decides whether the caller acts as Plt./Plh. of someone.
        const role = STAGE_RULES[stage as ActiveStage]?.role ?? null;
        const acting = { ...actor, actingFor: actorAs(request, role).actingFor };
        // The workflow's projection write appends the audit entry under this request's id.
        const origin = { id: request.id, clientAddress: request.ip };
        const input = { stage, decision, note, signing, actor: acting, request: origin };
        await gateway.update(request.params.id, decideUpdate, input, updateIdFor(request, request.params.id));

        return { status: 200, body: await detailAfter(request.params.id) };
      });
    },
  );

  routes.post(
    '/api/agreements/:id/deadline',
    { schema: { tags: ['process'], params: uuidParam, body: deadlineBody } },
    async (request, reply) => {
      await visibleAgreement(request, request.params.id);

      return idempotent(db, request, reply, async () => {
        const acting = actorAs(request, 'verifier');
        const change = { ...request.body, actor: acting };
        const updateId = updateIdFor(request, request.params.id);
        const moved = await gateway.update(request.params.id, extendDeadlineUpdate, change, updateId);
        const facts = { ...request.body, newDueAt: moved.dueAt };
        const who = { role: 'verifier', actingFor: acting.actingFor };
        await audit(request, 'agreement.deadline', target(request.params.id), facts, who);

        return { status: 200, body: await detailAfter(request.params.id) };
      });
    },
  );

  routes.post(
    '/api/agreements/:id/reports',
    { schema: { tags: ['monitoring'], params: uuidParam, body: reportBody } },
    async (request, reply) => {
      await visibleAgreement(request, request.params.id);

      return idempotent(db, request, reply, async () => {
        const reportId = randomUUID();
        const acting = actorAs(request, 'initiator', 'unit_head');
        const report = { ...request.body, reportId, actor: acting };
        await gateway.update(request.params.id, fileReportUpdate, report, updateIdFor(request, request.params.id));
        const facts = { reportId, period: request.body.period, progressPercent: request.body.progressPercent };
        await audit(request, 'agreement.report', target(request.params.id), facts, { actingFor: acting.actingFor });

        return { status: 201, body: { reportId } };
      });
    },
  );

  routes.post(
    '/api/agreements/:id/reports/:reportId/review',
    { schema: { tags: ['monitoring'], params: uuidParam.extend({ reportId: z.uuid() }), body: reportReviewBody } },
    async (request, reply) => {
      await visibleAgreement(request, request.params.id);
      const review = { ...request.body, reportId: request.params.reportId, actor: actorAs(request, 'verifier') };

      return idempotent(db, request, reply, async () => {
        const updateId = updateIdFor(request, request.params.id);
        const result = await gateway.update(request.params.id, reviewReportUpdate, review, updateId);
        const { reportId, decision, note } = review;
        const facts = { reportId, decision, note, status: result.status };
        const who = { role: 'verifier', actingFor: review.actor.actingFor };
        await audit(request, 'agreement.report_review', target(request.params.id), facts, who);

        return { status: 200, body: result };
      });
    },
  );

  routes.post(
    '/api/agreements/:id/terminate',
    { schema: { tags: ['process'], params: uuidParam, body: terminateBody } },
    async (request, reply) => {
      await visibleAgreement(request, request.params.id);

      return idempotent(db, request, reply, async () => {
        const acting: Actor = actorAs(request, 'verifier', 'approver');
        const termination = { ...request.body, actor: acting };
        await gateway.update(request.params.id, terminateUpdate, termination, updateIdFor(request, request.params.id));
        const who = { actingFor: acting.actingFor };
        await audit(request, 'agreement.terminate', target(request.params.id), { ...request.body }, who);

        return { status: 200, body: await detailAfter(request.params.id) };
      });
    },
  );
}

/** The city's agreement number is unique: a second agreement may not be signed under it. */
async function assertNumberIsFree(db: ApiContext['db'], agreementId: string, ourNumber: string) {
  const [taken] = await db
    .select({ id: agreements.id, trackingCode: agreements.trackingCode })
    .from(agreements)
    .where(and(eq(agreements.ourNumber, ourNumber), ne(agreements.id, agreementId)));
  if (taken) {
    throw new AppError('conflict', `Nomor ${ourNumber} sudah dipakai kerja sama ${taken.trackingCode}.`, {
      field: 'body.signing.ourNumber',
    });
  }
}
