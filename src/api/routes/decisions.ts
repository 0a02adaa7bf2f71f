/**
 * Everything that changes an agreement's process: decisions, deadline changes, monitoring
 * reports and their review, termination. Each is a workflow Update; the answer is the detail
 * read back from Postgres, which the Update has already brought up to date.
 */
import { randomUUID } from 'node:crypto';
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
import { requireUser } from '../auth/plugin.js';
import type { ApiContext } from '../context.js';
import { notFound } from '../errors.js';
import { idempotent, updateIdFor } from '../idempotency.js';
import { agreementDetail, loadAgreement } from '../read/agreement-detail.js';
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
  const detailAfter = async (id: string) => agreementDetail(db, (await loadAgreement(db, id))!);

  routes.post(
    '/api/agreements/:id/decisions',
    { schema: { tags: ['process'], params: uuidParam, body: decisionBody } },
    async (request, reply) => {
      const { actor } = await visibleAgreement(request, request.params.id);
      const { stage, decision, note, signing } = request.body;

      return idempotent(db, request, reply, async () => {
        await gateway.update(request.params.id, decideUpdate, { stage, decision, note, signing, actor }, updateIdFor(request, request.params.id));

        return { status: 200, body: await detailAfter(request.params.id) };
      });
    },
  );

  routes.post(
    '/api/agreements/:id/deadline',
    { schema: { tags: ['process'], params: uuidParam, body: deadlineBody } },
    async (request, reply) => {
      const { actor } = await visibleAgreement(request, request.params.id);

      return idempotent(db, request, reply, async () => {
        await gateway.update(request.params.id, extendDeadlineUpdate, { ...request.body, actor }, updateIdFor(request, request.params.id));

        return { status: 200, body: await detailAfter(request.params.id) };
      });
    },
  );

  routes.post(
    '/api/agreements/:id/reports',
    { schema: { tags: ['monitoring'], params: uuidParam, body: reportBody } },
    async (request, reply) => {
      const { actor } = await visibleAgreement(request, request.params.id);

      return idempotent(db, request, reply, async () => {
        const reportId = randomUUID();
        await gateway.update(request.params.id, fileReportUpdate, { ...request.body, reportId, actor }, updateIdFor(request, request.params.id));

        return { status: 201, body: { reportId } };
      });
    },
  );

  routes.post(
    '/api/agreements/:id/reports/:reportId/review',
    { schema: { tags: ['monitoring'], params: uuidParam.extend({ reportId: z.uuid() }), body: reportReviewBody } },
    async (request, reply) => {
      const { actor } = await visibleAgreement(request, request.params.id);
      const review = { ...request.body, reportId: request.params.reportId, actor };

      return idempotent(db, request, reply, async () => {
        const result = await gateway.update(request.params.id, reviewReportUpdate, review, updateIdFor(request, request.params.id));

        return { status: 200, body: result };
      });
    },
  );

  routes.post(
    '/api/agreements/:id/terminate',
    { schema: { tags: ['process'], params: uuidParam, body: terminateBody } },
    async (request, reply) => {
      const { actor } = await visibleAgreement(request, request.params.id);

      return idempotent(db, request, reply, async () => {
        await gateway.update(request.params.id, terminateUpdate, { ...request.body, actor: actor as Actor }, updateIdFor(request, request.params.id));

        return { status: 200, body: await detailAfter(request.params.id) };
      });
    },
  );
}
