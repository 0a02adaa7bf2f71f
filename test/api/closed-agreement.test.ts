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

beforeAll(async () => {
  t = await startTestSystem();
  office = await t.login('pemrakarsa.dlh');
});
afterAll(async () => t?.close());

describe('a decision on an agreement that has just closed', () => {
  it('is answered 409 stage_moved, not 404', async () => {
    const proposal = {
      kind: 'ksdd',
      instrument: 'pks',
      title: 'Usulan yang ditarik kembali',
      partners: [{ name: 'Pemerintah Kota Batu', type: 'pemda' }],
      unitCode: 'DLH',
      purpose: 'Uji keputusan atas proses yang sudah selesai.',
      scope: 'Pengelolaan sampah bersama.',
      durationMonths: 12,
    };
    const created = await t.http.post('/api/agreements', proposal, office);
    expect(created.status).toBe(201);
    const id = created.body.id as string;
    expect((await uploadDocument(t.http, id, office, 'kak', tinyPdf('KAK'))).status).toBe(201);
    const decide = (decision: string) =>
      t.http.post(`/api/agreements/${id}/decisions`, { stage: 'draft', decision, note: '' }, office);

    expect((await decide('withdraw')).status).toBe(200);
    const late = await decide('submit');

    expect(late.status).toBe(409);
    expect(late.body.error.code).toBe('stage_moved');
    const detail = await t.http.get(`/api/agreements/${id}`, office);
    expect(detail.body.stage).toBe('withdrawn');
  });
});
