/**
 * Fault: 200 clients at once for a minute (FAULT_LOAD_CLIENTS, FAULT_LOAD_SECONDS; CI may use
 * less), each with its own session and its own address behind the proxy (X-Forwarded-For).
 * Offices propose, upload the KAK and submit; verifiers and the TKKSD secretary decide what
 * waits for them, and sometimes two take the same one (409). No answer may be a 5xx; 429 from
 * the configured rate limit is allowed and counted. Afterwards every agreement answered 201
 * has its row, its workflow and a timeline equal to the decisions answered 200, and the
 * audit chain holds.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAgreement, decide, initiatorOf, OFFICES, proposal, uploadKak } from '../support/fault-clients.js';
import {
  auditChain,
  countAll,
  eventually,
  projectionMismatches,
  reportFault,
  tally,
  timelineGaps,
} from '../support/fault-ledger.js';
import { DEMO_PASSWORD, startFaultStack, type FaultStack } from '../support/fault-stack.js';
import type { HttpResponse } from '../support/system.js';

const CLIENTS = Number(process.env.FAULT_LOAD_CLIENTS ?? 200);
const SECONDS = Number(process.env.FAULT_LOAD_SECONDS ?? 60);
/** Of the clients: offices first, then verifiers, then the TKKSD secretary. */
const VERIFIERS = Math.round(CLIENTS * 0.25);
const TKKSD = Math.round(CLIENTS * 0.15);
const OFFICE_CLIENTS = CLIENTS - VERIFIERS - TKKSD;
/** Answers a client may get under load: done, a race lost (409), throttled (429). */
const EXPECTED = new Set([200, 201, 409, 429]);

let s: FaultStack;
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

beforeAll(async () => {
  s = await startFaultStack({ temporalStore: 'memory', env: { TRUST_PROXY: 'true' } });
});
afterAll(async () => s?.close());

interface Client {
  user: string;
  token: string;
  headers: Record<string, string>;
}

describe(`${CLIENTS} concurrent clients submitting and deciding for ${SECONDS} s`, () => {
  it('answers no 5xx and accounts for every agreement and every decision', async () => {
    const clients = await loginAll();
    const counted = new Ledger();
    const end = Date.now() + SECONDS * 1000;

    const office = async (client: Client, n: number) => {
      const unit = client.user.replace('pemrakarsa.', '').toUpperCase();
      for (let round = 0; Date.now() < end; round += 1) {
        const body = proposal(unit, `Uji beban ${n}-${round}`);
        const created = await counted.time('create', () =>
          createAgreement(s.http, client.token, body, randomUUID(), client.headers),
        );
        if (created.status !== 201) continue;
        counted.created += 1;
        const id = created.body.id as string;
        await counted.time('upload', () => uploadKak(s.http, client.token, id, client.headers));
        const submitted = await counted.time('decide', () =>
          decide(s.http, client.token, id, 'draft', 'submit', randomUUID(), client.headers),
        );
        if (submitted.status === 200) counted.decided += 1;
      }
    };
    const reviewer = (stage: string, decisions: string[]) => async (client: Client, n: number) => {
      for (let round = 0; Date.now() < end; round += 1) {
        const url = `/api/agreements?stage=${stage}&pageSize=20`;
        const waiting = await counted.time('list', () =>
          s.http.request('GET', url, { token: client.token, headers: client.headers }),
        );
        const items = (waiting.body?.items ?? []) as { id: string }[];
        if (items.length === 0) {
          await pause(300);
          continue;
        }
        const { id } = items[(n + round) % items.length]!;
        const decision = decisions[(n + round) % decisions.length]!;
        const answer = await counted.time('decide', () =>
          decide(s.http, client.token, id, stage, decision, randomUUID(), client.headers),
        );
        if (answer.status === 200) counted.decided += 1;
      }
    };
    const verifier = reviewer('verification', ['approve', 'approve', 'reject']);
    const tkksd = reviewer('tkksd_review', ['approve', 'reject']);
    const actOf = (n: number) => (n < OFFICE_CLIENTS ? office : n < OFFICE_CLIENTS + VERIFIERS ? verifier : tkksd);
    const started = Date.now();
    await Promise.all(clients.map((client, n) => actOf(n)(client, n)));
    const elapsedMs = Date.now() - started;

    const statuses = counted.all();
    const db = s.system.database.db;
    expect(await eventually(() => projectionMismatches(db, s.system.client), 120_000)).toEqual([]);
    expect(await timelineGaps(db)).toEqual([]);
    const chain = await auditChain(db);
    const after = await countAll(db, s.smtp);

    reportFault('concurrent-load', {
      clients: CLIENTS,
      seconds: SECONDS,
      elapsedMs,
      requests: statuses.length,
      requestsPerSecond: Math.round(statuses.length / (elapsedMs / 1000)),
      serverErrors: statuses.filter((status) => status >= 500 || status === 0).length,
      rateLimited: statuses.filter((status) => status === 429).length,
      operations: counted.summary(),
      refusals: counted.samples,
      createdAnswered: counted.created,
      decisionsAnswered: counted.decided,
      after,
    });
    expect(statuses.filter((status) => !EXPECTED.has(status))).toEqual([]);
    expect(after.agreements).toBe(counted.created);
    expect(after.decisions).toBe(counted.decided);
    expect(after.auditDecisions).toBe(counted.decided);
    expect(chain.valid, JSON.stringify(chain.firstBroken)).toBe(true);
    expect(counted.created).toBeGreaterThan(0);
  }, (SECONDS + 600) * 1000);
});

/** Everything the clients were answered, by operation, with latencies. */
class Ledger {
  readonly statuses: Record<string, number[]> = {};
  readonly latencies: Record<string, number[]> = {};
  /** The first error body seen for each operation and status, to say what a refusal was. */
  readonly samples: Record<string, unknown> = {};
  created = 0;
  decided = 0;

  async time(operation: string, call: () => Promise<HttpResponse>): Promise<HttpResponse> {
    const started = performance.now();
    let response: HttpResponse;
    try {
      response = await call();
    } catch (error) {
      response = { status: 0, body: { error: String(error) }, headers: new Headers() };
    }
    (this.statuses[operation] ??= []).push(response.status);
    (this.latencies[operation] ??= []).push(performance.now() - started);
    if (response.status >= 300) {
      this.samples[`${operation} ${response.status}`] ??= response.body?.error ?? response.body;
    }
    // A throttled client waits as told before its next request.
    if (response.status === 429) await pause(Number(response.body?.error?.details?.retryAfterSeconds ?? 1) * 1000);

    return response;
  }

  all = () => Object.values(this.statuses).flat();

  summary() {
    return Object.fromEntries(
      Object.entries(this.statuses).map(([operation, statuses]) => {
        const sorted = [...this.latencies[operation]!].sort((a, b) => a - b);
        const at = (q: number) => Math.round(sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!);
        return [operation, { statuses: tally(statuses), p50Ms: at(0.5), p95Ms: at(0.95), p99Ms: at(0.99) }];
      }),
    );
  }
}

/** One session per client from its own address, 20 logins at a time (scrypt is slow on purpose). */
async function loginAll(): Promise<Client[]> {
  const userOf = (n: number) => {
    if (n < OFFICE_CLIENTS) return initiatorOf(OFFICES[n % OFFICES.length]!);
    return n < OFFICE_CLIENTS + VERIFIERS ? 'verifikator' : 'tkksd';
  };
  const clients: Client[] = [];
  for (let from = 0; from < CLIENTS; from += 20) {
    const batch = Array.from({ length: Math.min(20, CLIENTS - from) }, async (_, offset) => {
      const n = from + offset;
      const user = userOf(n);
      const headers = { 'x-forwarded-for': `10.20.${Math.floor(n / 250)}.${(n % 250) + 1}` };
      const credentials = { username: user, password: DEMO_PASSWORD };
      const response = await s.http.post('/api/auth/login', credentials, undefined, headers);
      expect(response.status).toBe(200);
      return { user, token: response.body.token as string, headers };
    });
    clients.push(...(await Promise.all(batch)));
  }

  return clients;
}
