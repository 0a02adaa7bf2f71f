/**
 * Child process: the product's decision round trip, as the portal makes it. Each lane owns one
 * agreement and alternates the verifier's `revise` and the office's `resubmit`; a round trip is
 * the decision (with an Idempotency-Key) and then the list read that must already show it.
 * Input `{ baseUrl, lanes: [{ id }], tokens: { verifier, initiator }, durationSec, warmupSec }`.
 */
import { randomUUID } from 'node:crypto';
import { answer, readInput } from '../support/child.js';
import { summarize } from '../support/stats.js';

interface Input {
  baseUrl: string;
  lanes: { id: string }[];
  tokens: { verifier: string; initiator: string };
  durationSec: number;
  warmupSec: number;
}

const STEPS = [
  { stage: 'verification', decision: 'revise', to: 'revision', token: 'verifier' },
  { stage: 'revision', decision: 'resubmit', to: 'verification', token: 'initiator' },
] as const;

const input = await readInput<Input>();
const samples: number[] = [];
const failures: string[] = [];
let notYetVisible = 0;
const measureFrom = Date.now() + input.warmupSec * 1000;
const end = measureFrom + input.durationSec * 1000;

async function call(method: string, path: string, token: string, body?: unknown) {
  const headers: Record<string, string> = { authorization: `Bearer ${token}` };
  if (body !== undefined) Object.assign(headers, { 'content-type': 'application/json', 'idempotency-key': randomUUID() });
  const response = await fetch(`${input.baseUrl}${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });

  return { status: response.status, body: (await response.json()) as any };
}

async function roundTrip(id: string, step: (typeof STEPS)[number]) {
  const token = input.tokens[step.token];
  const decided = await call('POST', `/api/agreements/${id}/decisions`, token, { stage: step.stage, decision: step.decision, note: 'uji beban: lengkapi berkas' });
  if (decided.status !== 200) throw new Error(`decision ${step.decision}: ${decided.status} ${JSON.stringify(decided.body).slice(0, 200)}`);
  // The list is what the next screen shows: the new stage must be there on the first read.
  for (let attempt = 0; ; attempt += 1) {
    const list = await call('GET', `/api/agreements?stage=${step.to}&unitCode=DLH&pageSize=50`, input.tokens.verifier);
    if (list.body.items?.some((item: { id: string; stage: string }) => item.id === id && item.stage === step.to)) return;
    notYetVisible += 1;
    if (attempt > 50) throw new Error(`agreement ${id} never showed stage ${step.to} in the list`);
  }
}

await Promise.all(
  input.lanes.map(async ({ id }) => {
    // Whole cycles only, so every agreement is back in verification for the next run.
    for (let turn = 0; Date.now() < end || turn % 2 === 1; turn += 1) {
      const started = performance.now();
      try {
        await roundTrip(id, STEPS[turn % 2]!);
        if (Date.now() >= measureFrom) samples.push(performance.now() - started);
      } catch (error) {
        failures.push((error as Error).message);
        return;
      }
    }
  }),
);
answer({ latency: summarize(samples), perSecond: samples.length / input.durationSec, failures, notYetVisible });
