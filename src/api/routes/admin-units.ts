/**
 * Admin: units (perangkat daerah). A unit still named by a user or an agreement cannot be
 * removed (409): history must keep pointing at something real. Admin only; audited.
 */
import { asc, count, eq } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { agreements, units, users } from '../../db/schema.js';
import { audit } from '../audit.js';
import { requireOwnRole } from '../auth/roles.js';
import type { ApiContext } from '../context.js';
import { AppError, notFound } from '../errors.js';
import { text } from '../schemas.js';

const code = z.string().trim().toUpperCase().regex(/^[A-Z0-9_]{2,20}$/, 'must be 2–20 of A-Z, 0-9, _');
const unitBody = z.object({ code, name: text(200) });
const codeParam = z.object({ code });

export function adminUnitRoutes(app: FastifyInstance, { db }: ApiContext) {
  const routes = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['admin'];
  const target = (unitCode: string) => ({ type: 'unit', id: unitCode });

  routes.get('/api/admin/units', { schema: { tags } }, async (request) => {
    requireOwnRole(request, 'admin');
    const rows = await db.select().from(units).orderBy(asc(units.code));

    return { items: rows.map(publicUnit), total: rows.length };
  });

  routes.post('/api/admin/units', { schema: { tags, body: unitBody } }, async (request, reply) => {
    requireOwnRole(request, 'admin');
    const [created] = await db.insert(units).values(request.body).onConflictDoNothing().returning();
    if (!created) throw new AppError('conflict', `Kode unit '${request.body.code}' sudah dipakai.`);
    await audit(request, 'admin.unit.create', target(created.code), { name: created.name }, { role: 'admin' });

    return reply.status(201).send(publicUnit(created));
  });

  routes.patch(
    '/api/admin/units/:code',
    { schema: { tags, params: codeParam, body: unitBody.pick({ name: true }) } },
    async (request) => {
      requireOwnRole(request, 'admin');
      const [updated] = await db
        .update(units)
        .set({ name: request.body.name })
        .where(eq(units.code, request.params.code))
        .returning();
      if (!updated) throw notFound('Unit');
      await audit(request, 'admin.unit.update', target(updated.code), { name: updated.name }, { role: 'admin' });

      return publicUnit(updated);
    },
  );

  routes.delete('/api/admin/units/:code', { schema: { tags, params: codeParam } }, async (request) => {
    requireOwnRole(request, 'admin');
    const unitCode = request.params.code;
    const [[people], [cases]] = [
      await db.select({ value: count() }).from(users).where(eq(users.unitCode, unitCode)),
      await db.select({ value: count() }).from(agreements).where(eq(agreements.unitCode, unitCode)),
    ];
    const inUse = { users: people?.value ?? 0, agreements: cases?.value ?? 0 };
    if (inUse.users > 0 || inUse.agreements > 0) throw stillUsed(unitCode, inUse);
    let deleted;
    try {
      [deleted] = await db.delete(units).where(eq(units.code, unitCode)).returning();
    } catch (error) {
      // Another table (a record added later) still refers to the unit.
      const failure = error as { code?: string; cause?: { code?: string } };
      if ((failure.cause?.code ?? failure.code) === '23503') throw stillUsed(unitCode, inUse);
      throw error;
    }
    if (!deleted) throw notFound('Unit');
    await audit(request, 'admin.unit.delete', target(unitCode), {}, { role: 'admin' });

    return { ok: true };
  });
}

function stillUsed(unitCode: string, inUse: object) {
  return new AppError('conflict', `Unit ${unitCode} masih dipakai oleh pengguna, kerja sama atau catatan lain.`, inUse);
}

function publicUnit(row: typeof units.$inferSelect) {
  return { code: row.code, name: row.name, createdAt: row.createdAt.toISOString() };
}
