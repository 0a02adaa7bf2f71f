/**
 * Fault: the mail server refuses reminders for a while (temporary 451), then for good (550),
 * then is down altogether (port closed). Temporary failures are retried with backoff and each
 * email arrives once when the server takes mail again; a permanent refusal is recorded as
 * failed, tried only once, and shown to the verifier in the agreement's detail.
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
/** How long the mail server stays down. */
const DOWN_MS = Number(process.env.FAULT_SMTP_DOWN_MS ?? 12_000);

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
  attempts: number;
  last_error: string | null;
  sent: boolean;
  failed: boolean;
}
const emailRows = async () =>
  rowsOf<EmailRow>(
    await s.system.database.db.execute(sql`
      select key, agreement_id, message_id, attempts, last_error,
             sent_at is not null as sent, failed_at is not null as failed
      from emails order by created_at`),
  );
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

    // Due after 3 s; the first reminders are refused and retried (1 s, 2 s, 4 s… apart).
    const retried = await eventually(async () => {
      const rows = await emailRows();
      return rows.length >= AGREEMENTS && rows.every((row) => row.attempts >= 3) ? [] : [rows.length];
    }, 60_000);
    expect(retried).toEqual([]);
    const refused = await emailRows();
    expect(s.smtp.messages).toHaveLength(0);
    for (const row of refused) {
      expect(row.sent).toBe(false);
      expect(row.failed).toBe(false);
      expect(row.last_error).toMatch(/451/);
    }

    s.smtp.setMode('accept');
    const pending = new Set(refused.map((row) => row.message_id));
    await waitForMessages(pending, 60_000);
    const receipts = s.smtp.receiptsByMessageId();
    for (const id of pending) expect(receipts.get(id)).toBe(1);
    const maxAttempts = Math.max(...refused.map((row) => row.attempts));
    figures.temporary = { emails: refused.length, refusedAttempts: s.smtp.refused.temporary, maxAttempts };
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

    const rows = (await emailRows()).filter((row) => !known.has(row.key) && row.failed);
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

  it('retries while the server is down and delivers once when it is back; decisions wait meanwhile', async () => {
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
      .then((attempt) => ({ ...attempt, answeredAt: Date.now() }));
    await pause(DOWN_MS - (Date.now() - downAt));
    await s.smtp.up();
    const upAt = Date.now();

    const pendingAtUp = (await emailRows()).filter((row) => !row.sent && !row.failed);
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
    const ledger = await emailLedger(db, s.smtp);
    expect(ledger.sentNotReceived).toEqual([]);
    expect(ledger.receivedNotMarked).toEqual([]);
    expect(ledger.duplicates).toEqual([]);
    expect((await emailRows()).filter((row) => !row.sent && !row.failed)).toEqual([]);

    const after = await countAll(db, s.smtp);
    expect(after.emailsSent + after.emailsFailed).toBe(after.emails);
    expect(after.received).toBe(after.emailsSent);
    expect(after.decisions).toBe(2 * AGREEMENTS);
    figures.down = {
      downMs: upAt - downAt,
      pendingWhenBack: pendingAtUp.length,
      decisionAnsweredAfterMs: decided.answeredAt - decisionStarted,
      decisionAnsweredAfterServerBackMs: decided.answeredAt - upAt,
    };
    reportFault('smtp-refusals', { ...figures, after });
  });
});
