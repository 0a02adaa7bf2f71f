/**
 * Acting officials (Plt./Plh.): a holder hands one of their own roles to another user for a
 * period, on a warrant (surat perintah); the admin may do so for anyone. While it runs the
 * delegate acts in that role (auth/plugin.ts), sees its tasks and gets its reminders. Dates
 * given as YYYY-MM-DD run from the start of `from` to the end of `until` in the city's zone.
 */
import { and, desc, eq, gt, isNull, lt, or } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { addCalendarDays, endOfLocalDay } from '../../domain/calendar.js';
import { ROLE_LABELS, ROLES, type Role } from '../../domain/glossary.js';
import { delegations, users } from '../../db/schema.js';
import { audit } from '../audit.js';
import { requireUser } from '../auth/plugin.js';
import type { ApiContext } from '../context.js';
import { AppError, notFound } from '../errors.js';
import { localDate, text, uuidParam } from '../schemas.js';

/** Roles that cannot be handed on: oversight and administration stay with their holders. */
const NOT_DELEGABLE: readonly Role[] = ['auditor', 'admin'];
/** Roles bound to the holder's office: the acting official must belong to the same unit. */
const UNIT_BOUND: readonly Role[] = ['initiator', 'unit_head'];
const MAX_DAYS = 366;

const when = z.union([localDate, z.iso.datetime({ offset: true })]);
const delegationBody = z.object({
  toUsername: text(100),
  role: z.enum(ROLES),
  from: when,
  until: when,
  warrantNumber: text(200),
  title: z.enum(['plt', 'plh']).default('plh'),
  /** The office holder; only the admin may name someone other than themselves. */
  holderUsername: text(100).optional(),
});
const listQuery = z.object({ active: z.enum(['true', 'false']).transform((v) => v === 'true').optional() });

export function delegationRoutes(app: FastifyInstance, { db, config }: ApiContext) {
  const routes = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['delegations'];
  const isAdmin = (ownRoles: Role[]) => ownRoles.includes('admin');

  routes.post('/api/delegations', { schema: { tags, body: delegationBody } }, async (request, reply) => {
    const caller = requireUser(request);
    const body = request.body;
    const holderName = (body.holderUsername ?? caller.username).toLowerCase();
    if (holderName !== caller.username && !isAdmin(request.ownRoles)) {
      throw new AppError('forbidden', 'Hanya admin yang dapat melimpahkan peran orang lain.');
    }
    if (NOT_DELEGABLE.includes(body.role)) {
      throw new AppError('forbidden', `Peran ${ROLE_LABELS[body.role]} tidak dapat dilimpahkan.`);
    }
    const validFrom = instant(body.from, 'start', config.TIME_ZONE);
    const validUntil = instant(body.until, 'end', config.TIME_ZONE);
    assertPeriod(validFrom, validUntil);

    const holder = await activeUser(db, holderName, 'holderUsername');
    const delegate = await activeUser(db, body.toUsername.toLowerCase(), 'toUsername');
    if (!holder.roles.includes(body.role)) {
      throw new AppError('not_allowed_now', `${holder.username} tidak memegang peran ${ROLE_LABELS[body.role]}.`);
    }
    if (delegate.username === holder.username) {
      throw new AppError('invalid_input', 'Peran tidak dapat dilimpahkan kepada diri sendiri.');
    }
    if (UNIT_BOUND.includes(body.role) && delegate.unitCode !== holder.unitCode) {
      const message = `Pelaksana peran ${ROLE_LABELS[body.role]} harus dari unit ${holder.unitCode}.`;
      throw new AppError('not_allowed_now', message);
    }

    const created = await db.transaction(async (tx) => {
      const overlapping = await tx
        .select({ id: delegations.id })
        .from(delegations)
        .where(
          and(
            eq(delegations.holderUsername, holder.username),
            eq(delegations.role, body.role),
            isNull(delegations.revokedAt),
            lt(delegations.validFrom, validUntil),
            gt(delegations.validUntil, validFrom),
          ),
        );
      if (overlapping.length > 0) {
        const message = `Peran ${ROLE_LABELS[body.role]} milik ${holder.username} sudah dilimpahkan pada periode itu.`;
        throw new AppError('conflict', message, { delegationId: overlapping[0]!.id });
      }
      const [row] = await tx
        .insert(delegations)
        .values({
          holderUsername: holder.username,
          holderUnitCode: holder.unitCode,
          delegateUsername: delegate.username,
          role: body.role,
          title: body.title,
          warrantNumber: body.warrantNumber,
          validFrom,
          validUntil,
          createdBy: caller.username,
        })
        .returning();
      return row!;
    });
    await audit(request, 'delegation.create', { type: 'delegation', id: created.id }, publicDelegation(created));

    return reply.status(201).send(publicDelegation(created));
  });

  routes.get('/api/delegations', { schema: { tags, querystring: listQuery } }, async (request) => {
    const caller = requireUser(request);
    const now = new Date();
    const mine = isAdmin(request.ownRoles)
      ? undefined
      : or(eq(delegations.holderUsername, caller.username), eq(delegations.delegateUsername, caller.username));
    const active = request.query.active
      ? and(isNull(delegations.revokedAt), lt(delegations.validFrom, now), gt(delegations.validUntil, now))
      : undefined;
    const rows = await db
      .select()
      .from(delegations)
      .where(and(mine, active))
      .orderBy(desc(delegations.createdAt))
      .limit(500);

    return { items: rows.map(publicDelegation), total: rows.length };
  });

  routes.delete('/api/delegations/:id', { schema: { tags, params: uuidParam } }, async (request) => {
    const caller = requireUser(request);
    const [row] = await db.select().from(delegations).where(eq(delegations.id, request.params.id));
    const admin = isAdmin(request.ownRoles);
    if (!row || (!admin && row.holderUsername !== caller.username && row.delegateUsername !== caller.username)) {
      throw notFound('Pelimpahan');
    }
    // The acting official cannot end it themselves: the holder or the admin does.
    if (!admin && row.holderUsername !== caller.username) {
      throw new AppError('forbidden', 'Hanya pemberi pelimpahan atau admin yang dapat mencabutnya.');
    }
    const [revoked] = await db
      .update(delegations)
      .set({ revokedAt: new Date(), revokedBy: caller.username })
      .where(and(eq(delegations.id, row.id), isNull(delegations.revokedAt)))
      .returning();
    if (revoked) await audit(request, 'delegation.revoke', { type: 'delegation', id: row.id }, { role: row.role });

    return publicDelegation(revoked ?? row);
  });
}

function instant(value: string, edge: 'start' | 'end', timeZone: string): Date {
  if (value.includes('T')) return new Date(value);
  if (edge === 'end') return new Date(endOfLocalDay(value, timeZone).getTime() + 1);

  return new Date(endOfLocalDay(addCalendarDays(value, -1), timeZone).getTime() + 1);
}

function assertPeriod(from: Date, until: Date) {
  if (until <= from) throw new AppError('invalid_input', 'Tanggal akhir (until) harus sesudah tanggal mulai (from).');
  if (until.getTime() <= Date.now()) throw new AppError('invalid_input', 'Periode pelimpahan sudah lewat.');
  if (until.getTime() - from.getTime() > MAX_DAYS * 86_400_000) {
    const message = `Pelimpahan paling lama ${MAX_DAYS} hari; perbarui dengan surat perintah baru.`;
    throw new AppError('invalid_input', message);
  }
}

async function activeUser(db: ApiContext['db'], username: string, field: string) {
  const [user] = await db.select().from(users).where(and(eq(users.username, username), eq(users.active, true)));
  if (!user) {
    throw new AppError('invalid_input', `Pengguna aktif '${username}' tidak ditemukan.`, [{ field: `body.${field}` }]);
  }

  return user;
}

function publicDelegation(row: typeof delegations.$inferSelect) {
  const now = Date.now();
  return {
    id: row.id,
    holderUsername: row.holderUsername,
    holderUnitCode: row.holderUnitCode,
    toUsername: row.delegateUsername,
    role: row.role,
    title: row.title,
    warrantNumber: row.warrantNumber,
    from: row.validFrom.toISOString(),
    until: row.validUntil.toISOString(),
    createdBy: row.createdBy,
    revokedAt: row.revokedAt?.toISOString() ?? null,
    inForce: !row.revokedAt && row.validFrom.getTime() <= now && row.validUntil.getTime() > now,
  };
}
