/**
 * A change and its audit entry land together. Deadline changes, monitoring reports, their
 * review and early terminations are audited by the workflow's projection write, in its own
 * transaction, under the request's id; an upload by the transaction that records the version.
 * So the entry is there as soon as the change is, even with no API left to write it, and it
 * is there once however often the request or the activity is repeated.
 */
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ActivityDeps } from '../../src/activities/deps.js';
import { recordReport } from '../../src/activities/report-activities.js';
import { auditLog, documents } from '../../src/db/schema.js';
import type { Actor } from '../../src/domain/permissions.js';
import { recordVersion } from '../../src/documents/repository.js';
import {
  extendDeadlineUpdate,
  fileReportUpdate,
  reviewReportUpdate,
  terminateUpdate,
} from '../../src/workflows/messages.js';
import type { RequestRef } from '../../src/workflows/state.js';
import { agreementAt } from '../support/drive.js';
import { tinyPdf } from '../support/files.js';
import { startTestSystem, type HttpResponse, type TestSystem } from '../support/system.js';

const proposal = JSON.parse(
  fs.readFileSync(new URL('../../../shared/data/agreements/01-ksdd-air-baku-kabupaten.json', import.meta.url), 'utf8'),
);

let t: TestSystem;
const tokens: Record<string, string> = {};
const users = ['pemrakarsa.dlh', 'verifikator', 'tkksd', 'hukum', 'sekda', 'kepala.pem', 'auditor'];

beforeAll(async () => {
  t = await startTestSystem();
  for (const user of users) tokens[user] = await t.login(user);
  // The head of PEM stands in for the verifier this week (Plh.), so entries must name both.
  const today = new Date().toISOString().slice(0, 10);
  const until = new Date(Date.now() + 7 * 86_400_000).toISOString().slice(0, 10);
  const warrant = { warrantNumber: '800/9/PEM/2026', from: today, until };
  const body = { toUsername: 'kepala.pem', role: 'verifier', ...warrant };
  const delegated = await t.http.post('/api/delegations', body, tokens.verifikator);
  expect(delegated.status).toBe(201);
});
afterAll(async () => t?.close());

const db = () => t.system.database.db;

/** A new agreement of the DLH office, driven over HTTP to `stage`. */
async function agreementIn(title: string, stage: string) {
  return (await agreementAt(t, tokens, { ...proposal, title }, stage, 'pemrakarsa.dlh')).id;
}

/** The entries of one action on one agreement, as the auditor reads them. */
async function entriesOf(action: string, agreementId: string) {
  const query = `action=${action}&targetId=${agreementId}&pageSize=100`;
  const page = await t.http.get(`/api/audit?${query}`, tokens.auditor);
  expect(page.status).toBe(200);

  return page.body.items as Record<string, any>[];
}

/**
 * Sends one POST with an Idempotency-Key, then again as if the API had died after the Update and
 * before storing its answer (the claim left open long enough to be taken over), then once more.
 */
async function sendAndRetry(url: string, body: unknown, token: string) {
  const key = `audit-${randomUUID()}`;
  const send = () => t.http.post(url, body, token, { 'idempotency-key': key });
  const first = await send();
  await db().execute(
    sql`update idempotency_keys set status_code = null, response = null,
        created_at = now() - interval '3 minutes' where key = ${key}`,
  );
  const retried = await send();
  const replayed = await send();
  expect(replayed.headers.get('idempotent-replayed')).toBe('true');

  return { first, retried };
}

/** The single entry of the action, written under the first request's id. */
async function onlyEntry(action: string, agreementId: string, first: HttpResponse) {
  const entries = await entriesOf(action, agreementId);
  expect(entries).toHaveLength(1);
  const requestId = first.headers.get('x-request-id');
  expect(entries[0]).toMatchObject({ requestId, eventId: `${requestId}:${action}:${agreementId}` });

  return entries[0]!;
}

describe('changes sent over HTTP', () => {
  let verifying: string;
  let running: string;

  beforeAll(async () => {
    verifying = await agreementIn('Uji audit tenggat', 'verification');
    running = await agreementIn('Uji audit pelaksanaan', 'implementation');
  });

  it('audits a deadline change once, naming the acting official and the holder', async () => {
    const body = { workingDays: 4, reason: 'Menunggu kelengkapan berkas mitra' };
    const url = `/api/agreements/${verifying}/deadline`;
    const { first, retried } = await sendAndRetry(url, body, tokens['kepala.pem']!);
    expect([first.status, retried.status]).toEqual([200, 200]);

    const entry = await onlyEntry('agreement.deadline', verifying, first);
    expect(entry).toMatchObject({
      actorUsername: 'kepala.pem',
      actorUnit: 'PEM',
      actorRole: 'verifier',
      actingFor: 'verifikator',
      targetType: 'agreement',
    });
    expect(entry.data).toEqual({ ...body, newDueAt: first.body.pendingTask.dueAt });
  });

  it('audits a monitoring report once, under the report id the caller got', async () => {
    const body = { period: '2026-S1', activities: 'Pemeliharaan kawasan sumber air.', progressPercent: 35 };
    const url = `/api/agreements/${running}/reports`;
    const { first, retried } = await sendAndRetry(url, body, tokens['pemrakarsa.dlh']!);
    expect([first.status, retried.status]).toEqual([201, 201]);
    expect(retried.body.reportId).toBe(first.body.reportId);

    const entry = await onlyEntry('agreement.report', running, first);
    const who = { actorUsername: 'pemrakarsa.dlh', actorUnit: 'DLH', actorRole: 'initiator', actingFor: null };
    expect(entry).toMatchObject(who);
    expect(entry.data).toEqual({ reportId: first.body.reportId, period: '2026-S1', progressPercent: 35 });
  });

  it('audits the review of a report once, with the status it led to', async () => {
    const [report] = await entriesOf('agreement.report', running);
    const reportId = report!.data.reportId as string;
    const body = { decision: 'return', note: 'Lampirkan bukti kegiatan.' };
    const url = `/api/agreements/${running}/reports/${reportId}/review`;
    const { first, retried } = await sendAndRetry(url, body, tokens.verifikator!);
    expect([first.status, retried.status]).toEqual([200, 200]);

    const entry = await onlyEntry('agreement.report_review', running, first);
    const who = { actorUsername: 'verifikator', actorUnit: 'PEM', actorRole: 'verifier', actingFor: null };
    expect(entry).toMatchObject(who);
    expect(entry.data).toEqual({ reportId, decision: 'return', note: body.note, status: 'returned' });
  });

  it('audits an early termination once, with the roles of the one who ended it', async () => {
    const body = { reason: 'agreed_by_parties', note: 'Disepakati kedua pihak.' };
    const url = `/api/agreements/${running}/terminate`;
    const { first, retried } = await sendAndRetry(url, body, tokens.sekda!);
    expect([first.status, retried.status]).toEqual([200, 200]);
    // The workflow has closed by the repeat; Temporal still answers it from the first outcome.
    expect(retried.body.stage).toBe('terminated');

    const entry = await onlyEntry('agreement.terminate', running, first);
    const who = { actorUsername: 'sekda', actorUnit: 'SETDA', actorRole: 'approver', actingFor: null };
    expect(entry).toMatchObject(who);
    expect(entry.data).toEqual(body);
  });

  it('leaves a chain that still verifies', async () => {
    const verified = await t.http.get('/api/audit/verify', tokens.auditor);
    expect(verified.body).toMatchObject({ valid: true });
    expect(verified.body.firstBroken).toBeUndefined();
  });
});

describe('an Update sent straight to the workflow, as an API that died right after would leave it', () => {
  const verifier: Actor = { username: 'verifikator', name: 'Verifikator', roles: ['verifier'], unitCode: 'PEM' };
  const office: Actor = { username: 'pemrakarsa.dlh', name: 'Pemrakarsa', roles: ['initiator'], unitCode: 'DLH' };
  const reference = (): RequestRef => ({ id: randomUUID(), clientAddress: '192.0.2.44' });
  const stored = (requestId: string) => db().select().from(auditLog).where(eq(auditLog.requestId, requestId));
  const handleOf = (agreementId: string) => t.system.client.workflow.getHandle(`agreement-${agreementId}`);

  it('finds every entry written by the time the Update returns, and once after a repeat', async () => {
    const verifying = await agreementIn('Uji langsung tenggat', 'verification');
    const running = await agreementIn('Uji langsung laporan', 'implementation');
    const reportId = randomUUID();
    const report = { reportId, period: '2026-S2', activities: 'Uji', progressPercent: 60 };
    // Each Update as the API sends it, with the request reference; its id doubles as Update id.
    const sends: { id: string; action: string; send: (request: RequestRef) => Promise<unknown> }[] = [
      {
        id: verifying,
        action: 'agreement.deadline',
        send: (request) => handleOf(verifying).executeUpdate(extendDeadlineUpdate, {
          args: [{ workingDays: 2, reason: 'langsung', actor: verifier, request }],
          updateId: request.id,
        }),
      },
      {
        id: running,
        action: 'agreement.report',
        send: (request) => handleOf(running).executeUpdate(fileReportUpdate, {
          args: [{ ...report, actor: office, request }],
          updateId: request.id,
        }),
      },
      {
        id: running,
        action: 'agreement.report_review',
        send: (request) => handleOf(running).executeUpdate(reviewReportUpdate, {
          args: [{ reportId, decision: 'accept', note: 'Baik.', actor: verifier, request }],
          updateId: request.id,
        }),
      },
      {
        id: running,
        action: 'agreement.terminate',
        send: (request) => handleOf(running).executeUpdate(terminateUpdate, {
          args: [{ reason: 'goal_achieved', note: 'Tujuan tercapai.', actor: verifier, request }],
          updateId: request.id,
        }),
      },
    ];

    for (const { id, action, send } of sends) {
      const request = reference();
      await send(request);
      const rows = await stored(request.id);
      expect(rows, action).toHaveLength(1);
      expect(rows[0]).toMatchObject({
        action,
        eventId: `${request.id}:${action}:${id}`,
        targetId: id,
        clientAddress: '192.0.2.44',
      });
      await send(request);
      expect(await stored(request.id), `${action} repeated`).toHaveLength(1);
    }
  });

  it('appends nothing twice when the projection write itself is repeated', async () => {
    const running = await agreementIn('Uji ulang aktivitas', 'implementation');
    const request = reference();
    const report = { reportId: randomUUID(), period: '2027-S1', activities: 'Uji', progressPercent: 10 };
    const at = new Date().toISOString();
    const input = { ...report, agreementId: running, seq: 10_000, at, actor: office, request };
    // As a local activity retried after its first attempt committed.
    await recordReport({ db: db() } as ActivityDeps, input);
    await recordReport({ db: db() } as ActivityDeps, input);
    expect(await stored(request.id)).toHaveLength(1);
  });
});

describe('document uploads', () => {
  async function upload(agreementId: string, key: string) {
    const form = new FormData();
    form.append('type', 'kajian');
    const pdf = new Blob([new Uint8Array(tinyPdf(`kajian ${agreementId}`))], { type: 'application/pdf' });
    form.append('file', pdf, 'kajian.pdf');
    const response = await fetch(`${t.baseUrl}/api/agreements/${agreementId}/documents`, {
      method: 'POST',
      headers: { authorization: `Bearer ${tokens['pemrakarsa.dlh']}`, 'idempotency-key': key },
      body: form,
    });

    return { status: response.status, body: (await response.json()) as any, headers: response.headers };
  }

  it('audits an upload once, with the version it recorded', async () => {
    const id = await agreementIn('Uji audit unggah', 'draft');
    const key = `upload-${randomUUID()}`;
    const first = await upload(id, key);
    const repeated = await upload(id, key);
    expect([first.status, repeated.status]).toEqual([201, 201]);
    expect(repeated.headers.get('idempotent-replayed')).toBe('true');

    const entries = await entriesOf('document.upload', id);
    expect(entries).toHaveLength(1);
    const { documentId, type, version, sha256, size } = first.body;
    const requestId = first.headers.get('x-request-id');
    expect(entries[0]).toMatchObject({ actorUsername: 'pemrakarsa.dlh', actorUnit: 'DLH', requestId });
    expect(entries[0]!.data).toEqual({ agreementId: id, documentId, type, version, sha256, size });
  });

  it('records no version when its audit entry cannot be written', async () => {
    const id = await agreementIn('Uji unggah gagal', 'draft');
    const blob = { key: 'ab'.repeat(32), sha256: 'ab'.repeat(32), size: 3 };
    const file = { blob, mime: 'application/pdf', filename: 'x.pdf', uploadedBy: 'pemrakarsa.dlh' };
    const row = { ...file, agreementId: id, type: 'kajian' as const };
    // PostgreSQL refuses U+0000 in jsonb: the audit insert fails inside the version's transaction.
    const refused = { eventId: `uji:${randomUUID()}`, action: 'document.upload', data: { note: 'a\u0000b' } };
    await expect(recordVersion(db(), row, () => refused)).rejects.toThrow();

    expect(await db().select().from(documents).where(eq(documents.agreementId, id))).toEqual([]);
    expect(await db().select().from(auditLog).where(eq(auditLog.eventId, refused.eventId))).toEqual([]);
  });
});
