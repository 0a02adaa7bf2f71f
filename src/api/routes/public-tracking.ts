/** Public tracking (lacak publik): no login, only what domain.md allows the public to see. */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { normalizeTrackingCode } from '../../domain/tracking-code.js';
import type { ApiContext } from '../context.js';
import { notFound } from '../errors.js';
import { publicViewByCode } from '../read/public-view.js';

export function publicTrackingRoutes(app: FastifyInstance, { db }: ApiContext) {
  const routes = app.withTypeProvider<ZodTypeProvider>();

  routes.get(
    '/api/public/track/:trackingCode',
    // Any string: a malformed code is as unknown as a well-formed one nobody holds (404).
    { schema: { tags: ['public'], params: z.object({ trackingCode: z.string() }) } },
    async (request) => {
      const code = normalizeTrackingCode(request.params.trackingCode);
      if (!code) throw notFound('Kode lacak');
      const view = await publicViewByCode(db, code);
      if (!view) throw notFound('Kode lacak');

      return view;
    },
  );
}
