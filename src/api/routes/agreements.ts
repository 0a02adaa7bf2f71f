/** Agreements: create (and start the workflow), list and read. */
import { randomBytes, randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { planPath } from '../../domain/paths.js';
import type { Actor } from '../../domain/permissions.js';
import { formatTrackingCode } from '../../domain/tracking-code.js';
import { agreements, units } from '../../db/schema.js';
import { requireUser } from '../auth/plugin.js';
import type { ApiContext } from '../context.js';
import { AppError, notFound } from '../errors.js';
import { idempotent } from '../idempotency.js';
import { assertParent } from '../parent-agreement.js';
import { readAgreementDetail } from '../read/agreement-detail.js';
import { listAgreements } from '../read/agreement-list.js';
import { assertNothingRequiredAtCreation } from '../required-documents.js';
import { createAgreementBody, listQuery, uuidParam, type CreateAgreementBody } from '../schemas.js';
import { canRead } from '../visibility.js';

export function agreementRoutes(app: FastifyInstance, context: ApiContext) {
  const routes = app.withTypeProvider<ZodTypeProvider>();
  const { db, gateway } = context;

  routes.post(
    '/api/agreements',
    { schema: { tags: ['agreements'], body: createAgreementBody } },
    async (request, reply) => {
      const actor = requireUser(request);
      const body = request.body;
      // Only an initiating office creates, and only for itself (pemrakarsa).
      if (!actor.roles.includes('initiator')) {
        throw new AppError('forbidden', 'Hanya pemrakarsa yang dapat membuat usulan.');
      }
      if (body.unitCode !== actor.unitCode) {
        throw new AppError(
          'forbidden',
          `Pemrakarsa hanya dapat mengusulkan untuk unitnya sendiri (${actor.unitCode}).`,
        );
      }

      return idempotent(db, request, reply, async () => {
        await assertReferences(context, actor, body);
        if (body.submit) assertNothingRequiredAtCreation(body.instrument);
        const id = randomUUID();
        const row = await insertAgreement(context, id, body, actor.username);
        let started;
        try {
          started = await gateway.start({
            agreement: {
              agreementId: id,
              trackingCode: row.trackingCode,
              kind: body.kind,
              instrument: body.instrument,
              unitCode: body.unitCode,
              title: body.title,
              durationMonths: body.durationMonths,
              plannedStart: body.plannedStart ?? null,
              parentId: body.parentId ?? null,
              changes: body.changes ?? null,
              path: row.path as never,
              createdBy: actor,
            },
            submitOnStart: body.submit ?? false,
            // The creation's audit entry (and the submission's) is appended with the first projection.
            request: { id: request.id, clientAddress: request.ip },
          });
        } catch (error) {
          // Nothing half-written: without its workflow the agreement must not exist.
          await db.delete(agreements).where(eq(agreements.id, id));
          throw error;
        }

        // With submit: true the workflow has submitted at once; answer with the stage it reached.
        const stage = started.stage;

        return {
          status: 201,
          body: { id, trackingCode: row.trackingCode, stage, status: stage === 'draft' ? 'draft' : 'in_process' },
        };
      });
    },
  );

  routes.get('/api/agreements', { schema: { tags: ['agreements'], querystring: listQuery } }, async (request) => {
    const actor = requireUser(request);

    return listAgreements(db, actor, request.query, context.config.TIME_ZONE);
  });

  routes.get('/api/agreements/:id', { schema: { tags: ['agreements'], params: uuidParam } }, async (request) => {
    const actor = requireUser(request);
    const found = await readAgreementDetail(db, request.params.id);
    if (!found || !canRead(actor, found.row)) throw notFound('Kerja sama');

    return found.detail;
  });
}

/** The unit and the parent the proposal names exist, and the parent may carry it. */
async function assertReferences(context: ApiContext, actor: Actor, body: CreateAgreementBody) {
  const [unit] = await context.db.select().from(units).where(eq(units.code, body.unitCode));
  if (!unit) {
    throw new AppError('invalid_input', `Unit '${body.unitCode}' tidak dikenal.`, [{ field: 'body.unitCode' }]);
  }
  if (body.instrument === 'addendum' && !body.parentId) {
    throw new AppError(
      'invalid_input',
      'Adendum wajib menyebut kerja sama induknya (parentId).',
      [{ field: 'body.parentId' }],
    );
  }
  if (body.parentId) await assertParent(context, actor, { ...body, parentId: body.parentId });
}

async function insertAgreement({ db }: ApiContext, id: string, body: CreateAgreementBody, createdBy: string) {
  const facts = {
    kind: body.kind,
    instrument: body.instrument,
    initiatedBy: body.initiatedBy ?? 'region',
    dprdTrigger: body.dprdTrigger ?? { burdensPublic: false, unbudgeted: false },
    parentId: body.parentId ?? null,
  } as const;
  for (let attempt = 0; ; attempt += 1) {
    const trackingCode = formatTrackingCode(new Date().getFullYear(), randomBytes(4));
    const [row] = await db
      .insert(agreements)
      .values({
        id,
        trackingCode,
        ...facts,
        title: body.title,
        partners: body.partners,
        unitCode: body.unitCode,
        purpose: body.purpose,
        scope: body.scope,
        plannedStart: body.plannedStart ?? null,
        durationMonths: body.durationMonths,
        valueIdr: body.valueIdr === undefined ? null : String(body.valueIdr),
        fundingSource: body.fundingSource ?? null,
        changes: body.changes ?? null,
        confidential: body.confidential ?? false,
        createdBy,
        path: planPath(facts),
        stage: 'draft',
        status: 'draft',
      })
      .onConflictDoNothing({ target: agreements.trackingCode })
      .returning();
    if (row) return row;
    if (attempt >= 5) throw new Error('could not allocate a unique tracking code');
  }
}
