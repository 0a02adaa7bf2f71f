/** Public tracking (lacak publik): no login, only what domain.md allows the public to see. */
import { eq } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { normalizeTrackingCode } from '../../domain/tracking-code.js';
import { agreements } from '../../db/schema.js';
import type { ApiContext } from '../context.js';
import { notFound } from '../errors.js';
import { publicView } from '../read/public-view.js';

export function publicTrackingRoutes(app: FastifyInstance, { db }: ApiContext) {
  const routes = app.withTypeProvider<ZodTypeProvider>();

  routes.get(
    '/api/public/track/:trackingCode',
    { schema: { tags: ['public'], params: z.object({ trackingCode: z.string().max(64) }) } },
    async (request) => {
      const code = normalizeTrackingCode(request.params.trackingCode);
      if (!code) throw notFound('Kode lacak');
      const [row] = await db.select().from(agreements).where(eq(agreements.trackingCode, code));
      if (!row) throw notFound('Kode lacak');

      return publicView(db, row);
    },
  );
}
