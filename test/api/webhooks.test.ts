/**
 * Webhooks end to end: an admin registers subscribers on a local HTTP server (127.0.0.1, allowed
 * here by WEBHOOK_ALLOW_PRIVATE=true), the product runs an agreement through a stage change,
 * a decision, an overdue task and expiry alerts (imported, on the demo term clock), and the
 * receiver checks every signature and event id. A second product without the setting refuses
 * private, loopback and link-local addresses.
 */
import { createHmac } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { addCalendarDays, addMonthsClamped, localDateOf } from '../../src/domain/calendar.js';
import { webhookDeliveries } from '../../src/db/schema.js';
import { startTestSystem, type TestSystem } from '../support/system.js';

const proposal = JSON.parse(
  fs.readFileSync(new URL('../../../shared/data/agreements/01-ksdd-air-baku-kabupaten.json', import.meta.url), 'utf8'),
);

interface Received {
  path: string;
  headers: http.IncomingHttpHeaders;
  body: string;
  answered: number;
}

/** A subscriber's server: /all answers 200, /flaky 500 twice per event, /redirect 302. */
async function startReceiver() {
  const received: Received[] = [];
  const server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const path = request.url ?? '';
      const eventId = String(request.headers['x-smk-event-id']);
      const earlier = received.filter((r) => r.path === path && r.headers['x-smk-event-id'] === eventId);
      let status = 200;
      if (path === '/hooks/flaky' && earlier.length < 2) status = 500;
      if (path === '/hooks/redirect') status = 302;
      received.push({ path, headers: request.headers, body: Buffer.concat(chunks).toString('utf8'), answered: status });
      response.writeHead(status, status === 302 ? { location: '/hooks/elsewhere' } : {}).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    base,
    received,
    async waitFor(predicate: (r: Received) => boolean, count = 1, timeoutMs = 20_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const found = received.filter(predicate);
        if (found.length >= count) return found;
        if (Date.now() > deadline) throw new Error(`only ${found.length} of ${count} webhook requests arrived`);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

const eventOf = (r: Received) => JSON.parse(r.body);
const signatureOf = (secret: string, r: Received) =>
  `sha256=${createHmac('sha256', secret).update(`${r.headers['x-smk-timestamp']}.${r.body}`).digest('hex')}`;

describe('webhooks delivered to a subscriber on the loopback address', () => {
  let t: TestSystem;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  const tokens: Record<string, string> = {};
  const secrets: Record<string, string> = {};
  const subscriberIds: Record<string, string> = {};
  let agreementId: string;

  beforeAll(async () => {
    receiver = await startReceiver();
    t = await startTestSystem({
      WEBHOOK_ALLOW_PRIVATE: 'true',
      WEBHOOK_RETRY_INITIAL_SECONDS: '0.2',
      WEBHOOK_RETRY_MAX_INTERVAL_SECONDS: '1',
      DEMO_TERM_DAY_SECONDS: '0.01',
    });
    for (const user of ['admin', 'verifikator', 'pemrakarsa.dlh']) tokens[user] = await t.login(user);
  });
  afterAll(async () => {
    await t?.close();
    await receiver?.close();
  });

  it('lets only the admin register subscribers, and shows the secret only once', async () => {
    const refused = await t.http.post('/api/admin/webhooks', { url: `${receiver.base}/hooks/all` }, tokens.verifikator);
    expect(refused.status).toBe(403);

    const subscriptions = {
      all: {},
      flaky: { events: ['agreement.decision'] },
      redirect: { events: ['agreement.decision'] },
    };
    for (const [name, options] of Object.entries(subscriptions)) {
      const body = { url: `${receiver.base}/hooks/${name}`, description: `penerima ${name}`, ...options };
      const created = await t.http.post('/api/admin/webhooks', body, tokens.admin);
      expect(created.status).toBe(201);
      expect(created.body.secret).toMatch(/^whsec_[A-Za-z0-9_-]{43}$/);
      secrets[name] = created.body.secret;
      subscriberIds[name] = created.body.id;
    }

    const shown = await t.http.get(`/api/admin/webhooks/${subscriberIds.all}`, tokens.admin);
    expect(shown.body).toMatchObject({ url: `${receiver.base}/hooks/all`, active: true, events: null });
    expect(shown.body).not.toHaveProperty('secret');
    const list = await t.http.get('/api/admin/webhooks', tokens.admin);
    expect(list.body.total).toBe(3);
    expect(JSON.stringify(list.body)).not.toContain('whsec_');
  });

  it('delivers the new agreement as a signed stage-change event', async () => {
    const created = await t.http.post('/api/agreements', proposal, tokens['pemrakarsa.dlh']);
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    agreementId = created.body.id;

    const [request] = await receiver.waitFor((r) => r.path === '/hooks/all' && eventOf(r).agreement.id === agreementId);
    const event = eventOf(request!);
    expect(request!.headers['x-smk-signature']).toBe(signatureOf(secrets.all!, request!));
    expect(request!.headers['x-smk-event-id']).toBe(event.id);
    expect(Math.abs(Number(request!.headers['x-smk-timestamp']) - Date.now() / 1000)).toBeLessThan(60);
    expect(event).toMatchObject({
      type: 'agreement.stage_changed',
      agreement: { id: agreementId, trackingCode: created.body.trackingCode, stage: 'draft', kind: 'ksdd', unitCode: 'DLH' },
      data: { cause: 'created', fromStage: null, toStage: 'draft' },
    });
    expect(Date.parse(event.occurredAt)).not.toBeNaN();
  });

  it('delivers a decision to every subscriber that asked for decisions', async () => {
    const form = new FormData();
    form.append('type', 'kak');
    form.append('file', new Blob(['%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n']), 'kak.pdf');
    const upload = await t.http.request('POST', `/api/agreements/${agreementId}/documents`, {
      token: tokens['pemrakarsa.dlh'],
      raw: form,
    });
    expect(upload.status, JSON.stringify(upload.body)).toBe(201);
    const submitted = await t.http.post(
      `/api/agreements/${agreementId}/decisions`,
      { stage: 'draft', decision: 'submit', note: 'diajukan' },
      tokens['pemrakarsa.dlh'],
    );
    expect(submitted.status, JSON.stringify(submitted.body)).toBe(200);

    const isDecision = (r: Received) => r.body.includes('"agreement.decision"') && eventOf(r).agreement.id === agreementId;
    const [request] = await receiver.waitFor((r) => r.path === '/hooks/all' && isDecision(r));
    expect(request!.headers['x-smk-signature']).toBe(signatureOf(secrets.all!, request!));
    expect(eventOf(request!)).toMatchObject({
      agreement: { stage: 'verification' },
      data: { decision: 'submit', fromStage: 'draft', toStage: 'verification', actor: { username: 'pemrakarsa.dlh' } },
    });
  });

  it('retries a receiver that answers 500 twice, then delivers the same event once it answers 200', async () => {
    const attempts = await receiver.waitFor((r) => r.path === '/hooks/flaky' && r.answered === 200);
    const eventId = attempts[0]!.headers['x-smk-event-id'];
    const all = receiver.received.filter((r) => r.path === '/hooks/flaky' && r.headers['x-smk-event-id'] === eventId);
    expect(all.map((r) => r.answered)).toEqual([500, 500, 200]);
    expect(new Set(all.map((r) => r.body)).size).toBe(1);
    for (const r of all) expect(r.headers['x-smk-signature']).toBe(signatureOf(secrets.flaky!, r));

    const deliveries = await t.http.get(`/api/admin/webhooks/${subscriberIds.flaky}/deliveries`, tokens.admin);
    expect(deliveries.body.items).toEqual([
      expect.objectContaining({ id: eventId, status: 'delivered', attempts: 3, lastStatusCode: 200 }),
    ]);
  });

  it('never follows a redirect, and stops delivering once the subscriber is removed', async () => {
    await receiver.waitFor((r) => r.path === '/hooks/redirect', 2);
    const deliveries = await t.http.get(`/api/admin/webhooks/${subscriberIds.redirect}/deliveries`, tokens.admin);
    expect(deliveries.body.items[0]).toMatchObject({ status: 'pending', lastStatusCode: 302 });
    expect(deliveries.body.items[0].lastError).toContain('pengalihan');
    expect(receiver.received.some((r) => r.path === '/hooks/elsewhere')).toBe(false);

    const removed = await t.http.request('DELETE', `/api/admin/webhooks/${subscriberIds.redirect}`, { token: tokens.admin });
    expect(removed.status).toBe(204);
    const gone = await t.http.get(`/api/admin/webhooks/${subscriberIds.redirect}`, tokens.admin);
    expect(gone.status).toBe(404);
    // Its pending delivery is cancelled at the next attempt and stays on record.
    const rows = () =>
      t.system.database.db
        .select()
        .from(webhookDeliveries)
        .where(eq(webhookDeliveries.subscriberId, subscriberIds.redirect!));
    await waitUntil(async () => (await rows()).every((row) => row.status === 'cancelled'));
    const before = receiver.received.length;
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(receiver.received.slice(before).some((r) => r.path === '/hooks/redirect')).toBe(false);
  });

  it('reports an overdue task when its due date passes', async () => {
    const dueAt = new Date(Date.now() + 1500).toISOString();
    const moved = await t.http.post(`/api/agreements/${agreementId}/deadline`, { dueAt, reason: 'uji webhook' }, tokens.verifikator);
    expect(moved.status, JSON.stringify(moved.body)).toBe(200);

    const [request] = await receiver.waitFor((r) => r.path === '/hooks/all' && r.body.includes('"task.overdue"'));
    expect(request!.headers['x-smk-signature']).toBe(signatureOf(secrets.all!, request!));
    expect(eventOf(request!)).toMatchObject({
      agreement: { id: agreementId, stage: 'verification' },
      data: { stage: 'verification', role: 'verifier', reminderNo: 1, dueAt },
    });
  });

  it('sends every expiry alert of an imported agreement, then its end', async () => {
    const today = localDateOf(new Date(), 'Asia/Jakarta');
    const row = {
      kind: 'ksdpk',
      instrument: 'pks',
      title: 'Pendampingan digitalisasi pasar rakyat',
      partners: ['PT Pasar Digital'],
      partnerTypes: ['swasta'],
      unitCode: 'DISKOMINFO',
      ourNumber: '555/77/35.73.401/2026',
      signedAt: today,
      startDate: today,
      endDate: addCalendarDays(addMonthsClamped(today, 12), -1),
    };
    const imported = await t.http.post('/api/agreements/import', row, tokens.verifikator);
    expect(imported.status).toBe(201);
    const id = imported.body.items[0].id;

    const mine = (r: Received) => r.path === '/hooks/all' && eventOf(r).agreement.id === id;
    const alerts = await receiver.waitFor((r) => mine(r) && r.body.includes('"agreement.expiry_alert"'), 6);
    expect(alerts.map((r) => eventOf(r).data.daysBefore).sort((a, b) => b - a)).toEqual([180, 90, 60, 30, 7, 0]);
    await receiver.waitFor((r) => mine(r) && eventOf(r).data.toStage === 'ended');
  });

  it('gives every event its own id, and delivers each only once to a receiver that accepts it', async () => {
    const accepted = receiver.received.filter((r) => r.path === '/hooks/all');
    const ids = accepted.map((r) => r.headers['x-smk-event-id']);
    expect(ids.length).toBeGreaterThan(10);
    expect(new Set(ids).size).toBe(ids.length);
    for (const r of accepted) {
      expect(eventOf(r).id).toBe(r.headers['x-smk-event-id']);
      expect(r.headers['x-smk-signature']).toBe(signatureOf(secrets.all!, r));
    }
  });
});

describe('subscriber addresses without WEBHOOK_ALLOW_PRIVATE', () => {
  let t: TestSystem;
  let admin: string;

  beforeAll(async () => {
    t = await startTestSystem();
    admin = await t.login('admin');
  });
  afterAll(async () => t?.close());

  it.each([
    'http://127.0.0.1:8080/hook',
    'http://localhost:8080/hook',
    'http://[::1]/hook',
    'http://[::ffff:127.0.0.1]/hook',
    'http://10.20.30.40/hook',
    'http://172.16.5.4/hook',
    'http://192.168.1.10/hook',
    'http://169.254.169.254/latest/meta-data',
    'http://[fe80::1]/hook',
    'http://[fd12:3456::1]/hook',
    'http://0.0.0.0/hook',
  ])('refuses %s as a private, loopback or link-local address', async (url) => {
    const response = await t.http.post('/api/admin/webhooks', { url }, admin);
    expect(response.status).toBe(422);
    expect(response.body.error.code).toBe('address_not_allowed');
    expect(response.body.error.message).toMatch(/tidak diizinkan/);
  });

  it('refuses other schemes and addresses with credentials, and stores none of them', async () => {
    for (const url of ['ftp://files.example.test/hook', 'http://user:pass@example.test/hook', 'bukan alamat']) {
      const response = await t.http.post('/api/admin/webhooks', { url }, admin);
      expect(response.status).toBe(422);
    }
    const list = await t.http.get('/api/admin/webhooks', admin);
    expect(list.body.total).toBe(0);
  });
});

async function waitUntil(check: () => Promise<boolean>, timeoutMs = 10_000) {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition not reached in time');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
