/**
 * One real agreement through its whole life over HTTP: a real Temporal dev server, real
 * PostgreSQL, a real SMTP server. The term runs on the demo clock (a day lasts 10 ms) so the
 * agreement reaches its end date within the test; review deadlines keep the real calendar and
 * the overdue reminder is provoked by the verifier setting a deadline a moment away.
 */
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localDateOf } from '../../src/domain/calendar.js';
import { tinyPdf } from '../support/files.js';
import { startTestSystem, type TestSystem } from '../support/system.js';
import { uploadDocument } from '../support/uploads.js';

const proposal = JSON.parse(fs.readFileSync(new URL('../../../shared/data/agreements/01-ksdd-air-baku-kabupaten.json', import.meta.url), 'utf8'));

let t: TestSystem;
const tokens: Record<string, string> = {};

beforeAll(async () => {
  t = await startTestSystem({ DEMO_TERM_DAY_SECONDS: '0.01' });
  for (const user of ['pemrakarsa.dlh', 'pemrakarsa.dinkes', 'verifikator', 'tkksd', 'hukum', 'sekda', 'kepala.pem', 'auditor']) {
    tokens[user] = await t.login(user);
  }
});
afterAll(async () => t?.close());

/** Uploads a small real PDF as `type`, as `user` would before deciding. */
async function attach(id: string, user: string, type: string) {
  const uploaded = await uploadDocument(t.http, id, tokens[user]!, type, tinyPdf(`${type} ${id}`));
  expect(uploaded.status, `${user} uploads ${type}`).toBe(201);
}

async function decide(id: string, user: string, stage: string, decision: string, extra: object = {}) {
  return t.http.post(`/api/agreements/${id}/decisions`, { stage, decision, note: `${decision} oleh ${user}`, ...extra }, tokens[user]);
}

describe('an air-baku agreement (ksdd, PKS) from proposal to its end', () => {
  let id: string;
  let trackingCode: string;

  it('is created as a draft by the initiating office and shows its planned path', async () => {
    const created = await t.http.post('/api/agreements', proposal, tokens['pemrakarsa.dlh']);
    expect(created.status).toBe(201);
    expect(created.body.stage).toBe('draft');
    expect(created.body.trackingCode).toMatch(/^KS-\d{4}-[0-9A-HJKMNP-TV-Z]{6}$/);
    id = created.body.id;
    trackingCode = created.body.trackingCode;

    const detail = await t.http.get(`/api/agreements/${id}`, tokens['pemrakarsa.dlh']);
    expect(detail.body.path).toEqual([
      'draft', 'verification', 'tkksd_review', 'offer', 'drafting', 'legal_review',
      'leadership_approval', 'signing', 'implementation', 'evaluation', 'ended',
    ]);
    expect(detail.body.pendingTask).toMatchObject({ stage: 'draft', role: 'initiator', dueAt: null });
  });

  it('refuses a decision from another office with 403 and leaves the draft unchanged', async () => {
    const foreign = await decide(id, 'pemrakarsa.dinkes', 'draft', 'submit');
    expect(foreign.status).toBe(404); // another office may not even see a draft
    const verifier = await decide(id, 'verifikator', 'draft', 'submit');
    expect(verifier.status).toBe(404); // drafts of other units are not shown to the verifier either
    const detail = await t.http.get(`/api/agreements/${id}`, tokens['pemrakarsa.dlh']);
    expect(detail.body.stage).toBe('draft');
    expect(detail.body.timeline).toHaveLength(1);
  });

  it('is submitted and lands in the verifier inbox with a working-day due date', async () => {
    await attach(id, 'pemrakarsa.dlh', 'kak');
    const submitted = await decide(id, 'pemrakarsa.dlh', 'draft', 'submit');
    expect(submitted.status).toBe(200);
    expect(submitted.body.stage).toBe('verification');
    expect(submitted.body.pendingTask).toMatchObject({ stage: 'verification', role: 'verifier', unitCode: 'PEM' });
    expect(new Date(submitted.body.pendingTask.dueAt).getTime()).toBeGreaterThan(Date.now());

    const inbox = await t.http.get('/api/tasks', tokens.verifikator);
    expect(inbox.body.items.map((task: { agreementId: string }) => task.agreementId)).toContain(id);
  });

  it('answers a wrong role with 403, a stale stage with 409 and an unknown code with 400', async () => {
    const wrongRole = await decide(id, 'hukum', 'verification', 'approve');
    expect(wrongRole.status).toBe(403);
    expect(wrongRole.body.error.code).toBe('role_not_allowed');
    const stale = await decide(id, 'verifikator', 'draft', 'submit');
    expect(stale.status).toBe(409);
    expect(stale.body.error.code).toBe('stage_moved');
    const unknown = await decide(id, 'verifikator', 'verification', 'bless');
    expect(unknown.status).toBe(400);
    const wrongForStage = await decide(id, 'verifikator', 'verification', 'continue');
    expect(wrongForStage.status).toBe(400);
    expect(wrongForStage.body.error.code).toBe('decision_not_allowed');

    const detail = await t.http.get(`/api/agreements/${id}`, tokens.verifikator);
    expect(detail.body.stage).toBe('verification');
    expect(detail.body.timeline.filter((event: { type: string }) => event.type === 'decision')).toHaveLength(1);
  });

  it('emails the verifiers when the review passes its due date, in Bahasa Indonesia with a link', async () => {
    const dueAt = new Date(Date.now() + 1500).toISOString();
    const moved = await t.http.post(`/api/agreements/${id}/deadline`, { dueAt, reason: 'uji pengingat' }, tokens.verifikator);
    expect(moved.status).toBe(200);
    expect(moved.body.pendingTask.dueAt).toBe(dueAt);

    const [mail] = await t.smtp.waitFor((m) => m.subject?.includes('Pengingat') === true && m.text?.includes(trackingCode) === true);
    expect(mail!.to).toMatchObject({ text: 'verifikator@simboisker.localhost' });
    expect(mail!.subject).toContain(proposal.title);
    expect(mail!.text).toContain('Verifikasi berkas');
    expect(mail!.text).toMatch(/Keterlambatan: (kurang dari 1 hari kerja|\d+ hari kerja)/);
    expect(mail!.text).toContain(`http://portal.test/agreements/${id}`);

    const detail = await t.http.get(`/api/agreements/${id}`, tokens.verifikator);
    expect(detail.body.pendingTask.remindersSent).toBeGreaterThanOrEqual(1);
    expect(detail.body.timeline.some((event: { type: string }) => event.type === 'reminder')).toBe(true);
  });

  it('goes back to the office for revision and returns to verification when resubmitted', async () => {
    const revise = await decide(id, 'verifikator', 'verification', 'revise');
    expect(revise.body.stage).toBe('revision');
    expect(revise.body.pendingTask).toMatchObject({ stage: 'revision', role: 'initiator', unitCode: 'DLH' });
    const resubmit = await decide(id, 'pemrakarsa.dlh', 'revision', 'resubmit');
    expect(resubmit.body.stage).toBe('verification');
    expect(resubmit.body.pendingTask.remindersSent).toBe(0);
  });

  it('passes every review stage to signing, each decided by its own role', async () => {
    // The fourth entry is the document the decision needs, uploaded by the one who decides.
    const steps: [string, string, string, string?][] = [
      ['verifikator', 'verification', 'approve'],
      ['tkksd', 'tkksd_review', 'approve'],
      ['verifikator', 'offer', 'approve', 'tanggapan_mitra'],
      ['pemrakarsa.dlh', 'drafting', 'submit', 'draft_pks'],
      ['hukum', 'legal_review', 'approve'],
      ['sekda', 'leadership_approval', 'approve'],
    ];
    for (const [user, stage, decision, document] of steps) {
      if (document) await attach(id, user, document);
      const response = await decide(id, user, stage, decision);
      expect(response.status, `${user} ${decision} at ${stage}`).toBe(200);
    }
    const detail = await t.http.get(`/api/agreements/${id}`, tokens.verifikator);
    expect(detail.body.stage).toBe('signing');
  });

  it('records the signing with both numbers and starts the term (implementation)', async () => {
    const signing = { signedAt: localDateOf(new Date(), 'Asia/Jakarta'), ourNumber: '180/12/35.73.112/2026', partnerNumbers: ['180/77/35.07.112/2026'] };
    await attach(id, 'verifikator', 'signed_pks');
    const signed = await decide(id, 'verifikator', 'signing', 'approve', { signing });
    expect(signed.status).toBe(200);
    expect(signed.body.stage).toBe('implementation');
    expect(signed.body.status).toBe('active');
    expect(signed.body.ourNumber).toBe(signing.ourNumber);
    expect(signed.body.partnerNumbers).toEqual(signing.partnerNumbers);
    expect(signed.body.endDate).not.toBeNull();
    expect(signed.body.obligations.filter((item: { type: string }) => item.type === 'report').length).toBeGreaterThan(0);
    const documents = signed.body.documents.map((document: { type: string }) => document.type);
    expect(documents).toEqual(['kak', 'tanggapan_mitra', 'draft_pks', 'signed_pks']);
  });

  it('takes a monitoring report from the office and the verifier accepts it', async () => {
    const filed = await t.http.post(
      `/api/agreements/${id}/reports`,
      { period: 'Semester I', activities: 'Debit harian dicatat; pemeliharaan kawasan sumber.', progressPercent: 20 },
      tokens['pemrakarsa.dlh'],
    );
    expect(filed.status).toBe(201);
    const review = await t.http.post(
      `/api/agreements/${id}/reports/${filed.body.reportId}/review`,
      { decision: 'accept', note: 'Lengkap.' },
      tokens.verifikator,
    );
    expect(review.status).toBe(200);
    expect(review.body.status).toBe('accepted');
    const detail = await t.http.get(`/api/agreements/${id}`, tokens['pemrakarsa.dlh']);
    expect(detail.body.reports[0]).toMatchObject({ period: 'Semester I', status: 'accepted', reviewedBy: 'verifikator' });
  });

  it('opens the evaluation before the end, lets the TKKSD decide to end it, and ends by itself', async () => {
    await waitForStage(id, 'evaluation', 60_000);
    const decided = await decide(id, 'tkksd', 'evaluation', 'end');
    expect(decided.status).toBe(200);
    await waitForStage(id, 'ended', 60_000);

    const detail = await t.http.get(`/api/agreements/${id}`, tokens.auditor);
    expect(detail.body.status).toBe('closed');
    expect(detail.body.pendingTask).toBeNull();
    const stages = detail.body.timeline.map((event: { stage: string }) => event.stage);
    expect(stages.at(-1)).toBe('ended');
    const actors = detail.body.timeline.filter((event: { type: string }) => event.type === 'decision');
    expect(actors.every((event: { actor: { name: string }; at: string }) => event.actor.name && event.at)).toBe(true);
  });

  it('shows the public tracking view without notes, names or login', async () => {
    const view = await t.http.get(`/api/public/track/${trackingCode.toLowerCase()}`);
    expect(view.status).toBe(200);
    expect(view.body).toMatchObject({ trackingCode, stage: 'ended', title: proposal.title, unitCode: 'DLH' });
    expect(view.body.stages.map((period: { stage: string }) => period.stage)).toContain('legal_review');
    const serialized = JSON.stringify(view.body);
    expect(serialized).not.toContain('oleh verifikator');
    expect(serialized).not.toContain('Sekretaris Daerah');

    expect((await t.http.get('/api/public/track/KS-2026-ZZZZZZ')).status).toBe(404);
    expect((await t.http.get('/api/public/track/not-a-code')).status).toBe(404);
  });

  it('lists the agreement from Postgres with filters', async () => {
    const ended = await t.http.get('/api/agreements?stage=ended&kind=ksdd', tokens.verifikator);
    expect(ended.body.items.map((item: { id: string }) => item.id)).toContain(id);
    const drafts = await t.http.get('/api/agreements?stage=draft', tokens.verifikator);
    expect(drafts.body.items.map((item: { id: string }) => item.id)).not.toContain(id);
    const search = await t.http.get(`/api/agreements?q=${encodeURIComponent('air baku')}`, tokens['pemrakarsa.dlh']);
    expect(search.body.total).toBe(1);
    const tooLarge = await t.http.get('/api/agreements?pageSize=101', tokens.verifikator);
    expect(tooLarge.status).toBe(400);
  });
});

describe('double submissions', () => {
  it('treats a repeated request with the same Idempotency-Key as one decision', async () => {
    const created = await t.http.post('/api/agreements', { ...proposal, title: 'Uji idempoten' }, tokens['pemrakarsa.dlh']);
    const id = created.body.id;
    await attach(id, 'pemrakarsa.dlh', 'kak');
    const key = { 'idempotency-key': `submit-${id}` };
    const body = { stage: 'draft', decision: 'submit', note: '' };
    const [first, second] = await Promise.all([
      t.http.post(`/api/agreements/${id}/decisions`, body, tokens['pemrakarsa.dlh'], key),
      t.http.post(`/api/agreements/${id}/decisions`, body, tokens['pemrakarsa.dlh'], key),
    ]);
    const statuses = [first.status, second.status].sort();
    expect(statuses[0]).toBe(200);
    expect([200, 409]).toContain(statuses[1]);
    const replay = await t.http.post(`/api/agreements/${id}/decisions`, body, tokens['pemrakarsa.dlh'], key);
    expect(replay.status).toBe(200);
    expect(replay.headers.get('idempotent-replayed')).toBe('true');
    const otherBody = await t.http.post(`/api/agreements/${id}/decisions`, { ...body, note: 'lain' }, tokens['pemrakarsa.dlh'], key);
    expect(otherBody.status).toBe(409);

    const detail = await t.http.get(`/api/agreements/${id}`, tokens['pemrakarsa.dlh']);
    expect(detail.body.timeline.filter((event: { decision: string }) => event.decision === 'submit')).toHaveLength(1);
  });

  it('lets a repeat take over a key whose request never finished, and still decides once', async () => {
    const office = tokens['pemrakarsa.dlh'];
    const created = await t.http.post('/api/agreements', { ...proposal, title: 'Uji kunci tertinggal' }, office);
    const id = created.body.id;
    await attach(id, 'pemrakarsa.dlh', 'kak');
    const key = `abandoned-${id}`;
    const body = { stage: 'draft', decision: 'submit', note: '' };
    const send = () => t.http.post(`/api/agreements/${id}/decisions`, body, office, { 'idempotency-key': key });
    expect((await send()).status).toBe(200);
    // As if the API had died after the Update and before storing its answer: the claim is left open.
    const { sql } = await import('drizzle-orm');
    const reopen = (age: string) =>
      t.system.database.db.execute(
        sql`update idempotency_keys set status_code = null, response = null, created_at = now() - ${age}::interval where key = ${key}`,
      );

    await reopen('10 seconds');
    const fresh = await send();
    expect(fresh.status).toBe(409);
    expect(fresh.body.error.message).toMatch(/masih diproses/);

    await reopen('3 minutes');
    const takenOver = await send();
    expect(takenOver.status).toBe(200);
    expect(takenOver.body.stage).toBe('verification');
    const replay = await send();
    expect(replay.headers.get('idempotent-replayed')).toBe('true');
    const detail = await t.http.get(`/api/agreements/${id}`, office);
    expect(detail.body.timeline.filter((event: { decision: string }) => event.decision === 'submit')).toHaveLength(1);
  });

  it('lets exactly one of two verifiers deciding at the same moment win', async () => {
    // Created, given its KAK, then submitted: `submit: true` at creation needs documents first.
    const created = await t.http.post('/api/agreements', { ...proposal, title: 'Uji balapan' }, tokens['pemrakarsa.dlh']);
    const id = created.body.id;
    await attach(id, 'pemrakarsa.dlh', 'kak');
    const submitted = await decide(id, 'pemrakarsa.dlh', 'draft', 'submit');
    expect(submitted.body.stage).toBe('verification');
    const results = await Promise.all([decide(id, 'verifikator', 'verification', 'approve'), decide(id, 'verifikator', 'verification', 'revise')]);
    expect(results.map((result) => result.status).sort()).toEqual([200, 409]);
  });
});

async function waitForStage(id: string, stage: string, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const detail = await t.http.get(`/api/agreements/${id}`, tokens.auditor);
    if (detail.body.stage === stage) return detail.body;
    if (Date.now() > deadline) throw new Error(`agreement stayed in ${detail.body.stage}, expected ${stage}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}
