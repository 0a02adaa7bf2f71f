/**
 * Builds the Fastify app: zod validation and OpenAPI, authentication, one error handler and
 * the routes. Holds no process logic: that lives in the workflow.
 */
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import { jsonSchemaTransform, serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import type { Logger } from 'pino';
import { registerAuthentication } from './auth/plugin.js';
import type { ApiContext } from './context.js';
import { registerErrorHandling } from './errors.js';
import { agreementRoutes } from './routes/agreements.js';
import { authRoutes } from './routes/auth.js';
import { decisionRoutes } from './routes/decisions.js';
import { healthRoutes } from './routes/health.js';
import { publicTrackingRoutes } from './routes/public-tracking.js';
import { taskRoutes } from './routes/tasks.js';

export async function buildApp(context: ApiContext, logger: Logger): Promise<FastifyInstance> {
  const app: FastifyInstance = Fastify({
    loggerInstance: logger as FastifyBaseLogger,
    bodyLimit: 1024 * 1024,
    genReqId: () => crypto.randomUUID(),
    requestIdHeader: false,
    routerOptions: { maxParamLength: 200 },
  });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.addHook('onSend', async (request, reply) => {
    reply.header('x-request-id', request.id);
  });

  await app.register(swagger, {
    openapi: {
      info: {
        title: 'Si Mbois Ker API',
        description: 'Kerja sama daerah: pengajuan, telaah, persetujuan, penandatanganan, pelaksanaan dan monitoring.',
        version: '0.1.0',
      },
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
      security: [{ bearer: [] }],
    },
    transform: jsonSchemaTransform,
  });
  await app.register(swaggerUi, { routePrefix: '/docs' });

  registerErrorHandling(app);
  registerAuthentication(app, context.db);
  for (const routes of [authRoutes, agreementRoutes, decisionRoutes, taskRoutes, publicTrackingRoutes, healthRoutes]) {
    routes(app, context);
  }

  return app;
}
