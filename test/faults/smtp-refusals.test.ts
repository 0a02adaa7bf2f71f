/**
 * Fault: the mail server refuses reminders for a while (temporary 451), then for good (550),
 * then is down altogether (port closed). Temporary failures are retried with backoff and each
 * email arrives once when the server takes mail again; a permanent refusal is recorded as
 * failed, tried only once, and shown to the verifier in the agreement's detail. Emails go out
 * from delivery workflows of their own, so a decision on an agreement whose reminder cannot be
 * sent is answered at once, while the server is still down.
 */
import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rowsOf } from '../../src/db/client.js';
import { createAgreement, decide, proposal, untilAnswered, uploadKak } from '../support/fault-clients.js';
import {
  countAll,
  emailLedger,
  eventually,
  projectionMismatches,
  reportFault,
  timelineGaps,
} from '../support/fault-ledger.js';
import { startFaultStack, type FaultStack } from '../support/fault-stack.js';

const AGREEMENTS = 4;
/** How long the mail server stays down: well past the time a decision may take. */
const DOWN_MS = Number(process.env.FAULT_SMTP_DOWN_MS ?? 20_000);
/** A decision meeting the outage is answered within this (it used to wait for the server). */
const PROMPT_MS = 10_000;

let s: FaultStack;
let office: string;
let verifier: string;
const ids: string[] = [];
const figures: Record<string, unknown> = {};
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));

interface EmailRow {
  key: string;
  agreement_id: string;
  message_id: string;
  reminder_no: number | null;
  attempts: number;
  last_error: string | null;
  sent: boolean;
  failed: boolean;
}
const emailRows = async () =>
  rowsOf<EmailRow>(
    await s.system.database.db.execute(sql`
      select key, agreement_id, message_id, reminder_no, attempts, last_error,
             sent_at is not null as sent, failed_at is not null as failed
      from emails order by created_at`),
  );
/** Emails neither sent nor failed; with `tried`, only those already refused once or more. */
const unsettled = async (tried = false) =>
  (await emailRows()).filter((row) => !row.sent && !row.failed && (!tried || row.attempts > 0));
const waitForMessages = (messageIds: Set<string>, timeoutMs: number) =>
  s.smtp.waitFor((mail) => messageIds.has(mail.messageId ?? ''), { count: messageIds.size, timeoutMs });

beforeAll(async () => {
  // Verification falls due 3 s after submission; reminders follow every 2 s.
  s = await startFaultStack({ env: { DEMO_SLA_DAY_SECONDS: '1' } });
  office = await s.login('pemrakarsa.diskominfo');
  verifier = await s.login('verifikator');
  for (let n = 0; n < AGREEMENTS; n += 1) {
    const created = await createAgreement(s.http, office, proposal('DISKOMINFO', `Uji surel ${n}`));
    expect((await uploadKak(s.http, office, created.body.id)).status).toBe(201);
    ids.push(created.body.id);
  }
});
afterAll(async () => s?.close());

describe('the mail server refusing, then down', () => {
  it('retries a temporary refusal (451) with backoff and delivers each email once afterwards', async () => {
    s.smtp.setMode('temporary');
    for (const id of ids) expect((await decide(s.http, office, id, 'draft', 'submit')).status).toBe(200);

    // Due after 3 s; the first reminders are refused and retried (1 s, 2 s, 4 s… apart), while
    // later reminders keep being recorded.
    const retried = await eventually(async () => {
      const first = (await emailRows()).filter((row) => row.reminder_no === 1);
      const agreements = new Set(first.map((row) => row.agreement_id));
      return agreements.size >= AGREEMENTS && first.every((row) => row.attempts >= 3) ? [] : [first.length];
    }, 60_000);
    expect(retried).toEqual([]);
    const refused = (await emailRows()).filter((row) => row.attempts > 0);
    expect(s.smtp.messages).toHaveLength(0);
    for (const row of refused) {
      expect(row.sent).toBe(false);
      expect(row.failed).toBe(false);
      expect(row.last_error).toMatch(/451/);
    }

    s.smtp.setMode('accept');
    const recorded = await emailRows();
    await waitForMessages(new Set(recorded.map((row) => row.message_id)), 60_000);
    // Nothing waits for a retry any more when the next test changes the server's answer.
    expect(await eventually(() => unsettled(true), 60_000)).toEqual([]);
    const receipts = s.smtp.receiptsByMessageId();
    for (const row of recorded) expect(receipts.get(row.message_id)).toBe(1);
    const maxAttempts = Math.max(...refused.map((row) => row.attempts));
    figures.temporary = {
      emailsRefused: refused.length,
      emailsRecorded: recorded.length,
      refusedAttempts: s.smtp.refused.temporary,
      maxAttempts,
    };
  });

  it('marks a permanent refusal (550) failed, tries it once, and shows it to the verifier', async () => {
    const known = new Set((await emailRows()).map((row) => row.key));
    s.smtp.setMode('permanent');
    // Every agreement reminds again within 2 s; wait for a refused reminder on each.
    const failed = await eventually(async () => {
      const rows = (await emailRows()).filter((row) => !known.has(row.key) && row.failed);
      return new Set(rows.map((row) => row.agreement_id)).size >= AGREEMENTS ? [] : [rows.length];
    }, 60_000);
    expect(failed).toEqual([]);
    s.smtp.setMode('accept');
    await pause(3_000); // later reminders go out again; the refused ones must stay refused

    // No email had failed before: every failed one was refused in this test, once.
    const rows = (await emailRows()).filter((row) => row.failed);
    for (const row of rows) {
      expect(row.attempts).toBe(1);
      expect(row.sent).toBe(false);
      expect(row.last_error).toMatch(/550/);
    }
    expect(s.smtp.refused.permanent).toBe(rows.length);
    const detail = await s.http.get(`/api/agreements/${ids[0]}`, verifier);
    const shown = rows.filter((row) => row.agreement_id === ids[0]).length;
    expect(detail.body.notifications.failed).toHaveLength(shown);
    expect(detail.body.notifications.failed[0]).toMatchObject({
      kind: expect.stringMatching(/reminder|escalation/),
      recipientUsername: expect.any(String),
      error: expect.stringMatching(/550/),
    });
    figures.permanent = { failedEmails: rows.length, refusedAttempts: s.smtp.refused.permanent, shownOnOne: shown };
  });

  it('answers a decision at once while the server is down, and delivers each email once when it is back', async () => {
    const known = new Set((await emailRows()).map((row) => row.key));
    await s.smtp.down();
    const downAt = Date.now();
    const waiting = await eventually(async () => {
      const rows = (await emailRows()).filter((row) => !known.has(row.key));
      return rows.some((row) => row.attempts >= 2 && !row.sent) ? [] : [rows.length];
    }, 60_000);
    expect(waiting).toEqual([]);

    // A decision on an agreement whose reminder is being retried: answered, and exactly once.
    const retrying = (await emailRows()).find((row) => !known.has(row.key) && row.attempts >= 2 && !row.sent)!;
    const target = retrying.agreement_id;
    const decisionKey = randomUUID();
    const decisionStarted = Date.now();
    const decision = untilAnswered(() => decide(s.http, verifier, target, 'verification', 'reject', decisionKey))
      .then((attempt) => ({ ...attempt, answeredAt: Date.now(), serverWas: s.smtp.mode() }));
    // The outage lasts DOWN_MS, and in any case well past the time the decision may take.
    const upAt = Math.max(downAt + DOWN_MS, decisionStarted + PROMPT_MS + 2_000);
    await Promise.race([decision, pause(upAt - Date.now())]);
    await pause(upAt - Date.now());
    const pendingAtUp = await unsettled();
    await s.smtp.up();
    const backAt = Date.now();

    await waitForMessages(new Set(pendingAtUp.map((row) => row.message_id)), 90_000);
    const decided = await decision;
    expect(decided.response.status).toBe(200);

    // Reject the rest, so no reminder is pending, then settle the accounts.
    for (const id of ids.filter((id) => id !== target)) {
      const rejected = await untilAnswered(() => decide(s.http, verifier, id, 'verification', 'reject'));
      expect(rejected.response.status).toBe(200);
    }
    const db = s.system.database.db;
    expect(await eventually(() => projectionMismatches(db, s.system.client), 60_000)).toEqual([]);
    expect(await timelineGaps(db)).toEqual([]);
    // The last reminders' deliveries may still be under way: every email sent or failed.
    expect(await eventually(() => unsettled(), 60_000)).toEqual([]);
    const ledger = await emailLedger(db, s.smtp);
    const after = await countAll(db, s.smtp);
    figures.down = {
      downMs: backAt - downAt,
      pendingWhenBack: pendingAtUp.length,
      decisionAnsweredAfterMs: decided.answeredAt - decisionStarted,
      decisionAnsweredWhileServerDown: decided.serverWas === 'down',
      decisionAnsweredAfterServerBackMs: decided.answeredAt - backAt,
    };
    reportFault('smtp-refusals', { ...figures, after });

    expect(decided.serverWas).toBe('down');
    expect(decided.answeredAt - decisionStarted).toBeLessThan(PROMPT_MS);
    expect(ledger.sentNotReceived).toEqual([]);
    expect(ledger.receivedNotMarked).toEqual([]);
    expect(ledger.duplicates).toEqual([]);
    // Every email recorded is sent once or failed for good; every one sent arrived once.
    expect(after.emailsSent + after.emailsFailed).toBe(after.emails);
    expect(after.received).toBe(after.emailsSent);
    expect(after.receivedDistinct).toBe(after.received);
    expect(after.decisions).toBe(2 * AGREEMENTS);
  });
});
