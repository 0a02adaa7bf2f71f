/**
 * Admin: the working-day calendar. Each year's national holidays and cuti bersama arrive by
 * decree; the admin loads a year at once (its dates replace what was there and the year counts
 * as covered), or adds and removes single dates. Due dates already set keep their value: a
 * change applies to tasks that start afterwards. Admin only; audited.
 */
import { and, asc, count, eq, gte, lte } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { calendarYears, holidays } from '../../db/schema.js';
import { audit } from '../audit.js';
import { requireOwnRole } from '../auth/roles.js';
import type { ApiContext } from '../context.js';
import { AppError, notFound } from '../errors.js';
import { localDate, text } from '../schemas.js';

const kind = z.enum(['libur_nasional', 'cuti_bersama']);
const year = z.coerce.number().int().min(2000).max(2100);
const yearBody = z
  .object({
    basis: text(500),
    holidays: z.array(z.object({ date: localDate, kind, name: text(200) })).max(60),
  })
  .refine((body) => new Set(body.holidays.map((h) => h.date)).size === body.holidays.length, {
    message: 'holiday dates must not repeat',
    path: ['holidays'],
  });
const holidayBody = z.object({ date: localDate, kind, name: text(200), basis: text(500) });

export function adminCalendarRoutes(app: FastifyInstance, { db }: ApiContext) {
  const routes = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['admin'];
  const yearRange = (y: number) => and(gte(holidays.date, `${y}-01-01`), lte(holidays.date, `${y}-12-31`));

  const asAdmin = { role: 'admin' };
  const yearTarget = (y: number) => ({ type: 'calendar_year', id: String(y) });

  const calendarQuery = z.object({ year: year.optional() });

  routes.get('/api/admin/calendar', { schema: { tags, querystring: calendarQuery } }, async (request) => {
    requireOwnRole(request, 'admin');
    const { year: wanted } = request.query;
    const [years, days] = await Promise.all([
      db.select().from(calendarYears).orderBy(asc(calendarYears.year)),
      db.select().from(holidays).where(wanted ? yearRange(wanted) : undefined).orderBy(asc(holidays.date)),
    ]);

    return { coveredYears: years, holidays: days };
  });

  routes.put(
    '/api/admin/calendar/years/:year',
    { schema: { tags, params: z.object({ year }), body: yearBody } },
    async (request) => {
      requireOwnRole(request, 'admin');
      const y = request.params.year;
      const { basis, holidays: days } = request.body;
      const outside = days.filter((day) => !day.date.startsWith(`${y}-`));
      if (outside.length > 0) {
        throw new AppError('invalid_input', `Tanggal di luar tahun ${y}: ${outside.map((d) => d.date).join(', ')}.`, {
          dates: outside.map((d) => d.date),
        });
      }

      await db.transaction(async (tx) => {
        await tx.delete(holidays).where(yearRange(y));
        if (days.length > 0) await tx.insert(holidays).values(days.map((day) => ({ ...day, basis })));
        await tx
          .insert(calendarYears)
          .values({ year: y, basis })
          .onConflictDoUpdate({ target: calendarYears.year, set: { basis } });
      });
      await audit(request, 'admin.calendar.year', yearTarget(y), { basis, holidays: days.length }, asAdmin);

      return { year: y, basis, holidays: days.length };
    },
  );

  const yearParams = z.object({ year });

  routes.delete('/api/admin/calendar/years/:year', { schema: { tags, params: yearParams } }, async (request) => {
    requireOwnRole(request, 'admin');
    const y = request.params.year;
    const removed = await db.transaction(async (tx) => {
      const [covered] = await tx.delete(calendarYears).where(eq(calendarYears.year, y)).returning();
      const [{ value } = { value: 0 }] = await tx.select({ value: count() }).from(holidays).where(yearRange(y));
      await tx.delete(holidays).where(yearRange(y));
      return covered ? value : null;
    });
    if (removed === null) throw notFound(`Kalender tahun ${y}`);
    await audit(request, 'admin.calendar.year_removed', yearTarget(y), { holidays: removed }, asAdmin);

    return { ok: true };
  });

  routes.post('/api/admin/calendar/holidays', { schema: { tags, body: holidayBody } }, async (request, reply) => {
    requireOwnRole(request, 'admin');
    const [created] = await db.insert(holidays).values(request.body).onConflictDoNothing().returning();
    if (!created) throw new AppError('conflict', `Tanggal ${request.body.date} sudah ada di kalender.`);
    const target = { type: 'holiday', id: created.date };
    await audit(request, 'admin.calendar.holiday_added', target, { ...request.body }, asAdmin);

    return reply.status(201).send(created);
  });

  routes.delete(
    '/api/admin/calendar/holidays/:date',
    { schema: { tags, params: z.object({ date: localDate }) } },
    async (request) => {
      requireOwnRole(request, 'admin');
      const [removed] = await db.delete(holidays).where(eq(holidays.date, request.params.date)).returning();
      if (!removed) throw notFound(`Hari libur ${request.params.date}`);
      const target = { type: 'holiday', id: removed.date };
      await audit(request, 'admin.calendar.holiday_removed', target, { name: removed.name }, asAdmin);

      return { ok: true };
    },
  );
}
