/**
 * What the people of a fault test do over HTTP: an office proposes an agreement and uploads
 * its KAK, reviewers decide. Every write carries an Idempotency-Key, so a request that met a
 * fault can be sent again as it was, as a careful client would, without doing it twice.
 */
import { randomUUID } from 'node:crypto';
import { tinyPdf } from './files.js';
import type { HttpClient, HttpResponse } from './system.js';
import { multipartBody } from './uploads.js';

/** Offices with a demo initiator `pemrakarsa.<unit>`. */
export const OFFICES = ['DINKES', 'DISHUB', 'DLH', 'BPBD', 'DISKOMINFO', 'BAPPEDA'] as const;

export const initiatorOf = (unit: string) => `pemrakarsa.${unit.toLowerCase()}`;

/** A city-to-city PKS proposal (ksdd): draft → verification → tkksd_review → offer → … */
export function proposal(unitCode: string, title: string) {
  return {
    kind: 'ksdd',
    instrument: 'pks',
    title,
    partners: [{ name: 'Pemerintah Kabupaten Malang', type: 'pemda' }],
    unitCode,
    purpose: 'Uji ketahanan: kerja sama pelayanan bersama antardaerah.',
    scope: 'Pertukaran data, pelayanan bersama, pelaporan berkala.',
    durationMonths: 24,
    dprdTrigger: { burdensPublic: false, unbudgeted: false },
    initiatedBy: 'region',
  };
}

export interface Attempted {
  /** The final answer. */
  response: HttpResponse;
  /** Every status seen, the retried ones included. */
  statuses: number[];
}

/**
 * Sends `request` until it gets an answer that is not a 5xx or a refused connection (a fault
 * under way), pausing `pauseMs` between tries, for at most `timeoutMs`. The same
 * Idempotency-Key travels with every try, so the server sees one request.
 */
export async function untilAnswered(
  request: () => Promise<HttpResponse>,
  options: { pauseMs?: number; timeoutMs?: number; alsoRetry?: (response: HttpResponse) => boolean } = {},
): Promise<Attempted> {
  const statuses: number[] = [];
  const deadline = Date.now() + (options.timeoutMs ?? 180_000);
  for (;;) {
    let response: HttpResponse;
    try {
      response = await request();
    } catch (error) {
      response = { status: 0, body: { error: String(error) }, headers: new Headers() };
    }
    statuses.push(response.status);
    const retry = response.status === 0 || response.status >= 500 || options.alsoRetry?.(response) === true;
    if (!retry || Date.now() > deadline) return { response, statuses };
    await new Promise((resolve) => setTimeout(resolve, options.pauseMs ?? 500));
  }
}

/** A still-running request with the same key answers 409 `conflict`: wait for it, not a fault. */
export const stillRunning = (response: HttpResponse) =>
  response.status === 409 &&
  response.body?.error?.code === 'conflict' &&
  /masih diproses/.test(response.body.error.message);

type Headers = Record<string, string>;

export function createAgreement(
  http: HttpClient,
  token: string,
  body: object,
  key = randomUUID(),
  headers: Headers = {},
) {
  return http.post('/api/agreements', body, token, { 'idempotency-key': key, ...headers });
}

export function uploadKak(http: HttpClient, token: string, agreementId: string, headers: Headers = {}) {
  const content = tinyPdf(`KAK ${agreementId}`);
  const form = multipartBody([
    { name: 'type', value: 'kak' },
    { name: 'file', filename: 'kak.pdf', content, contentType: 'application/pdf' },
  ]);

  return http.request('POST', `/api/agreements/${agreementId}/documents`, {
    token,
    raw: new Uint8Array(form.body),
    headers: { 'content-type': form.contentType, ...headers },
  });
}

export function decide(
  http: HttpClient,
  token: string,
  agreementId: string,
  stage: string,
  decision: string,
  key = randomUUID(),
  headers: Headers = {},
) {
  const body = { stage, decision, note: `${decision} (uji gangguan)` };
  const url = `/api/agreements/${agreementId}/decisions`;

  return http.post(url, body, token, { 'idempotency-key': key, ...headers });
}
