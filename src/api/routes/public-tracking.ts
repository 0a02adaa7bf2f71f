/** Public tracking (lacak publik): no login, only what domain.md allows the public to see. */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { normalizeTrackingCode } from '../../domain/tracking-code.js';
import type { ApiContext } from '../context.js';
import { notFound } from '../errors.js';
import { createPublicViewCache } from '../read/public-view-cache.js';
import { createPublicViewReader } from '../read/public-view.js';

const WRITES = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
const JSON_UTF8 = 'application/json; charset=utf-8';

export function publicTrackingRoutes(app: FastifyInstance, { db }: ApiContext) {
  const routes = app.withTypeProvider<ZodTypeProvider>();
  // The serialised answer per code, checked against the response schema once per load.
  const views = createPublicViewCache<Buffer>({ ttlMs: 1000, maxEntries: 10_000 });
  const readView = createPublicViewReader(db);

  /**
   * Staleness allowed: at most 1 s. A view is served from memory for 1 s after it was read from
   * Postgres, so a stage recorded by the worker, or through another API replica, shows within a
   * second. A successful write through this process's agreement API (decision, deadline,
   * report, import, …) forgets every view before its answer leaves, so whoever made the change
   * here sees it at once. An entry is keyed by the normalised code it was read for, so no answer
   * can hold another agreement's data. A malformed code is refused before any read; a
   * well-formed code nobody holds is looked up in the unique index and never kept, so random
   * codes can neither grow the cache nor push real views out of it.
   */
  routes.get(
    '/api/public/track/:trackingCode',
    // Any string: a malformed code is as unknown as a well-formed one nobody holds (404).
    { schema: { tags: ['public'], params: z.object({ trackingCode: z.string() }) } },
    async (request, reply) => {
      const code = normalizeTrackingCode(request.params.trackingCode);
      if (!code) throw notFound('Kode lacak');
      // The route's own serialiser for 200 (openapi-responses.ts), so each answer is checked.
      const serialize = reply.getSerializationFunction('200') ?? JSON.stringify;
      const body = await views.get(code, async () => {
        const view = await readView(code);
        return view && Buffer.from(serialize(view));
      });
      if (!body) throw notFound('Kode lacak');

      return reply.type(JSON_UTF8).send(body);
    },
  );

  app.addHook('onSend', (request, reply, payload, done) => {
    const wrote = WRITES.has(request.method) && reply.statusCode < 400;
    if (wrote && request.url.startsWith('/api/agreements')) views.clear();
    done(null, payload);
  });
}
