/**
 * Authentication: opaque bearer tokens (random, 256 bits) whose SHA-256 is stored with an
 * expiry, so logout and deactivation take effect at once; or, when configured, a JWT from the
 * city's identity provider (oidc.ts). `request.user` is the caller, with the roles handed to
 * them as acting official (Plt./Plh.) added; `actingFor` names the holder when it is unambiguous.
 */
import { createHash, randomBytes } from 'node:crypto';
import { and, eq, gt, isNull, sql } from 'drizzle-orm';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Config } from '../../config.js';
import type { Role } from '../../domain/glossary.js';
import type { Actor } from '../../domain/permissions.js';
import type { Database } from '../../db/client.js';
import { perDatabase } from '../../db/prepared.js';
import { activeDelegationsJson, activeDelegationsTo, type ActiveDelegation } from '../../db/delegations.js';
import { sessions, users } from '../../db/schema.js';
import { AppError } from '../errors.js';
import { createOidcVerifier, looksLikeJwt } from './oidc.js';

declare module 'fastify' {
  interface FastifyRequest {
    user: Actor | null;
    /** The caller's own roles, without delegated ones. */
    ownRoles: Role[];
    /** Delegations in force that the caller holds as acting official. */
    delegations: ActiveDelegation[];
  }
}

const OPAQUE_TOKEN = /^[A-Za-z0-9_-]{20,100}$/;
const EXPIRED = 'Sesi tidak berlaku atau sudah berakhir; silakan masuk lagi.';

export function tokenHash(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

export async function issueToken(db: Database, userId: string, ttlHours: number) {
  const token = randomBytes(32).toString('base64url');
  const expiresAt = new Date(Date.now() + ttlHours * 3_600_000);
  await db.insert(sessions).values({ tokenHash: tokenHash(token), userId, expiresAt });

  return { token, expiresAt };
}

interface CallerRow {
  username: string;
  name: string;
  roles: string[];
  unitCode: string;
  /** Read with a session token; an OIDC caller's are read after. */
  delegations?: ActiveDelegation[];
}

const userColumns = { username: users.username, name: users.name, roles: users.roles, unitCode: users.unitCode };

export function registerAuthentication(app: FastifyInstance, db: Database, config?: Config) {
  const oidc = config ? createOidcVerifier(config) : null;
  app.decorateRequest('user', null);
  app.decorateRequest('ownRoles', null as never);
  app.decorateRequest('delegations', null as never);

  // A callback hook: most public reads carry no token and should not pay for a promise.
  app.addHook('onRequest', (request, _reply, done) => {
    request.ownRoles = [];
    request.delegations = [];
    const token = bearerToken(request);
    if (token !== null) return void authenticate(request, token).then(() => done(), done);
    if (request.headers.authorization !== undefined) return done(new AppError('unauthenticated', 'Token tidak valid.'));
    done();
  });

  async function authenticate(request: FastifyRequest, token: string) {
    let row: CallerRow | undefined;
    if (oidc && looksLikeJwt(token)) {
      const username = await oidc(token);
      if (!username) throw new AppError('unauthenticated', EXPIRED);
      [row] = await db.select(userColumns).from(users).where(and(eq(users.username, username), eq(users.active, true)));
    } else {
      if (!OPAQUE_TOKEN.test(token)) throw new AppError('unauthenticated', 'Token tidak valid.');
      [row] = await sessionCallerFor(db).execute({ tokenHash: tokenHash(token), now: new Date().toISOString() });
    }
    if (!row) throw new AppError('unauthenticated', EXPIRED);

    const ownRoles = row.roles as Role[];
    const delegations = row.delegations ?? (await activeDelegationsTo(db, row.username));
    const delegated = delegations.filter((d) => !ownRoles.includes(d.role));
    const holders = [...new Set(delegated.map((d) => d.holderUsername))];
    request.ownRoles = ownRoles;
    request.delegations = delegated;
    request.user = {
      username: row.username,
      name: row.name,
      unitCode: row.unitCode,
      roles: [...ownRoles, ...new Set(delegated.map((d) => d.role))],
      actingFor: holders.length === 1 ? holders[0]! : null,
    };
  }
}

/**
 * The caller of a session token with the delegations they hold now, in one prepared statement:
 * every authenticated request starts here, so one round trip instead of two.
 */
const sessionCallerFor = perDatabase((db) => {
  const now = sql`${sql.placeholder('now')}::timestamptz`;

  return db
    .select({ ...userColumns, delegations: activeDelegationsJson(users.username, now) })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .where(
      and(
        eq(sessions.tokenHash, sql.placeholder('tokenHash')),
        isNull(sessions.revokedAt),
        gt(sessions.expiresAt, now),
        eq(users.active, true),
      ),
    )
    .prepare('session_caller');
});

/** The authenticated caller, or 401. */
export function requireUser(request: FastifyRequest): Actor {
  if (!request.user) throw new AppError('unauthenticated', 'Silakan masuk terlebih dahulu.');

  return request.user;
}

/**
 * The caller as they act in one role: `actingFor` is the holder when the role is only theirs by
 * delegation, and empty when it is their own. With several candidate roles the own one wins.
 */
export function actorAs(request: FastifyRequest, ...roles: (Role | null | undefined)[]): Actor {
  const user = requireUser(request);
  const wanted = roles.filter((role): role is Role => Boolean(role));
  if (wanted.some((role) => request.ownRoles.includes(role))) return { ...user, actingFor: null };
  const delegation = request.delegations.find((d) => wanted.includes(d.role));

  return { ...user, actingFor: delegation?.holderUsername ?? null };
}

export function bearerToken(request: FastifyRequest): string | null {
  return /^Bearer (.+)$/.exec(request.headers.authorization ?? '')?.[1] ?? null;
}
