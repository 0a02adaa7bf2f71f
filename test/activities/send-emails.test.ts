/**
 * sendEmails against a real SMTP server that refuses: a temporary refusal (4xx) throws so the
 * activity is retried, and the email goes out once when the server takes mail; a permanent
 * refusal (5xx) is marked failed and never tried again. Real PostgreSQL, real SMTP.
 */
import { randomUUID } from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import { eq } from 'drizzle-orm';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMailer, type Mailer } from '../../src/activities/mailer.js';
import { messageIdFor, sendEmails, type EmailToSend } from '../../src/activities/send-emails.js';
import type { ActivityDeps } from '../../src/activities/deps.js';
import { loadConfig } from '../../src/config.js';
import { openDatabase, type DatabaseHandle } from '../../src/db/client.js';
import { emails } from '../../src/db/schema.js';
import { createTestDatabase, type TestDatabase } from '../support/database.js';
import { startFaultSmtp, type FaultSmtp } from '../support/fault-smtp.js';

let testDb: TestDatabase;
let database: DatabaseHandle;
let smtp: FaultSmtp;
let mailer: Mailer;
let deps: ActivityDeps;

beforeAll(async () => {
  testDb = await createTestDatabase();
  database = await openDatabase({ url: testDb.url, dataDir: os.tmpdir(), poolSize: 2 });
  await database.migrate();
  smtp = await startFaultSmtp();
  const outboxDir = path.join(os.tmpdir(), 'unused-outbox');
  mailer = createMailer({ smtpUrl: smtp.url, from: 'uji@simboisker.localhost', outboxDir });
  const config = loadConfig({ DATABASE_URL: testDb.url, SMTP_URL: smtp.url });
  deps = { db: database.db, config, mailer, logger: pino({ level: 'silent' }) };
});
afterAll(async () => {
  mailer?.close();
  await smtp?.close();
  await database?.close();
  await testDb?.drop();
});

function email(): EmailToSend {
  const recipient = 'verifikator@simboisker.localhost';
  const key = `test:${randomUUID()}`;

  return { key, agreementId: null, kind: 'reminder', recipient, subject: 'Pengingat', body: 'Uji' };
}
const rowOf = async (key: string) => (await database.db.select().from(emails).where(eq(emails.key, key)))[0]!;

describe('sendEmails', () => {
  it('throws on a temporary refusal, so it is retried, and sends once when the server takes mail', async () => {
    const batch = [email()];
    smtp.setMode('temporary');
    await expect(sendEmails(deps, batch)).rejects.toThrow(/451/);
    await expect(sendEmails(deps, batch)).rejects.toThrow(/451/);
    const refused = await rowOf(batch[0]!.key);
    expect(refused).toMatchObject({ attempts: 2, sentAt: null, failedAt: null });

    smtp.setMode('accept');
    expect(await sendEmails(deps, batch)).toBe(1);
    expect(await sendEmails(deps, batch)).toBe(0);
    expect(smtp.receiptsByMessageId().get(messageIdFor(batch[0]!.key))).toBe(1);
    expect((await rowOf(batch[0]!.key)).sentAt).not.toBeNull();
  });

  it('marks a permanent refusal failed without throwing, and never tries it again', async () => {
    const batch = [email()];
    smtp.setMode('permanent');
    const refusedBefore = smtp.refused.permanent;
    await sendEmails(deps, batch);
    smtp.setMode('accept');
    await sendEmails(deps, batch);

    const row = await rowOf(batch[0]!.key);
    expect(row.failedAt).not.toBeNull();
    expect(row.sentAt).toBeNull();
    expect(row.attempts).toBe(1);
    expect(row.lastError).toMatch(/550/);
    expect(smtp.refused.permanent - refusedBefore).toBe(1);
    expect(smtp.receiptsByMessageId().has(messageIdFor(batch[0]!.key))).toBe(false);
  });
});
