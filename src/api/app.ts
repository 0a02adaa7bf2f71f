/**
 * Builds the Fastify app: zod validation and OpenAPI, authentication, one error handler and
 * the routes. Holds no process logic: that lives in the workflow.
 */
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import { jsonSchemaTransform, serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import type { Logger } from 'pino';
import { registerAudit } from './audit.js';
import { registerAuthentication } from './auth/plugin.js';
import type { ApiContext } from './context.js';
import { frameworkErrorAnswer, registerErrorHandling } from './errors.js';
import { registerMetrics } from './metrics.js';
import { documentResponses } from './openapi-responses.js';
import { adminCalendarRoutes } from './routes/admin-calendar.js';
import { adminSettingsRoutes } from './routes/admin-settings.js';
import { adminUnitRoutes } from './routes/admin-units.js';
import { adminUserRoutes } from './routes/admin-users.js';
import { adminWebhookRoutes } from './routes/admin-webhooks.js';
import { agreementImportRoutes } from './routes/agreement-import.js';
import { agreementRoutes } from './routes/agreements.js';
import { auditRoutes } from './routes/audit.js';
import { authRoutes } from './routes/auth.js';
import { decisionRoutes } from './routes/decisions.js';
import { delegationRoutes } from './routes/delegations.js';
import { documentRoutes } from './routes/documents.js';
import { dossierRoutes } from './routes/dossier.js';
import { healthRoutes } from './routes/health.js';
import { portalRoutes } from './routes/portal.js';
import { publicTrackingRoutes } from './routes/public-tracking.js';
import { reportRoutes } from './routes/reports.js';
import { taskRoutes } from './routes/tasks.js';
import { API_HEADERS, registerSecurity } from './security.js';

export async function buildApp(context: ApiContext, logger: Logger): Promise<FastifyInstance> {
  const app: FastifyInstance = Fastify({
    loggerInstance: logger as FastifyBaseLogger,
    bodyLimit: 1024 * 1024,
    genReqId: () => crypto.randomUUID(),
    requestIdHeader: false,
    routerOptions: { maxParamLength: 200 },
    // A hop count is accepted at run time (fastify/lib/server), though its types omit it.
    trustProxy: context.config.TRUST_PROXY as boolean | string,
    frameworkErrors: frameworkErrorAnswer(API_HEADERS),
  });
  // Bodies are JSON (or multipart, or CSV where a route says so): text/plain is a 415.
  app.removeContentTypeParser('text/plain');
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  await registerSecurity(app, context.config);
  registerMetrics(app, context.db);
  documentResponses(app);

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
  registerAuthentication(app, context.db, context.config);
  registerAudit(app, context.db);
  const accessRoutes = [
    adminUserRoutes, adminUnitRoutes, adminCalendarRoutes, adminSettingsRoutes,
    delegationRoutes, auditRoutes, dossierRoutes, adminWebhookRoutes, agreementImportRoutes,
  ];
  const coreRoutes = [
    authRoutes, agreementRoutes, decisionRoutes, documentRoutes, taskRoutes,
    publicTrackingRoutes, healthRoutes, reportRoutes,
  ];
  for (const routes of [...accessRoutes, ...coreRoutes]) {
    routes(app, context);
  }
  portalRoutes(app, context);

  return app;
}
