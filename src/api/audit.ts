/**
 * The audit helper for route handlers: `await audit(request, action, target, data)` appends one
 * entry with the caller, their unit and role (and the holder they act for), the request id and
 * the client address. Call it after the action succeeded; keep `data` small and free of
 * secrets and document contents (ids, codes, hashes, counts are fine).
 *
 * Actions are dotted verbs: `auth.login`, `auth.login_failed`, `agreement.decide`,
 * `agreement.deadline`, `agreement.report`, `agreement.report_review`, `agreement.terminate`,
 * `document.upload`, `document.download`, `admin.user.create`, ….
 *
 * Decisions (`agreement.decide`) are not appended here: the workflow's projection write appends
 * them in its own transaction (src/activities/record-transition.ts), so a decision never stands
 * without its entry. Deadline changes, reports, reviews and terminations are still appended
 * here after the Update returns; an API crash between the two leaves that change unaudited.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { appendAudit, type AppendedEntry } from '../audit/append.js';
import type { Database } from '../db/client.js';

declare module 'fastify' {
  interface FastifyInstance {
    auditDb: Database;
  }
}

export interface AuditTarget {
  type: string;
  id: string;
}

export interface AuditOptions {
  /** Who acted, when not the authenticated caller (a login, before there is a session). */
  actor?: { username: string; unitCode?: string | null };
  /** The role the caller used; default: all the caller's roles, comma-separated. */
  role?: string | null;
  /** Holder the caller acted for (Plt./Plh.); default: the caller's own marker. */
  actingFor?: string | null;
  /** Stable id for the event, so a retried request is recorded once; default per request. */
  eventId?: string;
}

export function registerAudit(app: FastifyInstance, db: Database) {
  app.decorate('auditDb', db);
}

export async function audit(
  request: FastifyRequest,
  action: string,
  target: AuditTarget | null,
  data: Record<string, unknown> = {},
  options: AuditOptions = {},
): Promise<AppendedEntry> {
  const user = request.user;
  const username = options.actor?.username ?? user?.username ?? null;
  const unit = options.actor ? (options.actor.unitCode ?? null) : (user?.unitCode ?? null);

  return appendAudit(request.server.auditDb, {
    eventId: options.eventId ?? `${request.id}:${action}:${target?.id ?? ''}`,
    action,
    actorUsername: username,
    actorUnit: unit,
    actorRole: options.role !== undefined ? options.role : (user?.roles.join(',') ?? null),
    actingFor: options.actingFor !== undefined ? options.actingFor : (user?.actingFor ?? null),
    targetType: target?.type ?? null,
    targetId: target?.id ?? null,
    requestId: request.id,
    clientAddress: request.ip,
    data,
  });
}
