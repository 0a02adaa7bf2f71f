/**
 * Fault: the worker process is SIGKILLed twice in the middle of decisions and reminders (20
 * agreements whose reviews fall due on the demo clock), and started again. Every decision is
 * answered and recorded once, every timeline runs 1..n without a gap or a repeat, the
 * projections equal the workflows' state, and each reminder email arrives once: a second copy
 * is tolerated only for an email that was on the wire when the worker died (it carries the
 * same Message-ID, so the receiver can tell).
 */
import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rowsOf } from '../../src/db/client.js';
import {
  createAgreement,
  decide,
  initiatorOf,
  OFFICES,
  proposal,
  stillRunning,
  untilAnswered,
  uploadKak,
} from '../support/fault-clients.js';
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

const AGREEMENTS = Number(process.env.FAULT_WORKER_AGREEMENTS ?? 20);
/** The path each agreement takes, one decision per stage, ending it (no reminders after). */
const STEPS = [
  { user: 'office', stage: 'draft', decision: 'submit' },
  { user: 'verifikator', stage: 'verification', decision: 'approve' },
  { user: 'tkksd', stage: 'tkksd_review', decision: 'reject' },
] as const;

let s: FaultStack;
const tokens: Record<string, string> = {};
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

beforeAll(async () => {
  // Verification (3 days) falls due 3 s after submission, then reminds every 2 s.
  s = await startFaultStack({ worker: 'child', env: { DEMO_SLA_DAY_SECONDS: '1' } });
  for (const user of [...OFFICES.map(initiatorOf), 'verifikator', 'tkksd']) {
    tokens[user] = await s.login(user);
  }
});
afterAll(async () => s?.close());

describe('the worker killed (SIGKILL) in the middle of decisions and reminders', () => {
  it('answers every decision once and sends every reminder once after it is started again', async () => {
    const agreements: { id: string; office: string }[] = [];
    for (let n = 0; n < AGREEMENTS; n += 1) {
      const unit = OFFICES[n % OFFICES.length]!;
      const office = initiatorOf(unit);
      const body = proposal(unit, `Uji pekerja mati ${n}`);
      const created = await createAgreement(s.http, tokens[office]!, body);
      expect(created.status).toBe(201);
      expect((await uploadKak(s.http, tokens[office]!, created.body.id)).status).toBe(201);
      agreements.push({ id: created.body.id, office });
    }
    const before = await countAll(s.system.database.db, s.smtp);

    // Each agreement walks its path; between steps it waits a while, so reviews fall due.
    const statuses: number[] = [];
    const walk = async ({ id, office }: { id: string; office: string }, index: number) => {
      const answers = [];
      for (const step of STEPS) {
        await pause(step.stage === 'verification' ? 3_000 + (index % 5) * 1_500 : (index % 4) * 400);
        const token = tokens[step.user === 'office' ? office : step.user]!;
        const key = randomUUID();
        const send = () => decide(s.http, token, id, step.stage, step.decision, key);
        const attempt = await untilAnswered(send, { alsoRetry: stillRunning, timeoutMs: 240_000 });
        statuses.push(...attempt.statuses);
        answers.push(attempt.response.status);
      }
      return answers;
    };
    const walking = Promise.all(agreements.map(walk));

    // Two crashes: one among the first decisions, one while reminders go out.
    const kills: number[] = [];
    const crash = async () => {
      kills.push(Date.now());
      await s.worker!.kill();
      await pause(2_000);
      await s.worker!.start();
    };
    await pause(1_500);
    await crash();
    await pause(3_000);
    await crash();
    const answers = await walking;
    const answeredAt = Date.now();

    const db = s.system.database.db;
    expect(answers.flat()).toEqual(agreements.flatMap(() => STEPS.map(() => 200)));
    expect(await eventually(() => projectionMismatches(db, s.system.client), 120_000)).toEqual([]);
    expect(await timelineGaps(db)).toEqual([]);

    // Each agreement: created, then exactly its three decisions, each once, in order.
    const decisions = rowsOf<{ agreement_id: string; path: string }>(await db.execute(sql`
      select agreement_id, string_agg(from_stage || ':' || decision, ' ' order by seq) as path
      from agreement_events where type = 'decision' group by agreement_id`));
    const expected = STEPS.map((step) => `${step.stage}:${step.decision}`).join(' ');
    expect(decisions.filter((row) => row.path !== expected)).toEqual([]);
    expect(decisions).toHaveLength(AGREEMENTS);

    const ledger = await emailLedger(db, s.smtp);
    expect(ledger.sentNotReceived).toEqual([]);
    expect(ledger.receivedNotMarked).toEqual([]);
    expect(duplicatesNotExplainedBy(ledger.duplicates, kills)).toEqual([]);
    const chain = await auditChain(db);
    expect(chain.valid, JSON.stringify(chain.firstBroken)).toBe(true);

    const after = await countAll(db, s.smtp);
    expect(after.agreements).toBe(AGREEMENTS);
    expect(after.decisions).toBe(AGREEMENTS * STEPS.length);
    expect(after.auditDecisions).toBe(AGREEMENTS * STEPS.length);
    expect(after.reminders).toBeGreaterThan(0);
    expect(after.emailsSent).toBe(after.emails);
    // A reminder event and its email rows go together: one email per recipient per reminder.
    const orphans = rowsOf(await db.execute(sql`
      select e.agreement_id, e.seq from agreement_events e
      where e.type in ('reminder', 'escalation')
        and not exists (
          select 1 from emails m
          where m.agreement_id = e.agreement_id and m.kind in ('reminder', 'escalation')
            and m.reminder_no = substring(e.note from 'Pengingat ke-([0-9]+)')::int)`));
    expect(orphans).toEqual([]);

    reportFault('worker-kill', {
      kills: kills.length,
      decisionsAnsweredAfterLastKillMs: answeredAt - kills.at(-1)!,
      httpStatuses: tally(statuses),
      duplicatesOnTheWire: ledger.duplicates.length,
      before,
      after,
    });
  });
});
