/**
 * The agreement detail read in one statement (src/api/read/agreement-detail.ts), on PostgreSQL
 * and on the embedded PGlite: rows written straight into the projection tables come back as
 * the documented JSON, times in UTC with milliseconds whatever the session's time zone, every
 * list in its order, and the answer fits the OpenAPI schema clients rely on.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { agreementDetailResponse } from '../../src/api/openapi-responses.js';
import { readAgreementDetail } from '../../src/api/read/agreement-detail.js';
import { openDatabase, type Database, type DatabaseHandle } from '../../src/db/client.js';
import {
  agreementEvents,
  agreements,
  documents,
  documentVersions,
  emails,
  obligations,
  reports,
  tasks,
  units,
} from '../../src/db/schema.js';
import { createTestDatabase, type TestDatabase } from '../support/database.js';

const ID = '0a000000-0000-4000-8000-0000000000a1';
const CHILD = '0a000000-0000-4000-8000-0000000000c1';
const RENEWAL = '0a000000-0000-4000-8000-0000000000r1'.replace('r', 'e');
const STRANGER = '0a000000-0000-4000-8000-0000000000f1';
const REPORT_1 = '0a000000-0000-4000-8000-0000000000b1';
const REPORT_2 = '0a000000-0000-4000-8000-0000000000b2';
const DOC_KAK = '0a000000-0000-4000-8000-0000000000d1';
const DOC_SIGNED = '0a000000-0000-4000-8000-0000000000d2';
const EVENTS = 120;

const row = (id: string, overrides: Partial<typeof agreements.$inferInsert> = {}) => ({
  id,
  trackingCode: `KS-2026-${id.slice(-6).toUpperCase()}`,
  kind: 'ksdd',
  instrument: 'pks',
  title: `Kerja sama ${id.slice(-2)}`,
  partners: [{ name: 'Kota Batu', type: 'pemda' as const }],
  unitCode: 'DLH',
  purpose: 'Tujuan.',
  scope: 'Lingkup.',
  durationMonths: 24,
  dprdTrigger: { burdensPublic: false, unbudgeted: false },
  initiatedBy: 'region',
  createdBy: 'pemrakarsa.dlh',
  path: ['draft', 'verification', 'implementation'],
  stage: 'implementation',
  status: 'active',
  ...overrides,
});

/** Times written with microseconds and a +07 offset: the detail shows them in UTC, to the ms. */
const ts = (text: string) => sql`${text}::timestamptz`;

async function seed(db: Database) {
  await db.insert(units).values({ code: 'DLH', name: 'Dinas Lingkungan Hidup' });
  await db.insert(agreements).values(
    row(ID, { confidential: true, valueIdr: '12345678901234567', createdAt: sql`'2026-01-05 09:00:00.654321+07'` as never }),
  );
  await db.insert(agreements).values([
    row(CHILD, { parentId: ID, instrument: 'addendum', stage: 'draft', createdAt: sql`'2026-02-01 00:00:00+00'` as never }),
    row(RENEWAL, { renewalOf: ID, stage: 'verification', createdAt: sql`'2026-03-01 00:00:00+00'` as never }),
    row(STRANGER),
  ]);
  // Inserted newest first: the timeline is ordered by seq, not by insertion.
  const events = Array.from({ length: EVENTS }, (_, i) => EVENTS - i).map((seq) => ({
    agreementId: ID,
    seq,
    type: seq === 1 ? 'created' : 'decision',
    fromStage: seq === 1 ? null : 'draft',
    stage: 'verification',
    decision: seq === 1 ? null : 'submit',
    actorUsername: seq % 2 === 0 ? 'pemrakarsa.dlh' : null,
    actorName: seq % 2 === 0 ? 'Pemrakarsa "DLH" <b>' : null,
    actorRole: seq % 2 === 0 ? 'initiator' : null,
    actingFor: seq === 2 ? 'kepala.dlh' : null,
    note: seq === 3 ? 'catatan ꦱꦸ \u2028 "kutip"' : null,
    at: ts(`2026-01-05 09:00:${String(seq % 60).padStart(2, '0')}.${String(seq).padStart(6, '9')}+07`) as never,
  }));
  await db.insert(agreementEvents).values(events);
  await db.insert(tasks).values([
    {
      agreementId: ID, taskKey: 'verification#2', stage: 'verification', role: 'verifier', unitCode: null,
      startedAt: ts('2026-01-05 10:00:00.000999+07') as never, dueAt: ts('2000-01-01 00:00:00+00') as never,
      slaWorkingDays: 5, slaBasis: 'Perwali 1/2026', uncoveredYears: [2027, 2028], remindersSent: 2,
      escalatedTo: 'kepala.pem',
    },
    {
      agreementId: ID, taskKey: 'draft#1', stage: 'draft', role: 'initiator', unitCode: 'DLH',
      startedAt: ts('2026-01-05 09:00:00+07') as never, closedAt: ts('2026-01-05 09:30:00+07') as never,
    },
  ]);
  await db.insert(reports).values([
    {
      id: REPORT_2, agreementId: ID, period: '2026-S2', activities: 'Kedua', progressPercent: 80,
      filedBy: 'pemrakarsa.dlh', filedAt: ts('2026-08-01 08:00:00.5+07') as never, status: 'submitted',
    },
    {
      id: REPORT_1, agreementId: ID, period: '2026-S1', activities: 'Pertama', progressPercent: 40,
      problems: 'Hujan', followUp: 'Tunda', filedBy: 'pemrakarsa.dlh', filedAt: ts('2026-02-01 08:00:00+07') as never,
      status: 'accepted', reviewNote: 'Baik', reviewedBy: 'verifikator', reviewedAt: ts('2026-02-02 08:00:00.123456+07') as never,
    },
  ]);
  await db.insert(obligations).values([
    { agreementId: ID, key: 'report:2', type: 'report', label: 'Laporan 2', dueAt: ts('2099-07-31 16:59:59.999999+00') as never },
    {
      agreementId: ID, key: 'report:1', type: 'report', label: 'Laporan 1', dueAt: ts('2026-01-31 23:59:59+07') as never,
      doneAt: ts('2026-02-01 08:00:00+07') as never,
    },
    { agreementId: ID, key: 'expiry:90', type: 'expiry_alert', label: 'Berakhir', dueAt: ts('2020-01-01 00:00:00+00') as never },
  ]);
  await db.insert(emails).values([
    {
      key: 'failed-2', agreementId: ID, kind: 'reminder', stage: 'verification', reminderNo: 2, recipient: 'b@kota.go.id',
      recipientUsername: 'verifikator', subject: 's', body: 'b', messageId: 'm2', lastError: '550 no such user',
      failedAt: ts('2026-01-07 00:00:00+07') as never,
    },
    {
      key: 'failed-1', agreementId: ID, kind: 'decision', recipient: 'a@kota.go.id', subject: 's', body: 'b',
      messageId: 'm1', failedAt: ts('2026-01-06 00:00:00.0005+07') as never,
    },
    { key: 'sent', agreementId: ID, kind: 'decision', recipient: 'c@kota.go.id', subject: 's', body: 'b', messageId: 'm3' },
  ]);
  await db.insert(documents).values([
    { id: DOC_SIGNED, agreementId: ID, type: 'signed_pks', latestVersion: 1 },
    { id: DOC_KAK, agreementId: ID, type: 'kak', latestVersion: 3 },
  ]);
  const version = (documentId: string, n: number, at: string) => ({
    documentId, version: n, sha256: `${n}`.repeat(64), size: 5_000_000_000 + n, mime: 'application/pdf',
    storageKey: `k${n}`, filename: `berkas-${n}.pdf`, uploadedBy: 'pemrakarsa.dlh', uploadedAt: ts(at) as never,
  });
  await db.insert(documentVersions).values([
    version(DOC_KAK, 3, '2026-01-03 00:00:00.333333+07'),
    version(DOC_SIGNED, 1, '2026-01-04 00:00:00+07'),
    version(DOC_KAK, 1, '2026-01-01 00:00:00+07'),
    version(DOC_KAK, 2, '2026-01-02 00:00:00+07'),
  ]);
}

function expectDocumentedDetail(detail: any) {
  expect(agreementDetailResponse.safeParse(detail).error).toBeUndefined();
  expect(detail).toMatchObject({
    id: ID,
    confidential: true,
    valueIdr: 12345678901234567,
    createdAt: '2026-01-05T02:00:00.654Z',
    partnerNumbers: [],
    pendingTask: {
      stage: 'verification',
      role: 'verifier',
      unitCode: null,
      startedAt: '2026-01-05T03:00:00.000Z',
      dueAt: '2000-01-01T00:00:00.000Z',
      overdue: true,
      remindersSent: 2,
      escalatedTo: 'kepala.pem',
      sla: { workingDays: 5, basis: 'Perwali 1/2026' },
      calendarMissingForYears: [2027, 2028],
    },
  });

  expect(detail.timeline).toHaveLength(EVENTS);
  expect(detail.timeline.map((event: any) => event.seq)).toEqual(Array.from({ length: EVENTS }, (_, i) => i + 1));
  expect(detail.timeline[0]).toEqual({
    seq: 1, type: 'created', fromStage: null, stage: 'verification', decision: null, actor: null,
    at: '2026-01-05T02:00:01.999Z', note: null,
  });
  expect(detail.timeline[1]).toEqual({
    seq: 2, type: 'decision', fromStage: 'draft', stage: 'verification', decision: 'submit',
    actor: { username: 'pemrakarsa.dlh', name: 'Pemrakarsa "DLH" <b>', role: 'initiator', actingFor: 'kepala.dlh' },
    at: '2026-01-05T02:00:02.999Z', note: null,
  });
  expect(detail.timeline[2].note).toBe('catatan ꦱꦸ \u2028 "kutip"');
  expect(detail.timeline[EVENTS - 1].at).toBe('2026-01-05T02:00:00.999Z');

  expect(detail.reports).toEqual([
    {
      id: REPORT_1, period: '2026-S1', activities: 'Pertama', progressPercent: 40, problems: 'Hujan', followUp: 'Tunda',
      filedBy: 'pemrakarsa.dlh', filedAt: '2026-02-01T01:00:00.000Z', status: 'accepted', reviewNote: 'Baik',
      reviewedBy: 'verifikator', reviewedAt: '2026-02-02T01:00:00.123Z',
    },
    {
      id: REPORT_2, period: '2026-S2', activities: 'Kedua', progressPercent: 80, problems: null, followUp: null,
      filedBy: 'pemrakarsa.dlh', filedAt: '2026-08-01T01:00:00.500Z', status: 'submitted', reviewNote: null,
      reviewedBy: null, reviewedAt: null,
    },
  ]);
  expect(detail.obligations).toEqual([
    { key: 'expiry:90', type: 'expiry_alert', label: 'Berakhir', dueAt: '2020-01-01T00:00:00.000Z', doneAt: null, overdue: true },
    {
      key: 'report:1', type: 'report', label: 'Laporan 1', dueAt: '2026-01-31T16:59:59.000Z',
      doneAt: '2026-02-01T01:00:00.000Z', overdue: false,
    },
    { key: 'report:2', type: 'report', label: 'Laporan 2', dueAt: '2099-07-31T16:59:59.999Z', doneAt: null, overdue: false },
  ]);
  expect(detail.notifications.failed).toEqual([
    {
      kind: 'decision', stage: null, reminderNo: null, recipientUsername: null, recipient: 'a@kota.go.id', error: null,
      failedAt: '2026-01-05T17:00:00.000Z',
    },
    {
      kind: 'reminder', stage: 'verification', reminderNo: 2, recipientUsername: 'verifikator', recipient: 'b@kota.go.id',
      error: '550 no such user', failedAt: '2026-01-06T17:00:00.000Z',
    },
  ]);
  expect(detail.links).toEqual({
    parentId: null,
    renewalOf: null,
    children: [{ id: CHILD, instrument: 'addendum', title: 'Kerja sama c1', stage: 'draft' }],
    renewals: [{ id: RENEWAL, instrument: 'pks', title: 'Kerja sama e1', stage: 'verification' }],
  });

  expect(detail.documents.map((document: any) => [document.type, document.documentId])).toEqual([
    ['kak', DOC_KAK],
    ['signed_pks', DOC_SIGNED],
  ]);
  const kak = detail.documents[0];
  expect(kak.label).toBe('Kerangka Acuan Kerja (KAK)');
  expect(kak.versions.map((v: any) => v.version)).toEqual([1, 2, 3]);
  expect(kak.versions[2]).toEqual({
    version: 3, sha256: '3'.repeat(64), size: 5_000_000_003, mime: 'application/pdf', filename: 'berkas-3.pdf',
    uploadedBy: 'pemrakarsa.dlh', uploadedAt: '2026-01-02T17:00:00.333Z', url: `/api/documents/${DOC_KAK}/versions/3`,
  });
}

function expectBareDetail(detail: any) {
  expect(agreementDetailResponse.safeParse(detail).error).toBeUndefined();
  expect(detail).toMatchObject({
    id: STRANGER, pendingTask: null, timeline: [], reports: [], obligations: [], documents: [],
    notifications: { failed: [] }, links: { parentId: null, renewalOf: null, children: [], renewals: [] },
  });
}

describe.each(['postgres', 'pglite'] as const)('the agreement detail on %s', (driver) => {
  let handle: DatabaseHandle;
  let database: TestDatabase | undefined;
  let dataDir: string;

  beforeAll(async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'simk-detail-'));
    if (driver === 'postgres') {
      database = await createTestDatabase();
      // A session zone far from UTC: the detail's times must not depend on it.
      const admin = postgres(database.url, { max: 1, onnotice: () => {} });
      await admin.unsafe(`alter database ${database.name} set timezone to 'America/Los_Angeles'`);
      await admin.end();
    }
    handle = await openDatabase({ url: database?.url, dataDir });
    await handle.migrate();
    if (driver === 'pglite') await handle.db.execute(sql`set timezone to 'Asia/Tokyo'`);
    await seed(handle.db);
  }, 60_000);
  afterAll(async () => {
    await handle?.close();
    await database?.drop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('answers every part of a busy agreement as documented, in order, times in UTC to the millisecond', async () => {
    const found = await readAgreementDetail(handle.db, ID);
    expect(found?.row.id).toBe(ID);
    expectDocumentedDetail(found!.detail);
  });

  it('answers empty lists and no task for an agreement with nothing yet, and null for an unknown id', async () => {
    expectBareDetail((await readAgreementDetail(handle.db, STRANGER))!.detail);
    expect(await readAgreementDetail(handle.db, '0a000000-0000-4000-8000-00000000dead')).toBeNull();
  });
});
