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
 * A change that must never stand without its entry appends it in the transaction that writes
 * the change, not here. The workflow's projection writes append `agreement.create`,
 * `agreement.decide`, `agreement.deadline`, `agreement.report`, `agreement.report_review` and
 * `agreement.terminate` (src/activities/audit-entry.ts), from the request reference the route
 * puts in the Update's input, under the request's id; so when the Update has returned, the
 * entry is there even if the API dies at once. `document.upload` is appended by the
 * transaction that records the version row (`auditEvent` builds it here; the file itself is
 * stored before that transaction, and a file without a row is never shown).
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { appendAudit, type AppendedEntry, type AuditEvent } from '../audit/append.js';
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
  return appendAudit(request.server.auditDb, auditEvent(request, action, target, data, options));
}

/** The entry `audit` appends, for a caller that appends it inside a transaction of its own. */
export function auditEvent(
  request: FastifyRequest,
  action: string,
  target: AuditTarget | null,
  data: Record<string, unknown> = {},
  options: AuditOptions = {},
): AuditEvent {
  const user = request.user;
  const username = options.actor?.username ?? user?.username ?? null;
  const unit = options.actor ? (options.actor.unitCode ?? null) : (user?.unitCode ?? null);

  return {
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
  };
}
