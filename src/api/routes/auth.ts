/** Login and logout. Failures say the same thing whether the user exists or not. */
import { eq } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { sessions, users } from '../../db/schema.js';
import { DUMMY_HASH_PROMISE, verifyPassword } from '../auth/passwords.js';
import { bearerToken, issueToken, requireUser, tokenHash } from '../auth/plugin.js';
import type { ApiContext } from '../context.js';
import { AppError } from '../errors.js';
import { text } from '../schemas.js';

const loginBody = z.object({ username: text(100), password: z.string().min(1).max(500) });

export function authRoutes(app: FastifyInstance, { db, config }: ApiContext) {
  const routes = app.withTypeProvider<ZodTypeProvider>();

  routes.post('/api/auth/login', { schema: { tags: ['auth'], body: loginBody } }, async (request) => {
    const [user] = await db.select().from(users).where(eq(users.username, request.body.username.toLowerCase()));
    const valid = await verifyPassword(request.body.password, user?.passwordHash ?? (await DUMMY_HASH_PROMISE));
    if (!user || !valid || !user.active) {
      throw new AppError('unauthenticated', 'Nama pengguna atau kata sandi salah.');
    }

    const { token, expiresAt } = await issueToken(db, user.id, config.TOKEN_TTL_HOURS);
    request.log.info({ username: user.username }, 'user logged in');

    return {
      token,
      expiresAt: expiresAt.toISOString(),
      user: { username: user.username, name: user.name, roles: user.roles, unitCode: user.unitCode },
    };
  });

  routes.post('/api/auth/logout', { schema: { tags: ['auth'] } }, async (request) => {
    requireUser(request);
    await db.update(sessions).set({ revokedAt: new Date() }).where(eq(sessions.tokenHash, tokenHash(bearerToken(request)!)));

    return { ok: true };
  });

  routes.get('/api/auth/me', { schema: { tags: ['auth'] } }, async (request) => requireUser(request));
}
