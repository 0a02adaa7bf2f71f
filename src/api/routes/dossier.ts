/**
 * `GET /api/agreements/:id/dossier`: the auditor's one-file dossier (read/dossier.ts), sent as
 * a JSON download. Refused with 403 to anyone else who may see the agreement, 404 otherwise.
 */
import type { FastifyInstance } from 'fastify';
import { requireUser } from '../auth/plugin.js';
import { audit } from '../audit.js';
import type { ApiContext } from '../context.js';
import { AppError, notFound } from '../errors.js';
import { buildDossier } from '../read/dossier.js';
import { loadAgreement } from '../read/agreement-detail.js';
import { uuidParam } from '../schemas.js';
import { canRead } from '../visibility.js';

export function dossierRoutes(app: FastifyInstance, { db, temporal }: ApiContext) {
  app.get(
    '/api/agreements/:id/dossier',
    { schema: { tags: ['audit'], summary: 'Berkas audit satu kerja sama (JSON)', params: uuidParam } },
    async (request, reply) => {
      const actor = requireUser(request);
      const { id } = request.params as { id: string };
      const row = await loadAgreement(db, id);
      if (!row || !canRead(actor, row)) throw notFound('Kerja sama');
      if (!request.ownRoles.includes('auditor')) {
        throw new AppError('forbidden', 'Berkas audit hanya untuk auditor (Inspektorat).');
      }

      const dossier = await buildDossier(db, temporal, row, actor.username);
      const sha256 = dossier.verification.contentSha256;
      await audit(request, 'agreement.dossier', { type: 'agreement', id }, { contentSha256: sha256 }, {
        role: 'auditor',
      });

      return reply
        .header('content-disposition', `attachment; filename="dossier-${row.trackingCode}.json"`)
        .header('cache-control', 'private, no-store')
        .send(dossier);
    },
  );
}
