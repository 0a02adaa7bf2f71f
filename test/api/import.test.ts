/**
 * The register of existing agreements imported over HTTP, with the real files of
 * ../shared/data: real Temporal dev server, real PostgreSQL. Expected stages are computed here
 * from each row's dates and today's date in the city's time zone, never listed by hand.
 */
import fs from 'node:fs';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addCalendarDays, addMonthsClamped, localDateOf } from '../../src/domain/calendar.js';
import { parseCsv } from '../../src/domain/csv.js';
import { contentOf, REGISTER_COLUMNS, type RegisterColumn } from '../../src/domain/register-row.js';
import { agreements, registerEntries } from '../../src/db/schema.js';
import { startTestSystem, type TestSystem } from '../support/system.js';

const dataFile = (name: string) => fs.readFileSync(new URL(`../../../shared/data/${name}`, import.meta.url), 'utf8');
const register = dataFile('register-2019-2026.csv');
const withErrors = dataFile('register-with-errors.csv');

let t: TestSystem;
const tokens: Record<string, string> = {};

beforeAll(async () => {
  t = await startTestSystem();
  for (const user of ['verifikator', 'admin', 'pemrakarsa.dlh', 'tkksd']) tokens[user] = await t.login(user);
});
afterAll(async () => t?.close());

const postCsv = (csv: string, token = tokens.verifikator) =>
  t.http.request('POST', '/api/agreements/import', { token, raw: csv, headers: { 'content-type': 'text/csv' } });
const postRow = (row: object, token = tokens.verifikator) => t.http.post('/api/agreements/import', row, token);
const detail = async (id: string) => (await t.http.get(`/api/agreements/${id}`, tokens.admin)).body;
const totalAgreements = async () => (await t.http.get('/api/agreements?pageSize=1', tokens.admin)).body.total;

/** What the register rule says: ended after the end date, evaluation within 6 months of it. */
function expectedStage(startDate: string, endDate: string): string {
  const today = localDateOf(new Date(), 'Asia/Jakarta');
  const evaluationOpens = addMonthsClamped(endDate, -6);
  if (today > endDate) return 'ended';
  if (today >= (evaluationOpens < startDate ? startDate : evaluationOpens)) return 'evaluation';

  return 'implementation';
}

function csvRows(csv: string): Record<RegisterColumn, string>[] {
  const [header, ...rows] = parseCsv(csv);
  return rows.map((cells) => Object.fromEntries(header!.map((name, i) => [name, cells[i]!])) as Record<RegisterColumn, string>);
}

function jsonRow<T extends Partial<Record<RegisterColumn, unknown>>>(overrides = {} as T) {
  const today = localDateOf(new Date(), 'Asia/Jakarta');
  return {
    kind: 'ksdpk',
    instrument: 'pks',
    title: 'Pengelolaan parkir tepi jalan berbasis aplikasi',
    partners: ['PT Parkir Cerdas Nusantara'],
    partnerTypes: ['swasta'],
    unitCode: 'DISHUB',
    ourNumber: `551/${randomUUID().slice(0, 8)}/35.73.407/2025`,
    partnerNumber: '',
    parentOurNumber: null,
    signedAt: addMonthsClamped(today, -12),
    startDate: addMonthsClamped(today, -12),
    endDate: addCalendarDays(addMonthsClamped(today, 36), -1),
    valueIdr: 1500000000,
    notes: 'baris JSON',
    ...overrides,
  };
}

describe('importing the register of existing agreements', () => {
  const idsByNumber = new Map<string, string>();

  it('lets only the verifier or the admin import', async () => {
    const refused = await postCsv(register, tokens['pemrakarsa.dlh']);
    expect(refused.status).toBe(403);
    expect(await totalAgreements()).toBe(0);
  });

  it('refuses the file with errors, naming each bad row with its line and reason, and imports nothing', async () => {
    const response = await postCsv(withErrors);
    expect(response.status).toBe(422);
    expect(response.body.error.code).toBe('invalid_register');

    const byLine = new Map<number, { column: string; reason: string }>(
      response.body.error.details.map((problem: { line: number; column: string; reason: string }) => [problem.line, problem]),
    );
    expect([...byLine.keys()].sort((a, b) => a - b)).toEqual([3, 4, 5, 6, 7, 8, 10]);
    expect(byLine.get(3)).toMatchObject({ column: 'kind', reason: expect.stringContaining("'kerjasama' tidak dikenal") });
    expect(byLine.get(4)).toMatchObject({ column: 'endDate', reason: expect.stringContaining('sebelum tanggal mulai') });
    expect(byLine.get(5)).toMatchObject({ column: 'signedAt', reason: expect.stringContaining("'2024-13-45'") });
    expect(byLine.get(6)).toMatchObject({ column: 'title', reason: 'judul wajib diisi' });
    expect(byLine.get(7)).toMatchObject({ column: 'unitCode', reason: expect.stringContaining('DINAS_TIDAK_ADA') });
    expect(byLine.get(8)).toMatchObject({ column: 'valueIdr', reason: expect.stringContaining('satu milyar') });
    expect(byLine.get(10)).toMatchObject({ column: 'ourNumber', reason: expect.stringContaining('baris 2') });
    expect(await totalAgreements()).toBe(0);
  });

  it('imports the 2019–2026 register, each agreement starting in the stage its dates give', async () => {
    const rows = csvRows(register);
    const response = await postCsv(register);
    expect(response.status).toBe(201);
    expect(response.body).toMatchObject({ created: rows.length, skipped: 0 });

    for (const [i, row] of rows.entries()) {
      const item = response.body.items[i];
      expect(item).toMatchObject({ line: i + 2, ourNumber: row.ourNumber, status: 'created' });
      expect(item.trackingCode).toMatch(/^KS-\d{4}-[0-9A-HJKMNP-TV-Z]{6}$/);
      expect({ ourNumber: row.ourNumber, stage: item.stage }).toEqual({
        ourNumber: row.ourNumber,
        stage: expectedStage(row.startDate, row.endDate),
      });
      idsByNumber.set(row.ourNumber, item.id);
    }
    expect(await totalAgreements()).toBe(rows.length);
  });

  it('shows an imported agreement with its dates, numbers, partners and only future report deadlines', async () => {
    const row = csvRows(register).find((candidate) => candidate.partners.includes(';'))!;
    const shown = await detail(idsByNumber.get(row.ourNumber)!);
    expect(shown).toMatchObject({
      title: row.title,
      unitCode: row.unitCode,
      stage: expectedStage(row.startDate, row.endDate),
      signedAt: row.signedAt,
      startDate: row.startDate,
      endDate: row.endDate,
      ourNumber: row.ourNumber,
      partnerNumbers: row.partnerNumber.split(';'),
    });
    expect(shown.partners.map((partner: { name: string }) => partner.name)).toEqual(row.partners.split(';'));
    const reports = shown.obligations.filter((item: { type: string }) => item.type === 'report');
    expect(reports.length).toBeGreaterThan(0);
    for (const report of reports) expect(Date.parse(report.dueAt)).toBeGreaterThan(Date.now());
  });

  it('links a PKS to the KSB it hangs under, found earlier in the same file', async () => {
    const pks = csvRows(register).find((row) => row.parentOurNumber)!;
    const shown = await detail(idsByNumber.get(pks.ourNumber)!);
    expect(shown.parentId).toBe(idsByNumber.get(pks.parentOurNumber));
    const parent = await detail(idsByNumber.get(pks.parentOurNumber)!);
    expect(parent.links.children.map((child: { id: string }) => child.id)).toContain(shown.id);
  });

  it('creates nothing when the same file is imported again', async () => {
    const again = await postCsv(register);
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ created: 0, skipped: csvRows(register).length });
    for (const item of again.body.items) {
      expect(item.status).toBe('skipped');
      expect(item.id).toBe(idsByNumber.get(item.ourNumber));
    }
    expect(await totalAgreements()).toBe(idsByNumber.size);
  });

  it('accepts the file as a multipart upload in the field "file"', async () => {
    const form = new FormData();
    form.append('file', new Blob([register], { type: 'text/csv' }), 'register.csv');
    const response = await t.http.request('POST', '/api/agreements/import', { token: tokens.admin, raw: form });
    expect(response.status).toBe(200);
    expect(response.body.skipped).toBe(idsByNumber.size);
  });

  it('refuses a number already registered with other content', async () => {
    const [first] = csvRows(register);
    const response = await postCsv(`${REGISTER_COLUMNS.join(',')}\n${toCsvLine({ ...first!, title: 'Judul lain' })}\n`);
    expect(response.status).toBe(422);
    expect(response.body.error.details).toEqual([
      { line: 2, column: 'ourNumber', reason: expect.stringContaining('sudah terdaftar dengan isi yang berbeda') },
    ]);
  });

  it('stores spreadsheet-formula-looking text exactly as written', async () => {
    const lines = withErrors.split('\n');
    const formulaLine = lines.find((line) => line.includes('HYPERLINK'))!;
    const response = await postCsv(`${lines[0]}\n${formulaLine}\n`);
    expect(response.status).toBe(201);
    const shown = await detail(response.body.items[0].id);
    expect(shown.title).toBe('=HYPERLINK("http://contoh.invalid","klik")');
  });

  it('imports one agreement sent as a JSON row', async () => {
    const row = jsonRow();
    const response = await postRow(row, tokens.admin);
    expect(response.status).toBe(201);
    expect(response.body).toMatchObject({ created: 1, skipped: 0 });
    expect(response.body.items[0]).toMatchObject({ line: 1, ourNumber: row.ourNumber, stage: 'implementation' });
    const shown = await detail(response.body.items[0].id);
    expect(shown).toMatchObject({ kind: 'ksdpk', instrument: 'pks', startDate: row.startDate, endDate: row.endDate });

    const again = await postRow(row, tokens.admin);
    expect(again.status).toBe(200);
    expect(again.body.items[0]).toMatchObject({ id: response.body.items[0].id, status: 'skipped' });
  });

  it('refuses a JSON row naming a parent that does not exist, at line 1', async () => {
    const response = await postRow(jsonRow({ parentOurNumber: '119/99/35.73.112/2099' }));
    expect(response.status).toBe(422);
    expect(response.body.error.details).toEqual([
      { line: 1, column: 'parentOurNumber', reason: expect.stringContaining('tidak ditemukan') },
    ]);
  });

  it('starts the missing workflow of a row that was saved without one when the file comes again', async () => {
    // The state a crash between the commit and the workflow start leaves behind.
    const row = jsonRow();
    const cells = Object.fromEntries(REGISTER_COLUMNS.map((column) => [column, cellText(row[column])]));
    const id = randomUUID();
    const db = t.system.database.db;
    await db.insert(agreements).values({
      id,
      trackingCode: 'KS-2026-0RPHAN',
      kind: row.kind,
      instrument: row.instrument,
      title: row.title,
      partners: [{ name: row.partners[0]!, type: 'swasta' }],
      unitCode: row.unitCode,
      purpose: 'Diimpor dari register kerja sama',
      scope: row.notes,
      plannedStart: row.startDate,
      durationMonths: 36,
      dprdTrigger: { burdensPublic: false, unbudgeted: false },
      initiatedBy: 'region',
      createdBy: 'verifikator',
      path: ['implementation', 'evaluation', 'ended'],
      stage: 'implementation',
      status: 'active',
      ourNumber: row.ourNumber,
      startDate: row.startDate,
      endDate: row.endDate,
    });
    await db.insert(registerEntries).values({
      ourNumber: row.ourNumber,
      agreementId: id,
      content: contentOf(cells as Record<RegisterColumn, string>),
      line: 1,
      importedBy: 'verifikator',
    });

    const response = await postRow(row);
    expect(response.status).toBe(200);
    expect(response.body.items[0]).toMatchObject({ id, status: 'skipped', stage: 'implementation' });
    const described = await t.system.client.workflow.getHandle(`agreement-${id}`).describe();
    expect(described.status.name).toBe('RUNNING');
    const shown = await detail(id);
    expect(shown.timeline.map((event: { stage: string }) => event.stage)).toContain('implementation');
  });

  it('links a renewal and the agreement it renews both ways once the TKKSD decides to continue', async () => {
    const row = csvRows(register).find((candidate) => expectedStage(candidate.startDate, candidate.endDate) === 'evaluation')!;
    const sourceId = idsByNumber.get(row.ourNumber)!;
    const decision = { stage: 'evaluation', decision: 'continue', note: 'Dilanjutkan.' };
    const continued = await t.http.post(`/api/agreements/${sourceId}/decisions`, decision, tokens.tkksd);
    expect(continued.status).toBe(200);

    const source = await detail(sourceId);
    expect(source.links.renewals).toHaveLength(1);
    expect(source.links.children).toEqual([]);
    const renewal = await detail(source.links.renewals[0].id);
    expect(renewal).toMatchObject({ stage: 'draft', unitCode: row.unitCode });
    expect(renewal.links).toMatchObject({ renewalOf: sourceId, parentId: null });
  });
});

function cellText(value: unknown): string {
  if (Array.isArray(value)) return value.join(';');
  return value === null || value === undefined ? '' : String(value);
}

function toCsvLine(row: Record<RegisterColumn, string>): string {
  return REGISTER_COLUMNS.map((column) => {
    const value = row[column];
    return /[",\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
  }).join(',');
}
