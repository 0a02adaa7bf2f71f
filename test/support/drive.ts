/**
 * Drives agreements through their stages over HTTP, uploading the documents a decision needs
 * when the API asks for them (422 missing_document), as the office or the verifier would.
 */
import { expect } from 'vitest';
import { localDateOf } from '../../src/domain/calendar.js';
import { tinyPdf } from './files.js';
import type { HttpResponse, TestSystem } from './system.js';

/** Types the verifier records (letters, signed copies); the office uploads the rest. */
const VERIFIER_TYPES = new Set([
  'surat_penawaran', 'tanggapan_mitra', 'surat_dprd', 'surat_kementerian', 'signed_ksb', 'signed_pks',
  'signed_nk', 'berita_acara', 'surat_pengakhiran',
]);

export type Tokens = Record<string, string>;

export async function uploadDocument(t: TestSystem, token: string, agreementId: string, type: string) {
  const form = new FormData();
  form.append('type', type);
  const pdf = new Blob([new Uint8Array(tinyPdf(`${type} ${agreementId}`))], { type: 'application/pdf' });
  form.append('file', pdf, `${type}.pdf`);
  const response = await fetch(`${t.baseUrl}/api/agreements/${agreementId}/documents`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}` },
    body: form,
  });

  return { status: response.status, body: (await response.json()) as any, headers: response.headers };
}

/**
 * Sends a decision; when it is refused for a missing document, uploads what is missing (the
 * office's token for office documents, the verifier's for letters) and sends it again.
 */
export async function decideWithDocuments(
  t: TestSystem,
  tokens: Tokens,
  input: { id: string; user: string; office: string; stage: string; decision: string; extra?: object },
): Promise<HttpResponse> {
  const send = () =>
    t.http.post(
      `/api/agreements/${input.id}/decisions`,
      {
        stage: input.stage,
        decision: input.decision,
        note: `${input.decision} oleh ${input.user}`,
        ...input.extra,
      },
      tokens[input.user],
    );
  let response = await send();
  if (response.status === 422 && response.body?.error?.code === 'missing_document') {
    for (const type of response.body.error.details.missing as string[]) {
      const uploader = VERIFIER_TYPES.has(type) ? tokens.verifikator! : tokens[input.office]!;
      const uploaded = await uploadDocument(t, uploader, input.id, type);
      expect(uploaded.status, `upload ${type}: ${JSON.stringify(uploaded.body)}`).toBe(201);
    }
    response = await send();
  }

  return response;
}

/** The (user, stage, decision) steps that carry an agreement along its path to `target`. */
export function stepsTo(path: string[], target: string, office: string): [string, string, string][] {
  const actorOf: Record<string, string> = {
    draft: office,
    verification: 'verifikator',
    tkksd_review: 'tkksd',
    offer: 'verifikator',
    drafting: office,
    legal_review: 'hukum',
    leadership_approval: 'sekda',
    dprd_approval: 'verifikator',
    ministry_approval: 'verifikator',
    signing: 'verifikator',
  };
  const steps: [string, string, string][] = [];
  for (const stage of path) {
    if (stage === target || stage === 'implementation') break;
    const decision = stage === 'draft' || stage === 'drafting' ? 'submit' : 'approve';
    steps.push([actorOf[stage]!, stage, decision]);
  }

  return steps;
}

export const signingData = (suffix: string) => ({
  signing: {
    // Today in the city: a signing day may be neither in the future nor before the proposal.
    signedAt: localDateOf(new Date(), 'Asia/Jakarta'),
    ourNumber: `180/${suffix}/2026`,
    partnerNumbers: [`P-${suffix}`],
  },
});

/** Creates an agreement as `office` and drives it to `target` (a stage on its path). */
export async function agreementAt(
  t: TestSystem,
  tokens: Tokens,
  proposal: Record<string, unknown>,
  target: string,
  office: string,
): Promise<{ id: string; path: string[] }> {
  const created = await t.http.post('/api/agreements', proposal, tokens[office]);
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  const id = created.body.id as string;
  const detail = await t.http.get(`/api/agreements/${id}`, tokens[office]);
  const path = detail.body.path as string[];
  const until = target === 'revision' ? 'verification' : target;
  for (const [user, stage, decision] of stepsTo(path, until, office)) {
    const extra = stage === 'signing' ? signingData(id.slice(0, 8)) : {};
    const response = await decideWithDocuments(t, tokens, { id, user, office, stage, decision, extra });
    expect(response.status, `${user} ${decision} at ${stage}: ${JSON.stringify(response.body)}`).toBe(200);
  }
  if (target === 'revision') {
    const revise = { id, user: 'verifikator', office, stage: 'verification', decision: 'revise' };
    const response = await decideWithDocuments(t, tokens, revise);
    expect(response.status).toBe(200);
  }

  return { id, path };
}
