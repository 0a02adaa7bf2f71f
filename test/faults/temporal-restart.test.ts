/**
 * Fault: the Temporal server is killed (SIGKILL) and started again on its SQLite file. While
 * it is away the API answers 503 `temporal_unavailable` in Bahasa Indonesia (never 500) for
 * decisions and creation, reads from Postgres keep working and /readyz says not ready; once
 * it is back the API and the worker recover by themselves, and no agreement is lost.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAgreement, decide, proposal, untilAnswered, uploadKak } from '../support/fault-clients.js';
import {
  auditChain,
  countAll,
  projectionMismatches,
  reportFault,
  tally,
  timelineGaps,
} from '../support/fault-ledger.js';
import { startFaultStack, type FaultStack } from '../support/fault-stack.js';

/** How long Temporal stays down: longer than the client's own retries (~20 s). */
const OUTAGE_MS = Number(process.env.FAULT_TEMPORAL_OUTAGE_MS ?? 30_000);
const DRAFTS = 8;

let s: FaultStack;
let office: string;
let auditor: string;
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));

beforeAll(async () => {
  s = await startFaultStack();
  office = await s.login('pemrakarsa.dlh');
  auditor = await s.login('auditor');
});
afterAll(async () => s?.close());

describe('the Temporal server killed and started again on its database', () => {
  it('answers 503 meanwhile, never 500, and recovers by itself with nothing lost', async () => {
    const drafts: string[] = [];
    for (let n = 0; n < DRAFTS; n += 1) {
      const created = await createAgreement(s.http, office, proposal('DLH', `Sebelum gangguan Temporal ${n}`));
      expect(created.status).toBe(201);
      expect((await uploadKak(s.http, office, created.body.id)).status).toBe(201);
      drafts.push(created.body.id);
    }
    const before = await countAll(s.system.database.db, s.smtp);

    // Half the submissions are on their way when the server dies, the other half come after.
    const keys = new Map(drafts.map((id) => [id, randomUUID()]));
    const submit = (id: string) => decide(s.http, office, id, 'draft', 'submit', keys.get(id));
    const inFlight = drafts.slice(0, DRAFTS / 2).map(submit);
    const killedAt = Date.now();
    await s.temporal.kill();

    const ready = await s.http.get('/readyz');
    const askedAt = Date.now();
    const duringOutage = await Promise.all([
      ...drafts.slice(DRAFTS / 2).map(submit),
      createAgreement(s.http, office, proposal('DLH', 'Dibuat saat Temporal mati')),
    ]);
    // The client retries an unreachable server (~20 s) before the API may answer 503.
    const refusedAfterMs = Date.now() - askedAt;
    const reads = await Promise.all([
      s.http.get('/api/agreements', auditor),
      s.http.get(`/api/agreements/${drafts[0]}`, auditor),
    ]);
    const answeredInFlight = await Promise.all(inFlight);
    const afterOutage = await countAll(s.system.database.db, s.smtp);
    await pause(OUTAGE_MS - (Date.now() - killedAt));

    const restartedAt = Date.now();
    await s.temporal.start();
    const readyAgain = await untilAnswered(() => s.http.get('/readyz'), { pauseMs: 250 });
    const recoveredMs = Date.now() - restartedAt;

    // A careful client sends every refused request again, with its Idempotency-Key.
    const retried = await Promise.all(drafts.map((id) => untilAnswered(() => submit(id))));
    const late = proposal('DLH', 'Dibuat setelah Temporal kembali');
    const recreated = await untilAnswered(() => createAgreement(s.http, office, late));

    // Meanwhile: not ready, a clear 503 for writes, reads from Postgres unaffected.
    expect(ready.status).toBe(503);
    expect(ready.body.checks.temporal).toMatch(/^error/);
    expect(ready.body.checks.database).toBe('ok');
    for (const response of duringOutage) {
      expect(response.status, JSON.stringify(response.body)).toBe(503);
      expect(response.body.error.code).toBe('temporal_unavailable');
      expect(response.body.error.message).toMatch(/tidak tersedia/);
    }
    for (const response of answeredInFlight) expect([200, 503]).toContain(response.status);
    expect(reads.map((response) => response.status)).toEqual([200, 200]);
    // The refused creation left no agreement row behind.
    expect(afterOutage.agreements).toBe(before.agreements);

    // Afterwards: ready again, every submission answered once, nothing lost.
    expect(readyAgain.response.status).toBe(200);
    expect(retried.map((attempt) => attempt.response.status)).toEqual(drafts.map(() => 200));
    expect(recreated.response.status).toBe(201);
    const after = await countAll(s.system.database.db, s.smtp);
    expect(after.agreements).toBe(before.agreements + 1);
    expect(after.decisions).toBe(before.decisions + DRAFTS);
    expect(after.auditDecisions).toBe(before.auditDecisions + DRAFTS);
    expect(await timelineGaps(s.system.database.db)).toEqual([]);
    expect(await projectionMismatches(s.system.database.db, s.system.client)).toEqual([]);
    expect((await auditChain(s.system.database.db)).valid).toBe(true);
    expect(s.system.worker?.getState()).toBe('RUNNING');

    reportFault('temporal-restart', {
      outageMs: restartedAt - killedAt,
      recoveredMs,
      refusedAfterMs,
      statusesDuringOutage: tally([...duringOutage, ...answeredInFlight].map((response) => response.status)),
      before,
      after,
    });
  });
});
