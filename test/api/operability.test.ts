/**
 * Running the product: Prometheus metrics, security headers, CORS from configuration, the
 * rate limit, and what the logs hold (request ids, agreement ids, never a secret). The product
 * runs with a logger whose lines the test reads.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/api/app.js';
import { createWorkflowGateway } from '../../src/api/workflow-gateway.js';
import { loadConfig } from '../../src/config.js';
import { createLogger } from '../../src/logger.js';
import { agreementAt, type Tokens } from '../support/drive.js';
import { DEMO_PASSWORD, startTestSystem, type TestSystem } from '../support/system.js';

const ALLOWED_ORIGIN = 'https://portal.kota-malang.go.id';
const WRONG_PASSWORD = 'salah-sandi-rahasia-9f3';

let t: TestSystem;
const tokens: Tokens = {};
const lines: string[] = [];
let agreementId: string;

beforeAll(async () => {
  const sink = new Writable({
    write(chunk, _encoding, done) {
      lines.push(...String(chunk).split('\n').filter(Boolean));
      done();
    },
  });
  t = await startTestSystem(
    { CORS_ORIGINS: `${ALLOWED_ORIGIN}, https://lain.go.id`, LOG_LEVEL: 'debug' },
    { logger: createLogger('debug', sink) },
  );
  for (const user of ['pemrakarsa.dlh', 'verifikator', 'auditor']) tokens[user] = await t.login(user);
  const proposal = {
    kind: 'ksdd',
    instrument: 'pks',
    title: 'Uji metrik',
    partners: [{ name: 'Kota Batu', type: 'pemda' }],
    unitCode: 'DLH',
    purpose: 'Uji.',
    scope: 'Uji.',
    durationMonths: 12,
  };
  agreementId = (await agreementAt(t, tokens, proposal, 'tkksd_review', 'pemrakarsa.dlh')).id;
});
afterAll(async () => t?.close());

const logged = () => lines.map((line) => JSON.parse(line) as Record<string, unknown>);

describe('GET /metrics', () => {
  it('exposes agreements by stage, decisions, reminders, overdue tasks and request latency', async () => {
    const dueAt = new Date(Date.now() + 1000).toISOString();
    const moved = await t.http.post(
      `/api/agreements/${agreementId}/deadline`,
      { dueAt, reason: 'uji metrik' },
      tokens.verifikator,
    );
    expect(moved.status).toBe(200);
    await t.smtp.waitFor((mail) => mail.subject?.includes('Pengingat') === true);
    await t.http.get(`/api/agreements/${agreementId}`, tokens.auditor);

    const response = await t.http.get('/metrics');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/plain; version=0.0.4');
    const text = response.body as string;
    expect(text).toContain('simk_agreements{stage="tkksd_review"} 1');
    expect(text).toContain('simk_decisions_total{stage="draft",decision="submit"} 1');
    expect(text).toContain('simk_decisions_total{stage="verification",decision="approve"} 1');
    expect(text).toMatch(/simk_reminders_sent_total\{kind="reminder"\} [1-9]/);
    expect(text).toContain('simk_overdue_tasks{role="tkksd"} 1');
    expect(text).toContain('simk_metrics_database_up 1');
    expect(text).toMatch(
      /simk_http_request_duration_seconds_count\{route="\/api\/agreements\/:id",method="GET",status_code="200"\} [1-9]/,
    );
    expect(text).not.toContain(agreementId);
    expect(text).toContain('process_cpu_seconds_total');
  });
});

describe('security headers', () => {
  it('sends a deny-all content policy and the usual hardening headers with API answers', async () => {
    const response = await t.http.get('/api/auth/me', tokens.auditor);
    expect(response.headers.get('content-security-policy')).toBe(
      "default-src 'none';base-uri 'none';form-action 'none';frame-ancestors 'none'",
    );
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('x-frame-options')).toBe('SAMEORIGIN');
    expect(response.headers.get('strict-transport-security')).toContain('max-age=');
    expect(response.headers.get('referrer-policy')).toBe('no-referrer');
    expect(response.headers.get('x-powered-by')).toBeNull();
    expect(response.headers.get('cross-origin-resource-policy')).toBe('same-site');
    // Document-only headers stay off JSON answers: pages (/docs, portal, reports) send them.
    for (const name of ['cross-origin-opener-policy', 'origin-agent-cluster', 'x-xss-protection', 'x-download-options']) {
      expect(response.headers.get(name), name).toBeNull();
    }
    const notFound = await t.http.get('/api/nothing-here');
    expect(notFound.headers.get('content-security-policy')).toContain("default-src 'none'");
  });

  it('answers a path it cannot decode, refused before routing, in the error shape with the same headers', async () => {
    for (const url of ['/api/agreements/%E0%A4%A', '/%']) {
      const response = await t.http.get(url);
      expect(response.status, url).toBe(400);
      expect(response.body, url).toEqual({
        error: { code: 'invalid_input', message: 'Alamat permintaan tidak valid.', details: null },
      });
      expect(response.headers.get('content-security-policy'), url).toBe(
        "default-src 'none';base-uri 'none';form-action 'none';frame-ancestors 'none'",
      );
      expect(response.headers.get('x-content-type-options'), url).toBe('nosniff');
      expect(response.headers.get('strict-transport-security'), url).toContain('max-age=');
      expect(response.headers.get('x-request-id'), url).toMatch(/^[0-9a-f-]{36}$/);
    }
  });

  it('lets the API documentation load its own scripts and styles, and nothing from elsewhere', async () => {
    const page = await t.http.get('/docs/');
    expect(page.status).toBe(200);
    const policy = page.headers.get('content-security-policy')!;
    expect(policy).toContain("script-src 'self'");
    expect(policy).toContain("style-src 'self' 'unsafe-inline'");
    expect(policy).not.toMatch(/https?:|\*/);
    expect(page.headers.get('cross-origin-opener-policy')).toBe('same-origin');
    expect(page.headers.get('x-content-type-options')).toBe('nosniff');
    expect((await t.http.get('/docs/json')).body.openapi).toMatch(/^3\./);
  });
});

describe('the OpenAPI document', () => {
  type Operation = { responses: Record<string, { content?: Record<string, unknown> }>; security?: unknown[] };

  it('documents the error shape on every operation and the answers of the core ones', async () => {
    const document = (await t.http.get('/docs/json')).body;
    const operations = Object.entries(document.paths as Record<string, Record<string, Operation>>).flatMap(
      ([path, methods]) =>
        Object.entries(methods).map(([method, operation]) => ({ path, method, operation })),
    );
    expect(operations.length).toBeGreaterThan(20);
    for (const { path, method, operation } of operations) {
      expect(Object.keys(operation.responses), `${method} ${path}`).toEqual(
        expect.arrayContaining(['4XX', '5XX']),
      );
    }

    const responseOf = (path: string, method: string, status: string) =>
      document.paths[path][method].responses[status].content['application/json'].schema;
    expect(responseOf('/api/agreements', 'get', '200').required).toEqual([
      'items',
      'total',
      'totalCapped',
      'page',
      'pageSize',
      'nextCursor',
    ]);
    expect(responseOf('/api/agreements/{id}', 'get', '200').properties).toHaveProperty('timeline');
    expect(responseOf('/api/reports/summary', 'get', '200').properties).toHaveProperty('stageDurations');
    expect(document.paths['/api/reports/agreements.csv'].get.responses['200'].content).toHaveProperty(
      'text/csv',
    );
    expect(document.paths['/api/public/track/{trackingCode}'].get.security).toEqual([]);
    expect(document.paths['/api/auth/login'].post.security).toEqual([]);
    expect(document.paths['/api/agreements'].get.security).toBeUndefined();
  });
});

describe('CORS', () => {
  it('answers a preflight from a configured origin and gives no grant to any other', async () => {
    const preflight = await t.http.request('OPTIONS', '/api/agreements', {
      headers: {
        origin: ALLOWED_ORIGIN,
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'authorization,content-type',
      },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe(ALLOWED_ORIGIN);
    expect(preflight.headers.get('access-control-allow-headers')).toContain('authorization');

    const allowed = await t.http.request('GET', '/api/auth/me', {
      token: tokens.auditor,
      headers: { origin: ALLOWED_ORIGIN },
    });
    expect(allowed.headers.get('access-control-allow-origin')).toBe(ALLOWED_ORIGIN);
    expect(allowed.headers.get('access-control-expose-headers')).toContain('x-request-id');
    const foreign = await t.http.request('GET', '/api/auth/me', {
      token: tokens.auditor,
      headers: { origin: 'https://jahat.example' },
    });
    expect(foreign.headers.get('access-control-allow-origin')).toBeNull();
  });
});

describe('rate limit', () => {
  it('answers 429 in the error shape once an address passes its limit, but never throttles health checks', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'simk-limit-'));
    const config = loadConfig({
      DATA_DIR: dataDir,
      RATE_LIMIT_PER_MINUTE: '3',
      TEMPORAL_TASK_QUEUE: 'unused',
    });
    const gateway = createWorkflowGateway(t.system.client, config.TEMPORAL_TASK_QUEUE);
    const app = await buildApp(
      { db: t.system.database.db, config, gateway, temporal: t.system.client },
      createLogger('silent'),
    );
    try {
      const statuses = [];
      // TRUST_PROXY is unset: a client cannot buy a fresh budget by claiming another address.
      for (let i = 0; i < 4; i += 1) {
        const spoofed = { 'x-forwarded-for': `198.51.100.${i}`, 'x-real-ip': `198.51.100.${i}` };
        statuses.push((await app.inject({ url: '/api/auth/me', headers: spoofed })).statusCode);
      }
      expect(statuses).toEqual([401, 401, 401, 429]);
      const limited = await app.inject({ url: '/api/auth/me' });
      expect(limited.json().error).toMatchObject({ code: 'rate_limited', details: { limitPerMinute: 3 } });
      expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
      expect(limited.headers['content-security-policy']).toContain("default-src 'none'");
      expect(limited.headers['x-content-type-options']).toBe('nosniff');
      for (const url of ['/healthz', '/readyz', '/metrics']) expect((await app.inject({ url })).statusCode, url).toBe(200);
    } finally {
      await app.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });
});

describe('logs', () => {
  it('carry the request id on every line written for a request, the one the client sees', async () => {
    const refused = await t.http.get('/api/agreements/not-a-uuid', tokens.auditor);
    const requestId = refused.headers.get('x-request-id');
    const forRequest = logged().filter((line) => line.reqId === requestId);
    expect(forRequest.map((line) => line.msg)).toEqual(
      expect.arrayContaining(['incoming request', 'request completed']),
    );

    const requestLines = logged().filter(
      (line) => 'req' in line || 'res' in line || line.msg === 'request refused',
    );
    expect(requestLines.length).toBeGreaterThan(10);
    for (const line of requestLines) expect(line.reqId, JSON.stringify(line)).toEqual(expect.any(String));
  });

  it('carry the agreement id on every line an activity writes', async () => {
    const activityLines = logged().filter((line) => typeof line.activity === 'string');
    expect(activityLines.length).toBeGreaterThan(5);
    for (const line of activityLines) expect(line.agreementId, JSON.stringify(line)).toBe(agreementId);
    expect(activityLines.map((line) => line.activity)).toContain('recordTransition');
  });

  it('never hold a password or a bearer token', async () => {
    await t.http.post('/api/auth/login', { username: 'auditor', password: WRONG_PASSWORD });
    await t.http.request('POST', '/api/auth/login', {
      raw: `{"username":"auditor","password":"${WRONG_PASSWORD}"`,
      headers: { 'content-type': 'application/json' },
    });
    const token = await t.login('auditor');
    await t.http.get('/api/agreements?q=uji', token);
    await t.http.request('GET', '/api/auth/me', { headers: { authorization: `Bearer ${token}!` } });
    await t.http.post('/api/auth/logout', {}, token);
    await t.http.get('/api/auth/me', token);
    t.system.app!.log.info(
      { user: { password: WRONG_PASSWORD }, token, headers: { authorization: `Bearer ${token}` } },
      'probe',
    );

    const text = lines.join('\n');
    expect(text).toContain('"msg":"probe"');
    expect(text).toContain('[redacted]');
    for (const secret of [DEMO_PASSWORD, WRONG_PASSWORD, token, ...Object.values(tokens)])
      expect(text).not.toContain(secret);
  });
});

// Last in the file: it creates an agreement, whose activity log lines the log tests above must not see.
describe('GET /metrics under a flood of scrapes', () => {
  it('reads the business figures once per period, not once per scrape', async () => {
    const drafts = async () => {
      const text = (await t.http.get('/metrics')).body as string;
      return Number(/^simk_agreements\{stage="draft"\} (\d+)$/m.exec(text)?.[1] ?? 0);
    };
    const before = await drafts();
    const created = await t.http.post(
      '/api/agreements',
      { kind: 'ksdd', instrument: 'pks', title: 'Uji metrik tersimpan', partners: [{ name: 'Kota Batu', type: 'pemda' }],
        unitCode: 'DLH', purpose: 'Uji.', scope: 'Uji.', durationMonths: 12 },
      tokens['pemrakarsa.dlh'],
    );
    expect(created.status).toBe(201);
    // Within the period every scrape answers from the same read, so the new draft is not counted yet.
    expect(await drafts()).toBe(before);
    await new Promise((resolve) => setTimeout(resolve, 5_100));
    expect(await drafts()).toBe(before + 1);
  });
});
