/**
 * The audit entry of a change a person sent over HTTP (a creation, a decision, a deadline
 * change, a monitoring report and its review, a termination). The activity that writes the
 * change appends it in the same transaction, so the change never stands without its entry.
 * Its event id is the request's, so a retried activity appends nothing twice; a retried
 * request with the same Idempotency-Key reuses the Update id, which Temporal applies once.
 */
import type { AuditEvent } from '../audit/append.js';
import type { Actor } from '../domain/permissions.js';
import type { RequestRef } from '../workflows/state.js';

export interface RequestAudit {
  /** Dotted verb, as the API names it: `agreement.decide`, `agreement.deadline`, …. */
  action: string;
  agreementId: string;
  request: RequestRef;
  actor: Actor;
  /** The role the actor used; for reports and terminations all their roles, comma-separated. */
  role: string | null;
  data: Record<string, unknown>;
}

export function requestAuditEvent({ action, agreementId, request, actor, role, data }: RequestAudit): AuditEvent {
  return {
    eventId: `${request.id}:${action}:${agreementId}`,
    action,
    actorUsername: actor.username,
    actorUnit: actor.unitCode,
    actorRole: role,
    actingFor: actor.actingFor ?? null,
    targetType: 'agreement',
    targetId: agreementId,
    requestId: request.id,
    clientAddress: request.clientAddress,
    data,
  };
}

/** All the actor's roles (delegated ones included), as the API's audit helper writes them. */
export const allRoles = (actor: Actor) => actor.roles.join(',');
