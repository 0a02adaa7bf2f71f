/**
 * Documents over HTTP against the whole running product (Temporal, Postgres, the filesystem
 * store under the test's own DATA_DIR). The size limit is lowered to 1 MiB so oversized
 * uploads stay quick; everything else runs as configured in production.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jpegHeader, tinyDocx, tinyPdf, tinyPng, tinyXlsx } from '../support/files.js';
import { startTestSystem, type TestSystem } from '../support/system.js';
import { download, multipartBody, sha256Of, uploadDocument } from '../support/uploads.js';

const MAX_BYTES = 1024 * 1024;
const proposal = JSON.parse(
  fs.readFileSync(new URL('../../../shared/data/agreements/01-ksdd-air-baku-kabupaten.json', import.meta.url), 'utf8'),
);

let t: TestSystem;
let dataDir: string;
const tokens: Record<string, string> = {};

beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'simk-docs-'));
  t = await startTestSystem({ DATA_DIR: dataDir, DOCUMENT_MAX_BYTES: String(MAX_BYTES) });
  const users = ['pemrakarsa.dlh', 'pemrakarsa.dinkes', 'verifikator', 'hukum', 'auditor'];
  for (const user of [...users, 'kepala.pem', 'kepala.dinkes']) {
    tokens[user] = await t.login(user);
  }
});
afterAll(async () => {
  await t?.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

const dlh = () => tokens['pemrakarsa.dlh']!;
async function createDraft(title = 'Uji dokumen') {
  const created = await t.http.post('/api/agreements', { ...proposal, title }, dlh());
  expect(created.status).toBe(201);
  return created.body.id as string;
}
const upload = (id: string, user: string, type: string, content: Buffer, filename?: string) =>
  uploadDocument(t.http, id, tokens[user]!, type, content, filename);
const decide = (id: string, user: string, stage: string, decision: string) =>
  t.http.post(`/api/agreements/${id}/decisions`, { stage, decision }, tokens[user]);
const listOf = async (id: string) => (await t.http.get(`/api/agreements/${id}/documents`, dlh())).body.items;
const storedBlobs = () => {
  const root = path.join(dataDir, 'documents', 'sha256');
  if (!fs.existsSync(root)) return 0;

  return fs.readdirSync(root, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).length;
};

describe('uploading and downloading documents', () => {
  let id: string;
  beforeAll(async () => {
    id = await createDraft('Uji unggah dan unduh');
  });

  it('stores an upload and gives back the same bytes, with its SHA-256, type and safe headers', async () => {
    const pdf = tinyPdf('KAK air baku');
    const uploaded = await upload(id, 'pemrakarsa.dlh', 'kak', pdf, 'KAK Air Baku.pdf');
    expect(uploaded.status).toBe(201);
    expect(uploaded.body).toMatchObject({
      type: 'kak',
      version: 1,
      sha256: sha256Of(pdf),
      size: pdf.length,
      filename: 'KAK Air Baku.pdf',
    });

    const file = await download(t.baseUrl, `/api/documents/${uploaded.body.documentId}/versions/1`, dlh());
    expect(file.status).toBe(200);
    expect(sha256Of(file.bytes)).toBe(sha256Of(pdf));
    expect(file.headers.get('content-type')).toBe('application/pdf');
    expect(file.headers.get('x-content-type-options')).toBe('nosniff');
    expect(file.headers.get('content-disposition')).toBe(
      `attachment; filename="KAK Air Baku.pdf"; filename*=UTF-8''KAK%20Air%20Baku.pdf`,
    );

    const detail = await t.http.get(`/api/agreements/${id}`, dlh());
    expect(detail.body.documents).toEqual([
      expect.objectContaining({
        type: 'kak',
        label: 'Kerangka Acuan Kerja (KAK)',
        versions: [expect.objectContaining({ version: 1, sha256: sha256Of(pdf) })],
      }),
    ]);
  });

  it('keeps the earlier version downloadable when a new version of the same type arrives', async () => {
    const second = tinyPdf('KAK air baku, revisi');
    const uploaded = await upload(id, 'pemrakarsa.dlh', 'kak', second, 'KAK revisi.pdf');
    expect(uploaded.body.version).toBe(2);

    const [kak] = await listOf(id);
    expect(kak.versions.map((v: { version: number }) => v.version)).toEqual([1, 2]);
    const first = await download(t.baseUrl, kak.versions[0].url, dlh());
    const latest = await download(t.baseUrl, kak.versions[1].url, dlh());
    expect(sha256Of(first.bytes)).toBe(kak.versions[0].sha256);
    expect(sha256Of(latest.bytes)).toBe(sha256Of(second));
    expect(kak.versions[0].sha256).not.toBe(kak.versions[1].sha256);
  });

  it('accepts DOCX, XLSX, PNG and JPEG by their bytes and serves each with its own content type', async () => {
    const files: [string, Buffer, string][] = [
      ['kajian', tinyDocx(), 'application/vnd.openxmlformats-officedocument.wordprocessingml.document'],
      ['lainnya', tinyXlsx(), 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'],
      ['berita_acara', tinyPng(), 'image/png'],
      ['surat_penawaran', jpegHeader(), 'image/jpeg'],
    ];
    for (const [type, bytes, mime] of files) {
      const uploaded = await upload(id, 'pemrakarsa.dlh', type, bytes, 'lampiran.bin');
      expect(uploaded.status, type).toBe(201);
      expect(uploaded.body.mime).toBe(mime);
      const file = await download(t.baseUrl, `/api/documents/${uploaded.body.documentId}/versions/1`, dlh());
      expect(file.headers.get('content-type')).toBe(mime);
    }
  });

  it('stores identical content once however often it is uploaded', async () => {
    const before = storedBlobs();
    const same = tinyPdf('sama persis');
    await upload(id, 'pemrakarsa.dlh', 'lainnya', same);
    await upload(id, 'pemrakarsa.dlh', 'lainnya', same);
    expect(storedBlobs()).toBe(before + 1);
  });

  it('treats a repeated upload with the same Idempotency-Key as one version, another file as 409', async () => {
    const fresh = await createDraft('Uji unggah idempoten');
    const send = (content: Buffer) => {
      const form = multipartBody([
        { name: 'type', value: 'kajian' },
        { name: 'file', filename: 'kajian.pdf', content },
      ]);
      const headers = { 'content-type': form.contentType, 'idempotency-key': `kajian-${fresh}` };
      return t.http.request('POST', `/api/agreements/${fresh}/documents`, {
        token: dlh(),
        raw: new Uint8Array(form.body),
        headers,
      });
    };
    const first = await send(tinyPdf('kajian'));
    const again = await send(tinyPdf('kajian'));
    expect(again.status).toBe(201);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(again.body).toEqual(first.body);
    expect((await send(tinyPdf('kajian lain'))).status).toBe(409);
    const [kajian] = await listOf(fresh);
    expect(kajian.versions).toHaveLength(1);
  });

  it('gives concurrent uploads of one type distinct, gapless version numbers', async () => {
    const fresh = await createDraft('Uji unggah bersamaan');
    const results = await Promise.all(
      Array.from({ length: 8 }, (_, n) => upload(fresh, 'pemrakarsa.dlh', 'kajian', tinyPdf(`kajian ${n}`))),
    );
    expect(results.map((r) => r.status)).toEqual(Array(8).fill(201));
    expect(results.map((r) => r.body.version).sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(new Set(results.map((r) => r.body.documentId)).size).toBe(1);
  });
});

describe('refusing what must not be stored', () => {
  let id: string;
  beforeAll(async () => {
    id = await createDraft('Uji penolakan berkas');
  });

  it('refuses a file named .pdf whose bytes are not a PDF with 415, storing nothing', async () => {
    const before = storedBlobs();
    const html = Buffer.from('<html><script>alert(1)</script></html>');
    const fake = await upload(id, 'pemrakarsa.dlh', 'kak', html, 'kak.pdf');
    expect(fake.status).toBe(415);
    expect(fake.body.error.code).toBe('unsupported_media_type');
    expect(fake.body.error.message).toContain('bukan PDF');
    expect(await listOf(id)).toEqual([]);
    expect(storedBlobs()).toBe(before);
  });

  it('refuses a file over the size limit with 413, storing nothing and leaving no spooled bytes', async () => {
    const before = storedBlobs();
    const big = Buffer.concat([tinyPdf(), Buffer.alloc(3 * MAX_BYTES, 0x20)]);
    const response = await upload(id, 'pemrakarsa.dlh', 'kak', big);
    expect(response.status).toBe(413);
    expect(response.body.error).toMatchObject({ code: 'payload_too_large', details: { maxBytes: MAX_BYTES } });
    expect(response.body.error.message).toContain('1 MiB');
    expect(await listOf(id)).toEqual([]);
    expect(storedBlobs()).toBe(before);
    expect(fs.readdirSync(path.join(dataDir, 'spool'))).toEqual([]);
  });

  it('accepts a file of exactly the size limit', async () => {
    const pdf = tinyPdf();
    const exact = Buffer.concat([pdf, Buffer.alloc(MAX_BYTES - pdf.length, 0x20)]);
    const response = await upload(id, 'pemrakarsa.dlh', 'lainnya', exact);
    expect(response.status).toBe(201);
    expect(response.body.size).toBe(MAX_BYTES);
  });

  it('keeps only a clean display name from file names with paths, backslashes and NUL', async () => {
    const names: [string, string][] = [
      ['../../etc/passwd.pdf', 'passwd.pdf'],
      ['..\\..\\windows\\win.ini.pdf', 'win.ini.pdf'],
      ['kak\u0000.pdf', 'kak.pdf'],
      ['/etc/shadow', 'shadow.pdf'],
    ];
    for (const [sent, kept] of names) {
      const response = await upload(id, 'pemrakarsa.dlh', 'kajian', tinyPdf(sent), sent);
      expect(response.status, sent).toBe(201);
      expect(response.body.filename).toBe(kept);
      const url = `/api/documents/${response.body.documentId}/versions/${response.body.version}`;
      const file = await download(t.baseUrl, url, dlh());
      expect(file.headers.get('content-disposition')).toContain(`filename="${kept}"`);
    }
    expect(fs.existsSync(path.join(dataDir, '..', 'etc', 'passwd.pdf'))).toBe(false);
    const blobNames = fs.readdirSync(path.join(dataDir, 'documents', 'sha256'), { recursive: true }) as string[];
    const blobPaths = blobNames.filter((name) => name.length > 5);
    expect(blobPaths.every((name) => /^[0-9a-f]{2}\/[0-9a-f]{2}(\/[0-9a-f]{64})?$/.test(name))).toBe(true);
  });

  it('answers malformed uploads with 400 or 415 and a reason', async () => {
    const before = await listOf(id);
    const post = (body: Buffer | string, contentType: string) =>
      t.http.request('POST', `/api/agreements/${id}/documents`, {
        token: dlh(),
        raw: typeof body === 'string' ? body : new Uint8Array(body),
        headers: { 'content-type': contentType },
      });
    const noFile = multipartBody([{ name: 'type', value: 'kak' }]);
    const pdfPart = { name: 'file', filename: 'a.pdf', content: tinyPdf() };
    const unknownType = multipartBody([{ name: 'type', value: 'surat_cinta' }, pdfPart]);
    const twoFiles = multipartBody([
      { name: 'type', value: 'kak' },
      { name: 'file', filename: 'a.pdf', content: tinyPdf() },
      { name: 'file', filename: 'b.pdf', content: tinyPdf() },
    ]);
    const empty = multipartBody([{ name: 'type', value: 'kak' }, { ...pdfPart, content: Buffer.alloc(0) }]);

    expect((await post(noFile.body, noFile.contentType)).status).toBe(400);
    const unknown = await post(unknownType.body, unknownType.contentType);
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.details).toEqual([{ field: 'type', got: 'surat_cinta' }]);
    expect((await post(twoFiles.body, twoFiles.contentType)).status).toBe(400);
    expect((await post(empty.body, empty.contentType)).status).toBe(400);
    expect((await post('{"type":"kak"}', 'application/json')).status).toBe(415);
    expect((await post(noFile.body.subarray(0, 40), noFile.contentType)).status).toBe(400);
    expect(await listOf(id)).toEqual(before);
  });
});

describe('who may upload and download', () => {
  let id: string;
  let kakUrl: string;
  beforeAll(async () => {
    id = await createDraft('Uji kewenangan dokumen');
    const kak = await upload(id, 'pemrakarsa.dlh', 'kak', tinyPdf('KAK'));
    kakUrl = `/api/documents/${kak.body.documentId}/versions/1`;
  });

  it('hides a draft and its documents from other offices and from the verifier with 404', async () => {
    expect((await upload(id, 'pemrakarsa.dinkes', 'kak', tinyPdf())).status).toBe(404);
    expect((await upload(id, 'verifikator', 'tanggapan_mitra', tinyPdf())).status).toBe(404);
    expect((await download(t.baseUrl, kakUrl, tokens['pemrakarsa.dinkes'])).status).toBe(404);
    expect((await t.http.get(`/api/agreements/${id}/documents`, tokens['pemrakarsa.dinkes'])).status).toBe(404);
    expect((await download(t.baseUrl, kakUrl)).status).toBe(401);
  });

  it('lets the verifier record letters once submitted, but not the office’s own papers (403)', async () => {
    expect((await decide(id, 'pemrakarsa.dlh', 'draft', 'submit')).status).toBe(200);

    const letter = await upload(id, 'verifikator', 'tanggapan_mitra', tinyPdf('Tanggapan mitra'));
    expect(letter.status).toBe(201);
    const kak = await upload(id, 'verifikator', 'kak', tinyPdf());
    expect(kak.status).toBe(403);
    expect(kak.body.error.message).toContain('Kerangka Acuan Kerja');
  });

  it('refuses uploads from roles that only read, with 403, without waiting for the whole body', async () => {
    const big = Buffer.concat([tinyPdf(), Buffer.alloc(3 * MAX_BYTES, 0x20)]);
    for (const user of ['hukum', 'auditor']) {
      const started = Date.now();
      const response = await upload(id, user, 'lainnya', big);
      expect(response.status, user).toBe(403);
      expect(Date.now() - started).toBeLessThan(5000);
    }
    expect((await download(t.baseUrl, kakUrl, tokens.auditor)).status).toBe(200);
    expect((await download(t.baseUrl, kakUrl, tokens.hukum)).status).toBe(200);
  });

  it('refuses uploads from the head of the office itself, who reads but does not upload (403)', async () => {
    const body = { ...proposal, unitCode: 'DINKES' };
    const dinkes = await t.http.post('/api/agreements', body, tokens['pemrakarsa.dinkes']);
    const response = await upload(dinkes.body.id, 'kepala.dinkes', 'kak', tinyPdf());
    expect(response.status).toBe(403);
    expect((await upload(dinkes.body.id, 'kepala.pem', 'kak', tinyPdf())).status).toBe(404);
  });

  it('answers unknown documents and versions with 404 and malformed ids with 400', async () => {
    expect((await download(t.baseUrl, kakUrl.replace(/\/1$/, '/2'), dlh())).status).toBe(404);
    const unknown = '/api/documents/00000000-0000-4000-8000-000000000000/versions/1';
    expect((await download(t.baseUrl, unknown, dlh())).status).toBe(404);
    expect((await download(t.baseUrl, '/api/documents/bukan-uuid/versions/1', dlh())).status).toBe(400);
    expect((await download(t.baseUrl, kakUrl.replace(/\/1$/, '/0'), dlh())).status).toBe(400);
  });

  it('never lets a stored version change: the database refuses UPDATE and DELETE', async () => {
    const db = t.system.database.db;
    await expect(db.execute(sql`update document_versions set size = 0`)).rejects.toThrow();
    await expect(db.execute(sql`delete from document_versions`)).rejects.toThrow();
    const file = await download(t.baseUrl, kakUrl, dlh());
    expect(file.status).toBe(200);
  });
});

describe('documents required before a decision', () => {
  it('refuses to submit without the terms of reference, naming it, and leaves the stage as it was', async () => {
    const id = await createDraft('Uji dokumen wajib');
    const refused = await decide(id, 'pemrakarsa.dlh', 'draft', 'submit');
    expect(refused.status).toBe(422);
    expect(refused.body.error.code).toBe('missing_document');
    expect(refused.body.error.details).toEqual({ missing: ['kak'] });
    expect(refused.body.error.message).toContain('Kerangka Acuan Kerja (KAK)');

    const detail = await t.http.get(`/api/agreements/${id}`, dlh());
    expect(detail.body.stage).toBe('draft');
    expect(detail.body.timeline.filter((e: { type: string }) => e.type === 'decision')).toHaveLength(0);

    await upload(id, 'pemrakarsa.dlh', 'kak', tinyPdf('KAK'));
    const submitted = await decide(id, 'pemrakarsa.dlh', 'draft', 'submit');
    expect(submitted.status).toBe(200);
    expect(submitted.body.stage).toBe('verification');
  });

  it('refuses creation with submit: true before anything is created', async () => {
    const title = 'Uji submit langsung tanpa KAK';
    const refused = await t.http.post('/api/agreements', { ...proposal, title, submit: true }, dlh());
    expect(refused.status).toBe(422);
    expect(refused.body.error.details).toEqual({ missing: ['kak'] });
    const found = await t.http.get(`/api/agreements?q=${encodeURIComponent(title)}`, dlh());
    expect(found.body.items.filter((item: { title: string }) => item.title === title)).toEqual([]);
  });

  it('keeps the answer of a stale decision (409) even when the document it would need is missing', async () => {
    const id = await createDraft('Uji tahap basi');
    await upload(id, 'pemrakarsa.dlh', 'kak', tinyPdf('KAK'));
    await decide(id, 'pemrakarsa.dlh', 'draft', 'submit');
    const stale = await decide(id, 'verifikator', 'offer', 'approve');
    expect(stale.status).toBe(409);
  });
});
