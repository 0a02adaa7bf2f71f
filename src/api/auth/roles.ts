/** Role guards for routes that are not about one agreement (admin, audit). */
import type { FastifyRequest } from 'fastify';
import { rolesText, type Role } from '../../domain/glossary.js';
import type { Actor } from '../../domain/permissions.js';
import { AppError } from '../errors.js';
import { requireUser } from './plugin.js';

/** The caller if they hold one of `roles` as their own (a delegated role does not count). */
export function requireOwnRole(request: FastifyRequest, ...roles: Role[]): Actor {
  const user = requireUser(request);
  if (!roles.some((role) => request.ownRoles.includes(role))) {
    throw new AppError('forbidden', `Tindakan ini hanya untuk peran ${rolesText(roles)}.`, { roles });
  }

  return user;
}
