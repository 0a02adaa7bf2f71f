/**
 * The public tracking read is served from a short-lived cache (src/api/read/public-view-cache.ts):
 * these tests hold it to its promise of freshness, whichever process changed the agreement.
 */
import fs from 'node:fs';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { agreements } from '../../src/db/schema.js';
import { tinyPdf } from '../support/files.js';
import { startTestSystem, type TestSystem } from '../support/system.js';
import { uploadDocument } from '../support/uploads.js';

const proposal = JSON.parse(
  fs.readFileSync(new URL('../../../shared/data/agreements/01-ksdd-air-baku-kabupaten.json', import.meta.url), 'utf8'),
);
/** What the route promises (its doc comment), plus room for a slow machine. */
const ALLOWED_LAG_MS = 1000;
const SLACK_MS = 1000;

let t: TestSystem;
let token: string;

beforeAll(async () => {
  t = await startTestSystem();
  token = await t.login('pemrakarsa.dlh');
});
afterAll(async () => t?.close());

async function createDraft() {
  const created = await t.http.post('/api/agreements', proposal, token);
  expect(created.status).toBe(201);

  return created.body as { id: string; trackingCode: string };
}

const publicStage = async (code: string) => (await t.http.get(`/api/public/track/${code}`)).body.stage;

describe('the public tracking read', () => {
  it('shows a stage recorded by another process within the allowed lag', async () => {
    const { id, trackingCode } = await createDraft();
    expect(await publicStage(trackingCode)).toBe('draft');

    // As a worker in another process would: the projection changes under the API's feet.
    await t.system.database.db.update(agreements).set({ stage: 'verification' }).where(eq(agreements.id, id));
    const changedAt = performance.now();
    while ((await publicStage(trackingCode)) !== 'verification') {
      expect(performance.now() - changedAt).toBeLessThan(ALLOWED_LAG_MS + SLACK_MS);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  });

  it('shows a decision made through the API at once', async () => {
    const { id, trackingCode } = await createDraft();
    expect(await publicStage(trackingCode)).toBe('draft');
    const uploaded = await uploadDocument(t.http, id, token, 'kak', tinyPdf(`kak ${id}`));
    expect(uploaded.status).toBe(201);

    const decision = { stage: 'draft', decision: 'submit', note: 'catatan internal DLH' };
    const submitted = await t.http.post(`/api/agreements/${id}/decisions`, decision, token);
    expect(submitted.status).toBe(200);

    const view = await t.http.get(`/api/public/track/${trackingCode}`);
    expect(view.body.stage).toBe('verification');
    expect(JSON.stringify(view.body)).not.toContain('catatan internal');
  });

  it('answers each of many codes read at the same moment with its own agreement', async () => {
    const codes: string[] = [];
    for (let i = 0; i < 4; i += 1) codes.push((await createDraft()).trackingCode);
    const asked = [...codes, 'KS-2026-ZZZZZZ', ...[...codes].reverse()];

    const answers = await Promise.all(asked.map((code) => t.http.get(`/api/public/track/${code}`)));

    expect(answers.map((answer) => answer.body.trackingCode ?? answer.status)).toEqual(
      asked.map((code) => (code === 'KS-2026-ZZZZZZ' ? 404 : code)),
    );
  });

  it('answers the same bytes as a fresh read, and unknown or malformed codes with 404', async () => {
    const { trackingCode } = await createDraft();
    const first = await t.http.get(`/api/public/track/${trackingCode}`);
    const second = await t.http.get(`/api/public/track/${trackingCode.toLowerCase()}`);

    expect(second.body).toEqual(first.body);
    expect(second.headers.get('content-type')).toBe('application/json; charset=utf-8');
    for (const code of ['KS-2026-ZZZZZZ', 'KS-2026-ZZZZZY', 'bukan-kode', 'KS-2026-UUUUUU']) {
      const missing = await t.http.get(`/api/public/track/${code}`);
      expect(missing.status, code).toBe(404);
      expect(missing.body.error.code).toBe('not_found');
    }
  });
});
