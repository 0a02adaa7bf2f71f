/**
 * Authentication reads a session token's caller and the delegations they hold in one statement
 * (src/api/auth/plugin.ts, activeDelegationsJson): on PostgreSQL and on the embedded PGlite,
 * only live sessions of active users pass, and only delegations in force right now count:
 * started, not ended, not revoked, their holder still active.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { eq } from 'drizzle-orm';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { issueToken, registerAuthentication, tokenHash } from '../../src/api/auth/plugin.js';
import { registerErrorHandling } from '../../src/api/errors.js';
import { openDatabase, type Database, type DatabaseHandle } from '../../src/db/client.js';
import { delegations, sessions, units, users } from '../../src/db/schema.js';
import { createTestDatabase, type TestDatabase } from '../support/database.js';

const HOUR = 3_600_000;
const at = (hoursFromNow: number) => new Date(Date.now() + hoursFromNow * HOUR);

async function seed(db: Database) {
  await db.insert(units).values([
    { code: 'PEM', name: 'Bagian Pemerintahan' },
    { code: 'DLH', name: 'Dinas Lingkungan Hidup' },
  ]);
  const user = (username: string, roles: string[], unitCode = 'PEM', active = true) => ({
    username, name: `Nama ${username}`, email: `${username}@kota.go.id`, passwordHash: 'x', roles, unitCode, active,
  });
  await db.insert(users).values([
    user('plh', ['initiator'], 'DLH'),
    user('verifikator', ['verifier']),
    user('sekda', ['approver']),
    user('hukum', ['legal']),
    user('tkksd', ['tkksd']),
    user('kepala.lama', ['unit_head'], 'DLH', false),
    user('pensiun', ['verifier'], 'PEM', false),
  ]);
  const delegation = (holder: string, role: string, from: number, until: number, extra: object = {}) => ({
    holderUsername: holder, holderUnitCode: 'PEM', delegateUsername: 'plh', role, title: 'plh',
    warrantNumber: `800/${holder}/${role}`, validFrom: at(from), validUntil: at(until), createdBy: 'admin', ...extra,
  });
  await db.insert(delegations).values([
    delegation('verifikator', 'verifier', -2, 24), // in force
    delegation('sekda', 'approver', -1, 48), // in force, started later
    delegation('hukum', 'legal', 1, 24), // not yet valid
    delegation('tkksd', 'tkksd', -48, -1), // ended
    delegation('verifikator', 'head', -2, 24, { revokedAt: at(-1) }), // revoked
    delegation('kepala.lama', 'unit_head', -2, 24), // holder deactivated
    delegation('plh', 'initiator', -2, 24), // a role the delegate holds already
  ]);
}

describe.each(['postgres', 'pglite'] as const)('a session token on %s', (driver) => {
  let handle: DatabaseHandle;
  let database: TestDatabase | undefined;
  let dataDir: string;
  let app: FastifyInstance;

  beforeAll(async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'simk-session-'));
    if (driver === 'postgres') database = await createTestDatabase();
    handle = await openDatabase({ url: database?.url, dataDir });
    await handle.migrate();
    await seed(handle.db);
    app = Fastify();
    registerErrorHandling(app);
    registerAuthentication(app, handle.db);
    app.get('/me', async (request) => ({ user: request.user, own: request.ownRoles, delegations: request.delegations }));
    await app.ready();
  }, 60_000);
  afterAll(async () => {
    await app?.close();
    await handle?.close();
    await database?.drop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  const userId = async (username: string) =>
    (await handle.db.select({ id: users.id }).from(users).where(eq(users.username, username)))[0]!.id;
  const me = (token: string) => app.inject({ url: '/me', headers: { authorization: `Bearer ${token}` } });

  it('adds only the delegations in force, oldest first, with their holders, to the caller', async () => {
    const { token } = await issueToken(handle.db, await userId('plh'), 1);
    const response = await me(token);

    expect(response.statusCode).toBe(200);
    const body = response.json();
    expect(body.user).toEqual({
      username: 'plh', name: 'Nama plh', unitCode: 'DLH', roles: ['initiator', 'verifier', 'approver'], actingFor: null,
    });
    expect(body.own).toEqual(['initiator']);
    expect(body.delegations).toEqual([
      {
        id: expect.any(String), role: 'verifier', holderUsername: 'verifikator', holderUnitCode: 'PEM', title: 'plh',
        warrantNumber: '800/verifikator/verifier',
      },
      {
        id: expect.any(String), role: 'approver', holderUsername: 'sekda', holderUnitCode: 'PEM', title: 'plh',
        warrantNumber: '800/sekda/approver',
      },
    ]);
  });

  it('names the holder as actingFor when one holder stands behind every delegated role', async () => {
    await handle.db.update(delegations).set({ revokedAt: new Date() }).where(eq(delegations.holderUsername, 'sekda'));
    const { token } = await issueToken(handle.db, await userId('plh'), 1);
    const body = (await me(token)).json();

    expect(body.user.roles).toEqual(['initiator', 'verifier']);
    expect(body.user.actingFor).toBe('verifikator');
  });

  it('refuses revoked and expired sessions and the sessions of deactivated users with 401', async () => {
    const { token: revoked } = await issueToken(handle.db, await userId('verifikator'), 1);
    await handle.db.update(sessions).set({ revokedAt: new Date() }).where(eq(sessions.tokenHash, tokenHash(revoked)));
    const { token: expired } = await issueToken(handle.db, await userId('verifikator'), 1);
    await handle.db.update(sessions).set({ expiresAt: at(-0.001) }).where(eq(sessions.tokenHash, tokenHash(expired)));
    const { token: retired } = await issueToken(handle.db, await userId('pensiun'), 1);
    const { token: live } = await issueToken(handle.db, await userId('verifikator'), 1);

    for (const token of [revoked, expired, retired, 'x'.repeat(43)]) {
      const response = await me(token);
      expect(response.statusCode).toBe(401);
      expect(response.json().error.code).toBe('unauthenticated');
    }
    expect((await me(live)).json().user).toMatchObject({ username: 'verifikator', roles: ['verifier'], actingFor: null });
  });
});
