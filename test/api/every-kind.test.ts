/**
 * Every proposal of ../shared/data/agreements, one per kind and instrument, through the HTTP
 * API from creation to signing: each office creates its own, uploads what each step needs,
 * and each role decides its stage. The path taken must be the one the detail promised.
 */
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localDateOf } from '../../src/domain/calendar.js';
import { requiredDocuments } from '../../src/domain/documents.js';
import type { Instrument } from '../../src/domain/glossary.js';
import { STAGE_RULES, type ActiveStage, type Decision } from '../../src/domain/stages.js';
import { startTestSystem, type TestSystem } from '../support/system.js';

const folder = new URL('../../../shared/data/agreements/', import.meta.url);
const files = fs.readdirSync(folder).filter((file) => file.endsWith('.json')).sort();

const USER_FOR_ROLE: Record<string, string> = {
  verifier: 'verifikator',
  tkksd: 'tkksd',
  legal: 'hukum',
  approver: 'sekda',
};

let t: TestSystem;
const tokens = new Map<string, string>();
const token = async (username: string) => {
  if (!tokens.has(username)) tokens.set(username, await t.login(username));
  return tokens.get(username)!;
};

beforeAll(async () => {
  t = await startTestSystem();
});
afterAll(async () => t?.close());

function pdf(label: string) {
  return new Blob([Buffer.from(`%PDF-1.4\n% ${label}\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n`)], { type: 'application/pdf' });
}

describe('every kind of cooperation through the HTTP API', () => {
  let numbers = 0;

  for (const file of files) {
    it(`runs ${file} from proposal to implementation along its planned path`, async () => {
      const proposal = JSON.parse(fs.readFileSync(new URL(file, folder), 'utf8'));
      const office = `pemrakarsa.${String(proposal.unitCode).toLowerCase()}`;
      const created = await t.http.post('/api/agreements', proposal, await token(office));
      expect(created.status, JSON.stringify(created.body)).toBe(201);
      const id = created.body.id;
      const planned = (await t.http.get(`/api/agreements/${id}`, await token(office))).body.path as string[];
      expect(planned.at(-1)).toBe('ended');

      const visited: string[] = ['draft'];
      for (let step = 0; step < 20; step += 1) {
        const detail = (await t.http.get(`/api/agreements/${id}`, await token(office))).body;
        const stage = detail.stage as ActiveStage;
        if (stage === 'implementation') break;
        const role = STAGE_RULES[stage]!.role;
        const actor = role === 'initiator' ? office : USER_FOR_ROLE[role]!;
        const decision: Decision = stage === 'draft' || stage === 'drafting' ? 'submit' : 'approve';
        for (const type of requiredDocuments(stage, decision, proposal.instrument as Instrument)) {
          const form = new FormData();
          form.set('type', type);
          form.set('file', pdf(`${type} ${file}`), `${type}.pdf`);
          const uploader = role === 'initiator' ? office : 'verifikator';
          const uploaded = await t.http.request('POST', `/api/agreements/${id}/documents`, { token: await token(uploader), raw: form });
          expect(uploaded.status, `${type}: ${JSON.stringify(uploaded.body)}`).toBe(201);
        }
        const signing = stage === 'signing' ? { signedAt: localDateOf(new Date(), 'Asia/Jakarta'), ourNumber: `119/${++numbers}/35.73.112/2026`, partnerNumbers: ['P/1'] } : undefined;
        const decided = await t.http.post(`/api/agreements/${id}/decisions`, { stage, decision, note: `${decision} ${stage}`, signing }, await token(actor));
        expect(decided.status, `${actor} ${decision} at ${stage}: ${JSON.stringify(decided.body)}`).toBe(200);
        visited.push(decided.body.stage);
      }

      expect(visited).toEqual(planned.slice(0, planned.indexOf('implementation') + 1));
      const finalDetail = (await t.http.get(`/api/agreements/${id}`, await token(office))).body;
      expect(finalDetail).toMatchObject({ status: 'active', kind: proposal.kind, instrument: proposal.instrument });
      expect(finalDetail.documents.length).toBeGreaterThan(0);
      const tracked = await t.http.get(`/api/public/track/${created.body.trackingCode}`);
      expect(tracked.body.stage).toBe('implementation');
    });
  }
});
