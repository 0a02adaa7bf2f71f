/**
 * Fault: PostgreSQL goes away (crash: `pg_ctl stop -m immediate`) while reviews fall due and
 * decisions are under way, and comes back on the same data directory. Meanwhile /readyz says
 * the database is down and the API answers a clear 503; the workflow's activities retry, so
 * afterwards the projections equal the workflows' state, every reminder was emailed once and
 * the audit chain has no gap.
 */
import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rowsOf } from '../../src/db/client.js';
import { createAgreement, decide, proposal, stillRunning, untilAnswered, uploadKak } from '../support/fault-clients.js';
import {
  auditChain,
  countAll,
  duplicatesNotExplainedBy,
  emailLedger,
  eventually,
  projectionMismatches,
  reportFault,
  tally,
  timelineGaps,
} from '../support/fault-ledger.js';
import { startFaultStack, type FaultStack } from '../support/fault-stack.js';

const OUTAGE_MS = Number(process.env.FAULT_POSTGRES_OUTAGE_MS ?? 20_000);
const AGREEMENTS = 10;

let s: FaultStack;
let office: string;
let verifier: string;
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));

beforeAll(async () => {
  // A working day of the demo clock lasts 1 s: verification falls due 3 s after submission.
  s = await startFaultStack({ env: { DEMO_SLA_DAY_SECONDS: '1' } });
  office = await s.login('pemrakarsa.bpbd');
  verifier = await s.login('verifikator');
});
afterAll(async () => s?.close());

describe('PostgreSQL stopped and started again', () => {
  it('says so on /readyz, answers 503, and catches up with nothing lost or doubled', async () => {
    const ids: string[] = [];
    for (let n = 0; n < AGREEMENTS; n += 1) {
      const created = await createAgreement(s.http, office, proposal('BPBD', `Sebelum gangguan basis data ${n}`));
      expect((await uploadKak(s.http, office, created.body.id)).status).toBe(201);
      ids.push(created.body.id);
    }
    // Submitted: the verification tasks fall due while the database is away.
    const keys = new Map(ids.map((id) => [id, randomUUID()]));
    const submit = (id: string) => decide(s.http, office, id, 'draft', 'submit', keys.get(id));
    for (const id of ids.slice(0, AGREEMENTS / 2)) expect((await submit(id)).status).toBe(200);
    const before = await countAll(s.system.database.db, s.smtp);

    // A submission whose first attempt claimed its Idempotency-Key and then met the outage keeps
    // the claim (it could not be released with the database away): a repeat gets 409 "still in
    // progress" until the claim counts as abandoned (src/api/idempotency.ts) and is taken over;
    // the Update id derived from the key keeps it one submission.
    const resubmit = (id: string) => untilAnswered(() => submit(id), { alsoRetry: stillRunning });
    const inFlight = ids.slice(AGREEMENTS / 2).map(resubmit);
    await pause(50);
    const stoppedAt = Date.now();
    await s.postgres.stop('immediate');

    const ready = await s.http.get('/readyz');
    const duringOutage = await Promise.all([
      s.http.get('/api/agreements', verifier),
      s.http.post('/api/auth/login', { username: 'verifikator', password: 'salah-sandi' }),
      decide(s.http, verifier, ids[0]!, 'verification', 'approve'),
      createAgreement(s.http, office, proposal('BPBD', 'Dibuat saat basis data mati')),
    ]);
    await pause(OUTAGE_MS - (Date.now() - stoppedAt));
    const restartedAt = Date.now();
    await s.postgres.start();
    const readyAgain = await untilAnswered(() => s.http.get('/readyz'), { pauseMs: 250 });
    const recoveredMs = Date.now() - restartedAt;
    const submitted = await Promise.all(inFlight);

    // Meanwhile: not ready, and every call a clear 503 in the error shape.
    expect(ready.status).toBe(503);
    expect(ready.body.checks.database).toMatch(/^error/);
    for (const response of duringOutage) {
      expect(response.status, JSON.stringify(response.body)).toBe(503);
      expect(response.body.error.code).toBe('database_unavailable');
      expect(response.body.error.message).toMatch(/Basis data sedang tidak tersedia/);
    }
    expect(readyAgain.response.status).toBe(200);
    for (const attempt of submitted) {
      expect(attempt.response.status, JSON.stringify(attempt.response.body)).toBe(200);
    }

    // Let reminders go on for a while, then the verifier rejects them all: no more alarms.
    await s.smtp.waitFor(() => true, { count: AGREEMENTS, timeoutMs: 60_000 });
    const rejected = await Promise.all(
      ids.map((id) => {
        const key = randomUUID();
        return untilAnswered(() => decide(s.http, verifier, id, 'verification', 'reject', key));
      }),
    );
    expect(rejected.map((attempt) => attempt.response.status)).toEqual(ids.map(() => 200));

    // The projections catch up with the workflows (activities that failed were retried).
    const db = s.system.database.db;
    expect(await eventually(() => projectionMismatches(db, s.system.client), 90_000)).toEqual([]);
    expect(await timelineGaps(db)).toEqual([]);
    const chain = await auditChain(db);
    expect(chain.valid, JSON.stringify(chain.firstBroken)).toBe(true);
    // The last reminders' deliveries may still be under way: every email sent or failed.
    const unsettled = async () =>
      rowsOf(await db.execute(sql`select key from emails where sent_at is null and failed_at is null`));
    expect(await eventually(unsettled, 90_000)).toEqual([]);
    const ledger = await emailLedger(db, s.smtp);
    expect(ledger.sentNotReceived).toEqual([]);
    expect(ledger.receivedNotMarked).toEqual([]);
    expect(duplicatesNotExplainedBy(ledger.duplicates, [stoppedAt])).toEqual([]);

    // Reminders that fell due while the database was away were written once it was back.
    const outage = [new Date(stoppedAt).toISOString(), new Date(restartedAt).toISOString()];
    const [{ n: writtenLate }] = rowsOf<{ n: number }>(await db.execute(sql`
      select count(*)::int as n from agreement_events
      where type in ('reminder', 'escalation') and at between ${outage[0]} and ${outage[1]}`));
    expect(writtenLate).toBeGreaterThan(0);

    const after = await countAll(db, s.smtp);
    expect(after.agreements).toBe(AGREEMENTS);
    // Per agreement: submit and reject, and one audit entry each.
    expect(after.decisions).toBe(2 * AGREEMENTS);
    expect(after.auditDecisions).toBe(2 * AGREEMENTS);
    expect(after.reminders).toBeGreaterThanOrEqual(AGREEMENTS);
    expect(after.emailsSent).toBe(after.emails);
    expect(chain.entries).toBe(after.audit);

    reportFault('postgres-restart', {
      outageMs: restartedAt - stoppedAt,
      recoveredMs,
      statusesDuringOutage: tally([ready.status, ...duringOutage.map((response) => response.status)]),
      submissionsRetried: submitted.filter((attempt) => attempt.statuses.length > 1).length,
      remindersDueDuringOutage: writtenLate,
      duplicatesOnTheWire: ledger.duplicates.length,
      before,
      after,
    });
  });
});
