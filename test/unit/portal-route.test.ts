import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerErrorHandling } from '../../src/api/errors.js';
import { portalRoutes } from '../../src/api/routes/portal.js';

async function appServing(distDir: string): Promise<FastifyInstance> {
  const app = Fastify();
  registerErrorHandling(app);
  app.get('/api/ping', async () => ({ ok: true }));
  portalRoutes(app, undefined, distDir);
  await app.ready();

  return app;
}

describe('the portal route', () => {
  let dist: string;
  let app: FastifyInstance;

  beforeAll(async () => {
    const parent = mkdtempSync(path.join(os.tmpdir(), 'simk-dist-'));
    writeFileSync(path.join(parent, 'secret.txt'), 'do not serve');
    dist = path.join(parent, 'dist');
    mkdirSync(dist);
    mkdirSync(path.join(dist, 'assets'));
    writeFileSync(path.join(dist, 'index.html'), '<!doctype html><div id="root"></div>');
    writeFileSync(path.join(dist, 'assets', 'index-abc123.js'), 'console.log(1)');
    writeFileSync(path.join(dist, 'favicon.svg'), '<svg/>');
    app = await appServing(dist);
  });
  afterAll(async () => {
    await app.close();
    rmSync(path.dirname(dist), { recursive: true, force: true });
  });

  it('answers client-side routes with index.html, uncached, under a strict CSP', async () => {
    for (const url of ['/', '/agreements/5c1f', '/lacak/KS-2026-ABCDEF?x=1']) {
      const response = await app.inject({ url, headers: { accept: 'text/html' } });
      expect(response.statusCode, url).toBe(200);
      expect(response.body).toContain('id="root"');
      expect(response.headers['cache-control']).toBe('no-cache');
      expect(response.headers['content-security-policy']).toMatch(/default-src 'self'.*script-src 'self'/);
      expect(response.headers['x-frame-options']).toBe('DENY');
      // The headers only a page needs, which the API's JSON answers leave out.
      expect(response.headers['cross-origin-opener-policy']).toBe('same-origin');
      expect(response.headers['origin-agent-cluster']).toBe('?1');
    }
  });

  it('serves hashed assets as immutable and other files for a short while', async () => {
    const asset = await app.inject({ url: '/assets/index-abc123.js' });
    expect(asset.statusCode).toBe(200);
    expect(asset.headers['cache-control']).toContain('immutable');
    const icon = await app.inject({ url: '/favicon.svg' });
    expect(icon.statusCode).toBe(200);
    expect(icon.headers['cache-control']).not.toContain('immutable');
  });

  it('leaves /api and /docs to their own JSON 404 and never serves files outside dist', async () => {
    const api = await app.inject({ url: '/api/nothing', headers: { accept: 'text/html' } });
    expect(api.statusCode).toBe(404);
    expect(api.json().error.code).toBe('not_found');
    expect((await app.inject({ url: '/api/ping' })).json()).toEqual({ ok: true });
    expect((await app.inject({ url: '/docs/whatever', headers: { accept: 'text/html' } })).statusCode).toBe(404);
    expect((await app.inject({ url: '/assets/missing.js' })).statusCode).toBe(404);
    expect((await app.inject({ url: '/agreements/1', headers: { accept: 'application/json' } })).statusCode).toBe(404);
    for (const url of ['/%2e%2e/secret.txt', '/assets/%2e%2e/%2e%2e/secret.txt', '/assets/..%2f..%2fsecret.txt']) {
      const escape = await app.inject({ url });
      expect([403, 404], url).toContain(escape.statusCode);
      expect(escape.body).not.toContain('do not serve');
    }
  });

  it('answers a clear 503 page, not a crash, when the portal was never built', async () => {
    const unbuilt = await appServing(path.join(dist, 'does-not-exist'));
    const response = await unbuilt.inject({ url: '/', headers: { accept: 'text/html' } });
    await unbuilt.close();

    expect(response.statusCode).toBe(503);
    expect(response.headers['content-type']).toContain('text/html');
    expect(response.body).toContain('npm run build:web');
  });
});
