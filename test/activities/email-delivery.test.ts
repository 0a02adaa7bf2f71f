/**
 * Sending and emailDeliveryWorkflow on the dev server with the real activities, PostgreSQL and
 * an SMTP server that refuses: a server that takes mail gets the batch at once and no delivery
 * workflow is started; after a temporary refusal the activity returns at once and one delivery
 * per batch retries until the server takes mail and the email arrives once; a permanent refusal
 * is marked failed after one try; a delivery that never gets through is marked failed when its
 * retry schedule runs out.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { NativeConnection, Worker } from '@temporalio/worker';
import { eq } from 'drizzle-orm';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { ActivityDeps } from '../../src/activities/deps.js';
import type { EmailDeliveryResult } from '../../src/activities/email-types.js';
import { createActivities } from '../../src/activities/index.js';
import { createMailer, type Mailer } from '../../src/activities/mailer.js';
import {
  emailDeliveryIdFor,
  messageIdFor,
  sendEmails,
  type EmailToSend,
} from '../../src/activities/send-emails.js';
import { loadConfig } from '../../src/config.js';
import { openDatabase, type DatabaseHandle } from '../../src/db/client.js';
import { emails } from '../../src/db/schema.js';
import { createTestDatabase, type TestDatabase } from '../support/database.js';
import { startFaultSmtp, type FaultSmtp } from '../support/fault-smtp.js';

let testDb: TestDatabase;
let database: DatabaseHandle;
let smtp: FaultSmtp;
let mailer: Mailer;
let connection: Connection;
let nativeConnection: NativeConnection;
let deps: ActivityDeps;
const taskQueue = `email-${randomBytes(4).toString('hex')}`;

beforeAll(async () => {
  testDb = await createTestDatabase();
  database = await openDatabase({ url: testDb.url, dataDir: os.tmpdir(), poolSize: 2 });
  await database.migrate();
  smtp = await startFaultSmtp();
  const outboxDir = path.join(os.tmpdir(), 'unused-outbox');
  mailer = createMailer({ smtpUrl: smtp.url, from: 'uji@simboisker.localhost', outboxDir });
  const config = loadConfig({ DATABASE_URL: testDb.url, SMTP_URL: smtp.url, TEMPORAL_TASK_QUEUE: taskQueue });
  connection = await Connection.connect({ address: inject('temporalAddress') });
  nativeConnection = await NativeConnection.connect({ address: inject('temporalAddress') });
  const temporal = new Client({ connection });
  deps = { db: database.db, config, mailer, logger: pino({ level: 'silent' }), temporal };
});
afterAll(async () => {
  await nativeConnection?.close();
  await connection?.close();
  mailer?.close();
  await smtp?.close();
  await database?.close();
  await testDb?.drop();
});

/** Runs `fn` while a worker with the real activities serves the task queue. */
async function withWorker<T>(fn: () => Promise<T>): Promise<T> {
  const worker = await Worker.create({
    connection: nativeConnection,
    taskQueue,
    workflowBundle: { codePath: inject('workflowBundlePath') },
    activities: createActivities(deps),
  });

  return worker.runUntil(fn);
}

function email(): EmailToSend {
  const recipient = 'verifikator@simboisker.localhost';
  const key = `test:${randomUUID()}`;

  return { key, agreementId: null, kind: 'reminder', recipient, subject: 'Pengingat', body: 'Uji' };
}
const rowOf = async (key: string) => (await database.db.select().from(emails).where(eq(emails.key, key)))[0]!;
const resultOf = (batch: EmailToSend[]): Promise<EmailDeliveryResult> =>
  deps.temporal!.workflow.getHandle(emailDeliveryIdFor(batch.map((email) => email.key))).result();
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function until(check: () => Promise<boolean>, timeoutMs = 30_000) {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await pause(100);
  }
}

const deliveryExists = async (batch: EmailToSend[]) => {
  const handle = deps.temporal!.workflow.getHandle(emailDeliveryIdFor(batch.map((email) => email.key)));

  return handle.describe().then(
    () => true,
    (error: Error) => (error.name === 'WorkflowNotFoundError' ? false : Promise.reject(error)),
  );
};

describe('emailDeliveryWorkflow', () => {
  it('sends at once when the server takes mail, and starts no delivery workflow', async () => {
    const batch = [email(), email()];
    smtp.setMode('accept');

    expect(await sendEmails(deps, batch)).toBe(2);
    expect(await deliveryExists(batch)).toBe(false);
    for (const { key } of batch) expect(smtp.receiptsByMessageId().get(messageIdFor(key))).toBe(1);
    expect(await sendEmails(deps, batch)).toBe(0);
  });

  it('retries a temporary refusal with backoff and delivers the email once when the server takes mail', async () => {
    const batch = [email(), email()];
    smtp.setMode('temporary');

    await withWorker(async () => {
      const started = Date.now();
      expect(await sendEmails(deps, batch)).toBe(0);
      expect(Date.now() - started).toBeLessThan(5_000);
      await until(async () => (await rowOf(batch[0]!.key)).attempts >= 2);
      // The activity retried by the agreement workflow starts nothing a second time.
      expect(await sendEmails(deps, [...batch].reverse())).toBe(0);

      smtp.setMode('accept');
      expect(await resultOf(batch)).toEqual({ sent: 2, failed: 0 });
      expect(await sendEmails(deps, batch)).toBe(0);
      await pause(500);
    });

    const receipts = smtp.receiptsByMessageId();
    for (const { key } of batch) {
      expect(receipts.get(messageIdFor(key))).toBe(1);
      const row = await rowOf(key);
      expect(row.sentAt).not.toBeNull();
      expect(row.failedAt).toBeNull();
      expect(row.attempts).toBeGreaterThanOrEqual(2);
    }
  });

  it('marks a permanent refusal (5xx) failed after one try, starts no delivery and never tries it again', async () => {
    const batch = [email()];
    smtp.setMode('permanent');
    const refusedBefore = smtp.refused.permanent;

    await withWorker(async () => {
      expect(await sendEmails(deps, batch)).toBe(0);
      expect(await deliveryExists(batch)).toBe(false);
      smtp.setMode('accept');
      expect(await sendEmails(deps, batch)).toBe(0);
      await pause(1_000);
    });

    const row = await rowOf(batch[0]!.key);
    expect(row).toMatchObject({ attempts: 1, sentAt: null });
    expect(row.failedAt).not.toBeNull();
    expect(row.lastError).toMatch(/550/);
    expect(smtp.refused.permanent - refusedBefore).toBe(1);
    expect(smtp.receiptsByMessageId().has(messageIdFor(batch[0]!.key))).toBe(false);
  });

  it('marks the emails failed, keeping the last error, when its retry schedule runs out', async () => {
    const batch = [email()];
    await database.db.insert(emails).values({ ...batch[0]!, messageId: messageIdFor(batch[0]!.key) });
    await smtp.down();

    try {
      const result = await withWorker(() =>
        deps.temporal!.workflow.execute('emailDeliveryWorkflow', {
          taskQueue,
          workflowId: `email-test-${randomUUID()}`,
          args: [{ agreementId: null, keys: [batch[0]!.key], retry: { initialIntervalMs: 200, giveUpAfterMs: 2_000 } }],
        }),
      );
      expect(result).toEqual({ sent: 0, failed: 1 });
    } finally {
      await smtp.up();
    }

    const row = await rowOf(batch[0]!.key);
    expect(row.sentAt).toBeNull();
    expect(row.failedAt).not.toBeNull();
    expect(row.attempts).toBeGreaterThanOrEqual(2);
    expect(row.lastError).toMatch(/ECONNREFUSED|connect/i);
  });
});
