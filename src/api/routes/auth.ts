/**
 * Login and logout. Failures say the same thing whether the user exists or not; repeated
 * failures lock the username and the client address for a while (throttle.ts). Every login,
 * failed login and logout goes to the audit log.
 */
import { eq } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { sessions, users } from '../../db/schema.js';
import { audit } from '../audit.js';
import { DUMMY_HASH_PROMISE, verifyPassword } from '../auth/passwords.js';
import { bearerToken, issueToken, requireUser, tokenHash } from '../auth/plugin.js';
import { clearFailures, lockedSeconds, recordFailure, throttleKeys } from '../auth/throttle.js';
import type { ApiContext } from '../context.js';
import { AppError } from '../errors.js';
import { text } from '../schemas.js';

const loginBody = z.object({ username: text(100), password: z.string().min(1).max(500) });

export function authRoutes(app: FastifyInstance, { db, config }: ApiContext) {
  const routes = app.withTypeProvider<ZodTypeProvider>();

  routes.post('/api/auth/login', { schema: { tags: ['auth'], body: loginBody } }, async (request, reply) => {
    const username = request.body.username.toLowerCase();
    const keys = throttleKeys(username, request.ip);
    const target = { type: 'user', id: username };
    const locked = await lockedSeconds(db, keys);
    if (locked > 0) {
      await audit(request, 'auth.login_failed', target, { reason: 'locked' }, { actor: { username } });
      throw lockedOut(reply, locked);
    }

    const [user] = await db.select().from(users).where(eq(users.username, username));
    const valid = await verifyPassword(request.body.password, user?.passwordHash ?? (await DUMMY_HASH_PROMISE));
    if (!user || !valid || !user.active) {
      const reason = !user ? 'unknown_user' : !user.active ? 'inactive' : 'wrong_password';
      const lockStarted = await recordFailure(db, keys, config);
      await audit(request, 'auth.login_failed', target, { reason, locked: lockStarted > 0 }, {
        actor: { username, unitCode: user?.unitCode },
      });
      throw new AppError('unauthenticated', 'Nama pengguna atau kata sandi salah.');
    }

    await clearFailures(db, keys.user);
    const { token, expiresAt } = await issueToken(db, user.id, config.TOKEN_TTL_HOURS);
    await audit(request, 'auth.login', target, { method: 'password' }, {
      actor: { username: user.username, unitCode: user.unitCode },
      role: user.roles.join(','),
    });
    request.log.info({ username: user.username }, 'user logged in');

    return {
      token,
      expiresAt: expiresAt.toISOString(),
      user: { username: user.username, name: user.name, roles: user.roles, unitCode: user.unitCode },
    };
  });

  routes.post('/api/auth/logout', { schema: { tags: ['auth'] } }, async (request) => {
    const user = requireUser(request);
    await db
      .update(sessions)
      .set({ revokedAt: new Date() })
      .where(eq(sessions.tokenHash, tokenHash(bearerToken(request)!)));
    await audit(request, 'auth.logout', { type: 'user', id: user.username });

    return { ok: true };
  });

  routes.get('/api/auth/me', { schema: { tags: ['auth'] } }, async (request) => {
    const user = requireUser(request);

    return { ...user, delegations: request.delegations };
  });
}

function lockedOut(reply: { header(name: string, value: string): unknown }, seconds: number) {
  reply.header('retry-after', String(seconds));
  const minutes = Math.ceil(seconds / 60);

  return new AppError(
    'rate_limited',
    `Terlalu banyak percobaan masuk yang gagal; coba lagi dalam ${minutes} menit.`,
    { retryAfterSeconds: seconds },
  );
}
