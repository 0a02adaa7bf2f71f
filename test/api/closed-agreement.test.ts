/**
 * A decision sent to an agreement whose workflow has just ended (withdrawn, rejected, ended)
 * is a stale view of the page, 409 `stage_moved`: Temporal reports the finished workflow as
 * NOT_FOUND, which must not reach the client as 404.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tinyPdf } from '../support/files.js';
import { startTestSystem, type TestSystem } from '../support/system.js';
import { uploadDocument } from '../support/uploads.js';

let t: TestSystem;
let office: string;

const proposal = (title: string) => ({
  kind: 'ksdd',
  instrument: 'pks',
  title,
  partners: [{ name: 'Pemerintah Kota Batu', type: 'pemda' }],
  unitCode: 'DLH',
  purpose: 'Uji keputusan atas proses yang sudah selesai.',
  scope: 'Pengelolaan sampah bersama.',
  durationMonths: 12,
});
const decide = (token: string, id: string, stage: string, decision: string) =>
  t.http.post(`/api/agreements/${id}/decisions`, { stage, decision, note: '' }, token);

/** A draft with its KAK, ready to be submitted. */
async function draft(title: string): Promise<string> {
  const created = await t.http.post('/api/agreements', proposal(title), office);
  expect(created.status).toBe(201);
  const id = created.body.id as string;
  expect((await uploadDocument(t.http, id, office, 'kak', tinyPdf('KAK'))).status).toBe(201);

  return id;
}

beforeAll(async () => {
  t = await startTestSystem();
  office = await t.login('pemrakarsa.dlh');
});
afterAll(async () => t?.close());

describe('a decision on an agreement that has just closed', () => {
  it('is answered 409 stage_moved, not 404', async () => {
    const id = await draft('Usulan yang ditarik kembali');

    expect((await decide(office, id, 'draft', 'withdraw')).status).toBe(200);
    const late = await decide(office, id, 'draft', 'submit');

    expect(late.status).toBe(409);
    expect(late.body.error.code).toBe('stage_moved');
    const detail = await t.http.get(`/api/agreements/${id}`, office);
    expect(detail.body.stage).toBe('withdrawn');
  });
});
