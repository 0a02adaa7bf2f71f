/** Liveness and readiness: ready means Postgres and Temporal both answer. */
import { sql } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import type { ApiContext } from '../context.js';

export function healthRoutes(app: FastifyInstance, { db, temporal, config }: ApiContext) {
  app.get('/healthz', { schema: { hide: true } }, async () => ({ status: 'ok' }));

  app.get('/readyz', { schema: { hide: true } }, async (_request, reply) => {
    const [database, workflowService] = await Promise.all([
      probe(() => db.execute(sql`select 1`)),
      probe(() =>
        temporal.workflowService.describeNamespace({ namespace: config.TEMPORAL_NAMESPACE }),
      ),
    ]);
    const ready = database === 'ok' && workflowService === 'ok';
    reply.status(ready ? 200 : 503);

    return { status: ready ? 'ready' : 'not_ready', checks: { database, temporal: workflowService } };
  });
}

async function probe(check: () => Promise<unknown>): Promise<string> {
  try {
    await Promise.race([check(), new Promise((_, reject) => setTimeout(() => reject(new Error('timeout')), 2000))]);
    return 'ok';
  } catch (error) {
    return `error: ${(error as Error).message.slice(0, 200)}`;
  }
}
