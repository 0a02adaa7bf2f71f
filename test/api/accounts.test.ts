/**
 * Accounts over HTTP: tokens that end (logout, expiry, deactivation), login throttling that
 * holds across API replicas, and single sign-on with JWTs checked against a JWKS served by a
 * local identity provider stand-in on 127.0.0.1.
 */
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { sql } from 'drizzle-orm';
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/api/app.js';
import { createWorkflowGateway } from '../../src/api/workflow-gateway.js';
import { loadConfig } from '../../src/config.js';
import { createLogger } from '../../src/logger.js';
import { DEMO_PASSWORD, HttpClient, startTestSystem, type TestSystem } from '../support/system.js';

const ISSUER = 'https://sso.kota.test/realms/pemkot';
const AUDIENCE = 'si-mbois-ker';

let t: TestSystem;
let jwks: http.Server;
let signingKey: CryptoKey;
let auditorToken: string;

beforeAll(async () => {
  const { publicKey, privateKey } = await generateKeyPair('RS256');
  signingKey = privateKey;
  const jwk = { ...(await exportJWK(publicKey)), kid: 'kunci-1', alg: 'RS256', use: 'sig' };
  jwks = http.createServer((_request, response) => {
    response.setHeader('content-type', 'application/json');
    response.end(JSON.stringify({ keys: [jwk] }));
  });
  await new Promise<void>((resolve) => jwks.listen(0, '127.0.0.1', resolve));
  const port = (jwks.address() as AddressInfo).port;

  t = await startTestSystem({
    OIDC_ISSUER: ISSUER,
    OIDC_AUDIENCE: AUDIENCE,
    OIDC_JWKS_URL: `http://127.0.0.1:${port}/jwks.json`,
  });
  auditorToken = await t.login('auditor');
});
afterAll(async () => {
  await t?.close();
  await new Promise((resolve) => jwks?.close(resolve));
});

const login = (username: string, password: string, client = t.http) =>
  client.post('/api/auth/login', { username, password });

async function auditActions(username: string) {
  const entries = await t.http.get(`/api/audit?actor=${username}&pageSize=100`, auditorToken);
  expect(entries.status).toBe(200);

  return entries.body.items as { action: string; data: Record<string, unknown>; clientAddress: string }[];
}

describe('tokens', () => {
  it('refuses a token replayed after logout with 401', async () => {
    const token = await t.login('verifikator');
    expect((await t.http.get('/api/auth/me', token)).status).toBe(200);

    expect((await t.http.post('/api/auth/logout', {}, token)).status).toBe(200);
    const replayed = await t.http.get('/api/auth/me', token);
    expect(replayed.status).toBe(401);
    expect(replayed.body.error.code).toBe('unauthenticated');
  });

  it('refuses a token whose lifetime has passed with 401', async () => {
    const token = await t.login('hukum');
    expect((await t.http.get('/api/tasks', token)).status).toBe(200);

    // Time passes: the session's expiry moves into the past.
    await t.system.database.db.execute(sql`update sessions set expires_at = now() - interval '1 second'
      where user_id = (select id from users where username = 'hukum')`);
    const expired = await t.http.get('/api/tasks', token);
    expect(expired.status).toBe(401);
    expect(expired.body.error.message).toContain('berakhir');
  });

  it('refuses a malformed bearer token and a wrong scheme with 401', async () => {
    for (const authorization of ['Bearer x', 'Basic YTpi', 'Bearer ' + 'a'.repeat(300)]) {
      expect((await t.http.request('GET', '/api/auth/me', { headers: { authorization } })).status).toBe(401);
    }
  });
});

describe('login throttling', () => {
  it('records successful and failed logins in the audit log with the client address', async () => {
    await t.login('tkksd');
    expect((await login('tkksd', 'salah-sekali')).status).toBe(401);

    const actions = await auditActions('tkksd');
    expect(actions.map((entry) => entry.action)).toEqual(expect.arrayContaining(['auth.login', 'auth.login_failed']));
    const failed = actions.find((entry) => entry.action === 'auth.login_failed')!;
    expect(failed.data).toMatchObject({ reason: 'wrong_password' });
    expect(failed.clientAddress).toMatch(/127\.0\.0\.1/);
    expect(JSON.stringify(actions)).not.toContain('salah-sekali');
  });

  it('locks a username after five failures with 429 and Retry-After, even for the right password', async () => {
    for (let i = 1; i <= 5; i += 1) expect((await login('pemrakarsa.dishub', `keliru-${i}`)).status).toBe(401);

    const locked = await login('pemrakarsa.dishub', DEMO_PASSWORD);
    expect(locked.status).toBe(429);
    expect(locked.body.error.code).toBe('rate_limited');
    const retryAfter = Number(locked.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThan(14 * 60);
    expect(retryAfter).toBeLessThanOrEqual(15 * 60);
    // Another user from the same address is not affected.
    expect((await login('pemrakarsa.dlh', DEMO_PASSWORD)).status).toBe(200);
  });

  it('lets a username in again once the lock has run out', async () => {
    await t.system.database.db.execute(
      sql`update login_throttle set locked_until = now() - interval '1 second' where key = 'user:pemrakarsa.dishub'`,
    );
    expect((await login('pemrakarsa.dishub', DEMO_PASSWORD)).status).toBe(200);
  });

  it('starts counting afresh after a successful login', async () => {
    for (let i = 1; i <= 4; i += 1) expect((await login('pemrakarsa.bpbd', `keliru-${i}`)).status).toBe(401);
    expect((await login('pemrakarsa.bpbd', DEMO_PASSWORD)).status).toBe(200);
    for (let i = 1; i <= 4; i += 1) expect((await login('pemrakarsa.bpbd', `keliru-${i}`)).status).toBe(401);

    expect((await login('pemrakarsa.bpbd', DEMO_PASSWORD)).status).toBe(200);
  });

  it('holds a lock made on one API replica on another replica of the same database', async () => {
    const system = t.system;
    const config = loadConfig({ DATA_DIR: fs.mkdtempSync(path.join(os.tmpdir(), 'simk-replica-')) });
    const replica = await buildApp(
      {
        db: system.database.db,
        config,
        gateway: createWorkflowGateway(system.client, 'unused'),
        temporal: system.client,
      },
      createLogger('silent'),
    );
    const replicaUrl = await replica.listen({ port: 0, host: '127.0.0.1' });
    try {
      const other = new HttpClient(replicaUrl);
      // Failures spread over both replicas add up to one count.
      for (let i = 1; i <= 5; i += 1) {
        expect((await login('pemrakarsa.bappeda', `keliru-${i}`, i <= 3 ? t.http : other)).status).toBe(401);
      }

      expect((await login('pemrakarsa.bappeda', DEMO_PASSWORD, other)).status).toBe(429);
      expect((await login('pemrakarsa.bappeda', DEMO_PASSWORD)).status).toBe(429);
    } finally {
      await replica.close();
    }
  });
});

describe('single sign-on (OIDC)', () => {
  const token = (claims: Record<string, unknown>, options: { audience?: string; expires?: string } = {}) =>
    new SignJWT(claims)
      .setProtectedHeader({ alg: 'RS256', kid: 'kunci-1' })
      .setIssuer(ISSUER)
      .setAudience(options.audience ?? AUDIENCE)
      .setIssuedAt()
      .setExpirationTime(options.expires ?? '5m')
      .sign(signingKey);

  it('accepts a JWT from the identity provider for the local user it names', async () => {
    const me = await t.http.get('/api/auth/me', await token({ preferred_username: 'Sekda' }));
    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({ username: 'sekda', roles: ['approver'], unitCode: 'SETDA' });
    expect((await t.http.get('/api/tasks', await token({ preferred_username: 'sekda' }))).status).toBe(200);
  });

  it('refuses a JWT for another audience, an expired one, an unknown user and a forged signature', async () => {
    const wrongAudience = await token({ preferred_username: 'sekda' }, { audience: 'aplikasi-lain' });
    const expired = await token({ preferred_username: 'sekda' }, { expires: '-1m' });
    const unknown = await token({ preferred_username: 'tidak.ada' });
    const { privateKey: foreignKey } = await generateKeyPair('RS256');
    const forged = await new SignJWT({ preferred_username: 'sekda' })
      .setProtectedHeader({ alg: 'RS256', kid: 'kunci-1' })
      .setIssuer(ISSUER)
      .setAudience(AUDIENCE)
      .setExpirationTime('5m')
      .sign(foreignKey);

    for (const bad of [wrongAudience, expired, unknown, forged]) {
      expect((await t.http.get('/api/auth/me', bad)).status).toBe(401);
    }
  });
});

describe('client address lockout', () => {
  it('locks the address after twenty failures across usernames, for every username', async () => {
    // The failures of the tests above fall out of the window as time passes.
    await t.system.database.db.execute(
      sql`update login_throttle set first_failure_at = now() - interval '1 hour' where key like 'address:%'`,
    );
    for (let i = 1; i <= 20; i += 1) expect((await login(`tamu${i}`, 'apa-saja')).status).toBe(401);

    const locked = await login('walikota', DEMO_PASSWORD);
    expect(locked.status).toBe(429);
    expect(Number(locked.headers.get('retry-after'))).toBeGreaterThan(0);
  });
});
