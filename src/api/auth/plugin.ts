/**
 * Authentication: opaque bearer tokens (random, 256 bits) whose SHA-256 is stored with an
 * expiry, so logout and deactivation take effect at once. `request.user` is the caller.
 */
import { createHash, randomBytes } from 'node:crypto';
import { and, eq, gt, isNull } from 'drizzle-orm';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Role } from '../../domain/glossary.js';
import type { Actor } from '../../domain/permissions.js';
import type { Database } from '../../db/client.js';
import { sessions, users } from '../../db/schema.js';
import { AppError } from '../errors.js';

declare module 'fastify' {
  interface FastifyRequest {
    user: Actor | null;
  }
}

export function tokenHash(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

export async function issueToken(db: Database, userId: string, ttlHours: number) {
  const token = randomBytes(32).toString('base64url');
  const expiresAt = new Date(Date.now() + ttlHours * 3_600_000);
  await db.insert(sessions).values({ tokenHash: tokenHash(token), userId, expiresAt });

  return { token, expiresAt };
}

export function registerAuthentication(app: FastifyInstance, db: Database) {
  app.decorateRequest('user', null);
  app.addHook('onRequest', async (request) => {
    const header = request.headers.authorization;
    if (!header) return;
    const match = /^Bearer ([A-Za-z0-9_-]{20,100})$/.exec(header);
    if (!match) throw new AppError('unauthenticated', 'Token tidak valid.');

    const [row] = await db
      .select({ username: users.username, name: users.name, roles: users.roles, unitCode: users.unitCode })
      .from(sessions)
      .innerJoin(users, eq(users.id, sessions.userId))
      .where(
        and(
          eq(sessions.tokenHash, tokenHash(match[1]!)),
          isNull(sessions.revokedAt),
          gt(sessions.expiresAt, new Date()),
          eq(users.active, true),
        ),
      );
    if (!row) throw new AppError('unauthenticated', 'Sesi tidak berlaku atau sudah berakhir; silakan masuk lagi.');
    request.user = { ...row, roles: row.roles as Role[] };
  });
}

/** The authenticated caller, or 401. */
export function requireUser(request: FastifyRequest): Actor {
  if (!request.user) throw new AppError('unauthenticated', 'Silakan masuk terlebih dahulu.');

  return request.user;
}

export function bearerToken(request: FastifyRequest): string | null {
  return /^Bearer (.+)$/.exec(request.headers.authorization ?? '')?.[1] ?? null;
}
