/**
 * The audit log for the auditor (Inspektorat): re-walk the hash chain, and read entries by
 * target, action or actor. Auditor only: the log records everyone, the admin included.
 */
import { and, asc, count, eq, type SQL } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { verifyAuditChain } from '../../audit/verify.js';
import { auditLog } from '../../db/schema.js';
import { audit } from '../audit.js';
import { requireOwnRole } from '../auth/roles.js';
import type { ApiContext } from '../context.js';

const key = z.string().max(200).refine((value) => !value.includes('\u0000'), 'must not contain U+0000');
const listQuery = z.object({
  page: z.coerce.number().int().min(1).max(100000).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(50),
  targetType: key.optional(),
  targetId: key.optional(),
  action: key.optional(),
  actor: key.optional(),
});

export function auditRoutes(app: FastifyInstance, { db }: ApiContext) {
  const routes = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['audit'];

  const verifySchema = { tags, summary: 'Periksa ulang rantai hash jejak audit' };

  routes.get('/api/audit/verify', { schema: verifySchema }, async (request) => {
    requireOwnRole(request, 'auditor');
    const report = await verifyAuditChain(db);
    await audit(request, 'audit.verify', null, { valid: report.valid, entries: report.entries }, { role: 'auditor' });

    return report;
  });

  routes.get('/api/audit', { schema: { tags, querystring: listQuery } }, async (request) => {
    requireOwnRole(request, 'auditor');
    const { page, pageSize, targetType, targetId, action, actor } = request.query;
    const filters: SQL[] = [];
    if (targetType) filters.push(eq(auditLog.targetType, targetType));
    if (targetId) filters.push(eq(auditLog.targetId, targetId));
    if (action) filters.push(eq(auditLog.action, action));
    if (actor) filters.push(eq(auditLog.actorUsername, actor));
    const where = and(...filters);
    const [rows, [total]] = await Promise.all([
      db.select().from(auditLog).where(where).orderBy(asc(auditLog.seq)).limit(pageSize).offset((page - 1) * pageSize),
      db.select({ value: count() }).from(auditLog).where(where),
    ]);

    return { items: rows.map(publicEntry), total: total?.value ?? 0, page, pageSize };
  });
}

export function publicEntry(row: typeof auditLog.$inferSelect) {
  return { ...row, at: row.at.toISOString() };
}
