/**
 * Process checks at the HTTP API, on a real Temporal dev server and a real PostgreSQL: a signing
 * day that cannot have happened, a parent agreement the caller may not see or that cannot carry
 * the new one yet, and sending back, refusing or returning a report without saying why.
 */
import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addCalendarDays, addMonthsClamped, endOfLocalDay, localDateOf } from '../../src/domain/calendar.js';
import { agreements } from '../../src/db/schema.js';
import { agreementAt, decideWithDocuments, uploadDocument } from '../support/drive.js';
import { startTestSystem, type TestSystem } from '../support/system.js';

const ZONE = 'Asia/Jakarta';
const USERS = ['pemrakarsa.dlh', 'pemrakarsa.dinkes', 'verifikator', 'tkksd', 'hukum', 'sekda'];
const OFFICE = 'pemrakarsa.dlh';

let t: TestSystem;
const tokens: Record<string, string> = {};

beforeAll(async () => {
  t = await startTestSystem();
  for (const user of USERS) tokens[user] = await t.login(user);
});
afterAll(async () => t?.close());

const today = () => localDateOf(new Date(), ZONE);

function proposal(overrides: Record<string, unknown> = {}) {
  return {
    kind: 'ksdd',
    instrument: 'pks',
    title: `Pengelolaan air baku bersama ${randomUUID().slice(0, 6)}`,
    partners: [{ name: 'Pemerintah Kabupaten Malang', type: 'pemda' }],
    unitCode: 'DLH',
    purpose: 'Menjamin pasokan air baku bagi pelanggan air minum kota.',
    scope: 'Pengambilan air dari sumber mata air dan pemeliharaan kawasan sumber.',
    durationMonths: 24,
    ...overrides,
  };
}

const decide = (id: string, user: string, body: object) =>
  t.http.post(`/api/agreements/${id}/decisions`, body, tokens[user]);

/** The error of a 400, with the one field it names. */
function expectFieldError(response: { status: number; body: any }, field: string) {
  expect(response.status, JSON.stringify(response.body)).toBe(400);
  expect(response.body.error.code).toBe('invalid_input');
  const issues = response.body.error.details as { field: string; message: string }[];
  expect(issues.map((issue) => issue.field)).toEqual([field]);

  return issues[0]!.message;
}

describe('the signing day', () => {
  const signing = (signedAt: string, suffix: string) => ({
    stage: 'signing',
    decision: 'approve',
    note: 'Naskah ditandatangani.',
    signing: { signedAt, ourNumber: `180/${suffix}/35.73.112/2026`, partnerNumbers: ['P/1'] },
  });
  let id: string;

  beforeAll(async () => {
    id = (await agreementAt(t, tokens, proposal(), 'signing', OFFICE)).id;
    const signed = await uploadDocument(t, tokens.verifikator!, id, 'signed_pks');
    expect(signed.status).toBe(201);
  }, 120_000);

  it('refuses a signing day after today in the city', async () => {
    const tomorrow = addCalendarDays(today(), 1);
    const response = await decide(id, 'verifikator', signing(tomorrow, `${id}-a`));
    const message = expectFieldError(response, 'body.signing.signedAt');
    expect(message).toMatch(/belum terjadi/);
    expect(response.body.error.message).toBe(message);
    expect((await t.http.get(`/api/agreements/${id}`, tokens.verifikator)).body.stage).toBe('signing');
  });

  it('refuses a signing day years before the agreement was proposed', async () => {
    const response = await decide(id, 'verifikator', signing('2019-01-01', `${id}-b`));
    expect(expectFieldError(response, 'body.signing.signedAt')).toMatch(/lebih awal dari hari usulan ini dibuat/);
  });

  it('records a signing today, the last day allowed', async () => {
    const response = await decide(id, 'verifikator', signing(today(), `${id}-c`));
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    expect(response.body).toMatchObject({ stage: 'implementation', signedAt: today() });
  });

  it('counts the day of proposal in the city, not in UTC, as the first day allowed', async () => {
    const { id: older } = await agreementAt(t, tokens, proposal(), 'signing', OFFICE);
    expect((await uploadDocument(t, tokens.verifikator!, older, 'signed_pks')).status).toBe(201);
    // Proposed ten days ago at 00:30 WIB, which is still the day before in UTC.
    const proposedOn = addCalendarDays(today(), -10);
    const createdAt = new Date(endOfLocalDay(addCalendarDays(proposedOn, -1), ZONE).getTime() + 30 * 60_000 + 1);
    expect(createdAt.toISOString().slice(0, 10)).toBe(addCalendarDays(proposedOn, -1));
    await t.system.database.db.update(agreements).set({ createdAt }).where(eq(agreements.id, older));

    const dayBefore = await decide(older, 'verifikator', signing(addCalendarDays(proposedOn, -1), `${older}-a`));
    expectFieldError(dayBefore, 'body.signing.signedAt');
    const sameDay = await decide(older, 'verifikator', signing(proposedOn, `${older}-b`));
    expect(sameDay.status, JSON.stringify(sameDay.body)).toBe(200);
    expect(sameDay.body.signedAt).toBe(proposedOn);
  }, 120_000);
});

describe('the parent an agreement hangs under', () => {
  /** Running agreements of the DLH office, entered through the register import. */
  const running: Record<'ksb' | 'pks' | 'ksbEnding', string> = { ksb: '', pks: '', ksbEnding: '' };

  beforeAll(async () => {
    const row = (instrument: string, endDate: string) => ({
      kind: 'ksdd',
      instrument,
      title: `Kerja sama air baku terdaftar ${instrument} ${endDate}`,
      partners: ['Pemerintah Kabupaten Malang'],
      partnerTypes: ['pemda'],
      unitCode: 'DLH',
      ourNumber: `119/${randomUUID().slice(0, 8)}/35.73.112/2025`,
      partnerNumber: '',
      parentOurNumber: null,
      signedAt: addMonthsClamped(today(), -12),
      startDate: addMonthsClamped(today(), -12),
      endDate,
      valueIdr: null,
      notes: 'uji induk',
    });
    const far = addMonthsClamped(today(), 48);
    const soon = addMonthsClamped(today(), 3);
    const wanted = [['ksb', 'ksb', far], ['pks', 'pks', far], ['ksbEnding', 'ksb', soon]] as const;
    for (const [key, instrument, endDate] of wanted) {
      const imported = await t.http.post('/api/agreements/import', row(instrument, endDate), tokens.verifikator);
      expect(imported.status, JSON.stringify(imported.body)).toBe(201);
      running[key] = imported.body.items[0].id;
    }
    const ending = await t.http.get(`/api/agreements/${running.ksbEnding}`, tokens[OFFICE]);
    expect(ending.body.stage).toBe('evaluation');
  }, 60_000);

  const create = (body: object, user = OFFICE) => t.http.post('/api/agreements', body, tokens[user]);

  it('takes a PKS under a signed, running KSB and skips the offer', async () => {
    const created = await create(proposal({ parentId: running.ksb }));
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const detail = await t.http.get(`/api/agreements/${created.body.id}`, tokens[OFFICE]);
    expect(detail.body.path).not.toContain('offer');
  });

  it('takes a PKS under a KSB in its evaluation, within its end date', async () => {
    const created = await create(proposal({ parentId: running.ksbEnding, durationMonths: 1 }));
    expect(created.status, JSON.stringify(created.body)).toBe(201);
  });

  it('answers a parent of another office exactly as a missing one', async () => {
    const dinkes = 'pemrakarsa.dinkes';
    const { id: foreign } = await agreementAt(t, tokens, proposal({ unitCode: 'DINKES' }), 'verification', dinkes);
    const reject = { id: foreign, user: 'verifikator', office: dinkes, stage: 'verification', decision: 'reject' };
    expect((await decideWithDocuments(t, tokens, reject)).status).toBe(200);
    expect((await t.http.get(`/api/agreements/${foreign}`, tokens[OFFICE])).status).toBe(404);

    const hidden = await create(proposal({ parentId: foreign }));
    const missing = await create(proposal({ parentId: randomUUID() }));
    expect(missing.status).toBe(422);
    expect(missing.body.error.code).toBe('not_allowed_now');
    expect(hidden.status).toBe(missing.status);
    expect(hidden.body).toEqual(missing.body);
  }, 60_000);

  it("takes a PKS under another office's signed, running KSB: a framework of the whole city", async () => {
    const created = await create(proposal({ unitCode: 'DINKES', parentId: running.ksb }), 'pemrakarsa.dinkes');
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    // Its addendum is another matter: only whoever may read the agreement may change it.
    const addendum = await create(
      proposal({ unitCode: 'DINKES', instrument: 'addendum', parentId: running.pks }),
      'pemrakarsa.dinkes',
    );
    expect(addendum.status).toBe(422);
    expect(addendum.body.error.message).toBe('Kerja sama induk (parentId) tidak ditemukan.');
  }, 60_000);

  it('refuses a PKS under an unsigned draft KSB, naming its stage and what is required', async () => {
    const draft = await create(proposal({ instrument: 'ksb', durationMonths: 60 }));
    expect(draft.status).toBe(201);
    const refused = await create(proposal({ parentId: draft.body.id }));
    expect(refused.status).toBe(422);
    expect(refused.body.error.code).toBe('not_allowed_now');
    expect(refused.body.error.message).toMatch(/tahap Penyusunan usulan.*Pelaksanaan atau Evaluasi menjelang berakhir/);
    expect(refused.body.error.details).toEqual([
      { field: 'body.parentId', parentStage: 'draft', requiredStages: ['implementation', 'evaluation'] },
    ]);
  });

  it('refuses a PKS under another PKS, even a running one', async () => {
    const refused = await create(proposal({ parentId: running.pks }));
    expect(refused.status).toBe(422);
    expect(refused.body.error.code).toBe('not_allowed_now');
    expect(refused.body.error.message).toMatch(/hanya dapat berinduk pada Kesepakatan Bersama/);
    expect(refused.body.error.details).toEqual([
      { field: 'body.parentId', parentInstrument: 'pks', allowed: ['ksb'] },
    ]);
  });

  it('takes an addendum of a running agreement and refuses one of a draft', async () => {
    const addendum = { instrument: 'addendum', durationMonths: 12 };
    const accepted = await create(proposal({ ...addendum, parentId: running.pks }));
    expect(accepted.status, JSON.stringify(accepted.body)).toBe(201);

    const draft = await create(proposal());
    const refused = await create(proposal({ ...addendum, parentId: draft.body.id }));
    expect(refused.status).toBe(422);
    expect(refused.body.error.details[0]).toMatchObject({ field: 'body.parentId', parentStage: 'draft' });
  });
});

describe('a reason for sending back or refusing', () => {
  let id: string;

  beforeAll(async () => {
    id = (await agreementAt(t, tokens, proposal(), 'verification', OFFICE)).id;
  }, 60_000);

  for (const decision of ['revise', 'reject']) {
    it(`refuses ${decision} without a note or with fewer than 10 characters besides spaces`, async () => {
      const empty = await decide(id, 'verifikator', { stage: 'verification', decision });
      expect(expectFieldError(empty, 'body.note')).toMatch(/paling sedikit 10 karakter selain spasi \(terisi 0\)/);
      // Nine letters and digits, padded with spaces to more than ten characters.
      const short = await decide(id, 'verifikator', { stage: 'verification', decision, note: '  Cek pasal 1 \n ' });
      expect(expectFieldError(short, 'body.note')).toMatch(/\(terisi 9\)/);
      expect((await t.http.get(`/api/agreements/${id}`, tokens.verifikator)).body.stage).toBe('verification');
    });
  }

  it('sends it back with a note of exactly 10 characters besides spaces', async () => {
    const body = { stage: 'verification', decision: 'revise', note: 'Cek pasal 15' };
    const revised = await decide(id, 'verifikator', body);
    expect(revised.status, JSON.stringify(revised.body)).toBe(200);
    expect(revised.body.stage).toBe('revision');
    expect(revised.body.timeline.at(-1)).toMatchObject({ decision: 'revise', note: 'Cek pasal 15' });
  });

  it('still takes an approval without a note', async () => {
    const resubmitted = await decide(id, OFFICE, { stage: 'revision', decision: 'resubmit' });
    expect(resubmitted.status).toBe(200);
    const approved = await decide(id, 'verifikator', { stage: 'verification', decision: 'approve' });
    expect(approved.status, JSON.stringify(approved.body)).toBe(200);
    expect(approved.body.stage).toBe('tkksd_review');
  });

  it('refuses a monitoring report returned without a reason, and returns it with one', async () => {
    const { id: signed } = await agreementAt(t, tokens, proposal(), 'implementation', OFFICE);
    const file = async (period: string) => {
      const report = { period, activities: 'Pemeliharaan kawasan sumber.', progressPercent: 30 };
      const filed = await t.http.post(`/api/agreements/${signed}/reports`, report, tokens[OFFICE]);
      expect(filed.status).toBe(201);
      return `/api/agreements/${signed}/reports/${filed.body.reportId}/review`;
    };
    const first = await file('Semester I');
    const review = (url: string, body: object) => t.http.post(url, body, tokens.verifikator);

    const empty = await review(first, { decision: 'return' });
    expect(expectFieldError(empty, 'body.note')).toMatch(/dilengkapi dalam laporan/);
    expectFieldError(await review(first, { decision: 'return', note: 'Foto 1 2 3 ' }), 'body.note');
    const returned = await review(first, { decision: 'return', note: 'Foto lokasi' });
    expect(returned.status, JSON.stringify(returned.body)).toBe(200);
    expect(returned.body.status).toBe('returned');

    const accepted = await review(await file('Semester II'), { decision: 'accept' });
    expect(accepted.status, JSON.stringify(accepted.body)).toBe(200);
    expect(accepted.body.status).toBe('accepted');
  }, 120_000);
});
