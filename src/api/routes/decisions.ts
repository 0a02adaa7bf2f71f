/**
 * Everything that changes an agreement's process: decisions, deadline changes, monitoring
 * reports and their review, termination. Each is a workflow Update; the answer is the detail
 * read back from Postgres, which the Update has already brought up to date. Each carries the
 * request's reference: the workflow's projection write appends the audit entry in its own
 * transaction, under the request's id, so no change stands without its entry.
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
import { actorAs, requireUser } from '../auth/plugin.js';
import type { ApiContext } from '../context.js';
import { AppError, notFound } from '../errors.js';
import { idempotent, updateIdFor } from '../idempotency.js';
import { agreementDetail, loadAgreement } from '../read/agreement-detail.js';
import { assertDocumentsForDecision } from '../required-documents.js';
import { assertSigningDate } from '../signing-date.js';
import { deadlineBody, decisionBody, reportBody, reportReviewBody, terminateBody, uuidParam } from '../schemas.js';
import { canRead } from '../visibility.js';

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
  const detailAfter = async (id: string) => agreementDetail(db, { id });
  /** What the audit entry records of the request: its id (the event id) and the client address. */
  const originOf = (request: FastifyRequest) => ({ id: request.id, clientAddress: request.ip });

  routes.post(
    '/api/agreements/:id/decisions',
    { schema: { tags: ['process'], params: uuidParam, body: decisionBody } },
    async (request, reply) => {
      const { actor, row } = await visibleAgreement(request, request.params.id);
      const { stage, decision, note, signing } = request.body;

      // Before the Idempotency-Key is claimed: a refusal (or an outage) here leaves no claim behind.
      if (signing) assertSigningDate(signing.signedAt, row.createdAt, context.config.TIME_ZONE);
      await assertDocumentsForDecision(db, row, actor, request.body);

      return idempotent(db, request, reply, async () => {
        if (signing) await assertNumberIsFree(db, row.id, signing.ourNumber);
        // The role the stage asks for decides whether the caller acts as Plt./Plh. of someone.
        const role = STAGE_RULES[stage as ActiveStage]?.role ?? null;
        const acting = { ...actor, actingFor: actorAs(request, role).actingFor };
        const input = { stage, decision, note, signing, actor: acting, request: originOf(request) };
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
        const change = { ...request.body, actor: actorAs(request, 'verifier'), request: originOf(request) };
        const updateId = updateIdFor(request, request.params.id);
        await gateway.update(request.params.id, extendDeadlineUpdate, change, updateId);

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
        const report = { ...request.body, reportId, actor: acting, request: originOf(request) };
        const updateId = updateIdFor(request, request.params.id);
        // A repeat that reaches Temporal gets the first request's report id back, not its own.
        const filed = await gateway.update(request.params.id, fileReportUpdate, report, updateId);

        return { status: 201, body: { reportId: filed.reportId } };
      });
    },
  );

  routes.post(
    '/api/agreements/:id/reports/:reportId/review',
    { schema: { tags: ['monitoring'], params: uuidParam.extend({ reportId: z.uuid() }), body: reportReviewBody } },
    async (request, reply) => {
      await visibleAgreement(request, request.params.id);
      const { reportId } = request.params;
      const actor = actorAs(request, 'verifier');
      const review = { ...request.body, reportId, actor, request: originOf(request) };

      return idempotent(db, request, reply, async () => {
        const updateId = updateIdFor(request, request.params.id);
        const result = await gateway.update(request.params.id, reviewReportUpdate, review, updateId);

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
        const termination = { ...request.body, actor: acting, request: originOf(request) };
        await gateway.update(request.params.id, terminateUpdate, termination, updateIdFor(request, request.params.id));

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
