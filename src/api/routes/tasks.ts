/**
 * The inbox (kotak tugas): open tasks of the caller's roles in the caller's unit, tasks of roles
 * delegated to the caller (Plt./Plh.), plus tasks escalated to the caller as supervisor.
 * Overdue first, then by due date.
 */
import { and, eq, inArray, isNull, or, sql } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { agreements, tasks } from '../../db/schema.js';
import { requireUser } from '../auth/plugin.js';
import type { ApiContext } from '../context.js';

export function taskRoutes(app: FastifyInstance, { db }: ApiContext) {
  app.get('/api/tasks', { schema: { tags: ['tasks'] } }, async (request) => {
    const actor = requireUser(request);
    const roles = actor.roles as string[];
    const own = request.ownRoles as string[];
    // An acting official (Plt./Plh.) sees the holder's tasks: the holder's role in the holder's unit.
    const delegated = request.delegations.map((d) =>
      and(eq(tasks.role, d.role), or(isNull(tasks.unitCode), eq(tasks.unitCode, d.holderUnitCode))),
    );
    const ownUnit = or(isNull(tasks.unitCode), eq(tasks.unitCode, actor.unitCode));
    const ownTasks = own.length > 0 ? and(inArray(tasks.role, own), ownUnit) : undefined;
    const mine = or(...[ownTasks, ...delegated].filter(Boolean), sql`false`);
    const escalated = and(
      inArray(tasks.escalatedTo, roles),
      or(
        sql`${tasks.escalatedTo} <> 'unit_head'`,
        eq(sql`coalesce(${tasks.unitCode}, ${agreements.unitCode})`, actor.unitCode),
      ),
    );
    const rows = await db
      .select({ task: tasks, agreement: agreements })
      .from(tasks)
      .innerJoin(agreements, eq(agreements.id, tasks.agreementId))
      .where(and(isNull(tasks.closedAt), or(mine, escalated)))
      .orderBy(sql`${tasks.dueAt} < now() desc`, sql`${tasks.dueAt} asc nulls last`)
      .limit(500);
    const now = new Date();

    return {
      items: rows.map(({ task, agreement }) => ({
        agreementId: agreement.id,
        trackingCode: agreement.trackingCode,
        title: agreement.title,
        kind: agreement.kind,
        unitCode: agreement.unitCode,
        stage: task.stage,
        role: task.role,
        reason: own.includes(task.role) ? 'assigned' : roles.includes(task.role) ? 'delegated' : 'escalated',
        actingFor: own.includes(task.role)
          ? null
          : (request.delegations.find((d) => d.role === task.role)?.holderUsername ?? null),
        startedAt: task.startedAt.toISOString(),
        dueAt: task.dueAt?.toISOString() ?? null,
        overdue: Boolean(task.dueAt && task.dueAt < now),
        remindersSent: task.remindersSent,
        escalatedTo: task.escalatedTo,
      })),
      total: rows.length,
    };
  });
}
