/**
 * Admin: user accounts (pengguna). Create, read, change roles and unit, reset a password,
 * deactivate. Deactivating or resetting a password revokes the user's sessions at once.
 * Admin only; every change is audited (never with the password).
 */
import { and, asc, count, eq, ilike, isNull, or, type SQL } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ROLES } from '../../domain/glossary.js';
import type { Database } from '../../db/client.js';
import { sessions, units, users } from '../../db/schema.js';
import { audit } from '../audit.js';
import { hashPassword } from '../auth/passwords.js';
import { requireOwnRole } from '../auth/roles.js';
import type { ApiContext } from '../context.js';
import { AppError, notFound } from '../errors.js';
import { text, uuidParam } from '../schemas.js';

const password = z.string().min(10).max(500);
const roles = z
  .array(z.enum(ROLES))
  .min(1)
  .max(ROLES.length)
  .refine((list) => new Set(list).size === list.length, 'roles must not repeat');
const userBody = z.object({
  username: z.string().trim().toLowerCase().regex(/^[a-z0-9][a-z0-9._-]{2,59}$/, 'must be 3–60 of a-z, 0-9, . _ -'),
  name: text(200),
  email: z.email().max(320),
  password,
  roles,
  unitCode: text(40),
});
const userPatch = userBody.omit({ username: true }).partial().extend({ active: z.boolean().optional() });
const userQuery = z.object({
  page: z.coerce.number().int().min(1).max(100000).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(20),
  q: z.string().max(100).refine((value) => !value.includes('\u0000'), 'must not contain U+0000').optional(),
  active: z.enum(['true', 'false']).transform((value) => value === 'true').optional(),
});

export function adminUserRoutes(app: FastifyInstance, { db }: ApiContext) {
  const routes = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['admin'];

  routes.get('/api/admin/users', { schema: { tags, querystring: userQuery } }, async (request) => {
    requireOwnRole(request, 'admin');
    const { page, pageSize, q, active } = request.query;
    const filters: (SQL | undefined)[] = [];
    if (q) filters.push(or(ilike(users.username, `%${escapeLike(q)}%`), ilike(users.name, `%${escapeLike(q)}%`)));
    if (active !== undefined) filters.push(eq(users.active, active));
    const where = and(...filters);
    const [rows, [total]] = await Promise.all([
      db
        .select()
        .from(users)
        .where(where)
        .orderBy(asc(users.username), asc(users.id))
        .limit(pageSize)
        .offset((page - 1) * pageSize),
      db.select({ value: count() }).from(users).where(where),
    ]);

    return { items: rows.map(publicUser), total: total?.value ?? 0, page, pageSize };
  });

  routes.get('/api/admin/users/:id', { schema: { tags, params: uuidParam } }, async (request) => {
    requireOwnRole(request, 'admin');

    return publicUser(await loadUser(db, request.params.id));
  });

  routes.post('/api/admin/users', { schema: { tags, body: userBody } }, async (request, reply) => {
    requireOwnRole(request, 'admin');
    const body = request.body;
    await assertUnit(db, body.unitCode);
    const passwordHash = await hashPassword(body.password);
    const [created] = await db
      .insert(users)
      .values({ ...body, passwordHash })
      .onConflictDoNothing({ target: users.username })
      .returning();
    if (!created) throw new AppError('conflict', `Nama pengguna '${body.username}' sudah dipakai.`);
    const data = { roles: body.roles, unitCode: body.unitCode };
    await audit(request, 'admin.user.create', { type: 'user', id: created.username }, data, { role: 'admin' });

    return reply.status(201).send(publicUser(created));
  });

  routes.patch('/api/admin/users/:id', { schema: { tags, params: uuidParam, body: userPatch } }, async (request) => {
    const admin = requireOwnRole(request, 'admin');
    const before = await loadUser(db, request.params.id);
    const { password: newPassword, ...changes } = request.body;
    const dropsOwnAdmin = changes.active === false || (changes.roles && !changes.roles.includes('admin'));
    if (before.username === admin.username && dropsOwnAdmin) {
      const message = 'Admin tidak dapat menonaktifkan atau mencabut peran admin dirinya sendiri.';
      throw new AppError('not_allowed_now', message);
    }
    if (changes.unitCode) await assertUnit(db, changes.unitCode);

    const updated = await db.transaction(async (tx) => {
      const set = { ...changes, ...(newPassword ? { passwordHash: await hashPassword(newPassword) } : {}) };
      const changing = Object.keys(set).length > 0;
      const [row] = changing ? await tx.update(users).set(set).where(eq(users.id, before.id)).returning() : [before];
      // A deactivated user or a reset password ends every open session at once.
      if (changes.active === false || newPassword) {
        await revokeSessions(tx, before.id);
      }
      return row!;
    });
    const changed = { ...changes, ...(newPassword ? { password: 'reset' } : {}) };
    await audit(request, 'admin.user.update', { type: 'user', id: updated.username }, { changed }, { role: 'admin' });

    return publicUser(updated);
  });

  routes.delete('/api/admin/users/:id', { schema: { tags, params: uuidParam } }, async (request) => {
    const admin = requireOwnRole(request, 'admin');
    const user = await loadUser(db, request.params.id);
    if (user.username === admin.username) {
      throw new AppError('not_allowed_now', 'Admin tidak dapat menonaktifkan dirinya sendiri.');
    }
    // Users are never deleted: their name stays on the timeline and in the audit log.
    const updated = await db.transaction(async (tx) => {
      const [row] = await tx.update(users).set({ active: false }).where(eq(users.id, user.id)).returning();
      await revokeSessions(tx, user.id);
      return row!;
    });
    await audit(request, 'admin.user.deactivate', { type: 'user', id: user.username }, {}, { role: 'admin' });

    return publicUser(updated);
  });
}

async function loadUser(db: Database, id: string) {
  const [row] = await db.select().from(users).where(eq(users.id, id));
  if (!row) throw notFound('Pengguna');

  return row;
}

async function revokeSessions(tx: Pick<Database, 'update'>, userId: string) {
  await tx
    .update(sessions)
    .set({ revokedAt: new Date() })
    .where(and(eq(sessions.userId, userId), isNull(sessions.revokedAt)));
}

async function assertUnit(db: Database, code: string) {
  const [unit] = await db.select({ code: units.code }).from(units).where(eq(units.code, code));
  if (!unit) throw new AppError('invalid_input', `Unit '${code}' tidak dikenal.`, [{ field: 'body.unitCode' }]);
}

function publicUser(row: typeof users.$inferSelect) {
  return {
    id: row.id,
    username: row.username,
    name: row.name,
    email: row.email,
    roles: row.roles,
    unitCode: row.unitCode,
    active: row.active,
    createdAt: row.createdAt.toISOString(),
  };
}

function escapeLike(value: string): string {
  return value.replace(/[\\%_]/g, (char) => `\\${char}`);
}
