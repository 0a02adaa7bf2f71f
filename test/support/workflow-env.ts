/**
 * Workflow tests on the time-skipping test server: the real workflow bundle and the real
 * activities against a fresh PostgreSQL database and an in-process SMTP server. Time passes
 * only through timers (env.sleep), so days of reminders and years of a term take seconds.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker, type WorkflowBundleOption } from '@temporalio/worker';
import { inject } from 'vitest';
import { createActivities } from '../../src/activities/index.js';
import { createMailer } from '../../src/activities/mailer.js';
import { loadConfig, type Config } from '../../src/config.js';
import { seedHolidays } from '../../src/db/calendar.js';
import { openDatabase, type DatabaseHandle } from '../../src/db/client.js';
import { agreements } from '../../src/db/schema.js';
import { seedDemo } from '../../src/db/seed.js';
import type { AgreementFacts } from '../../src/domain/agreement.js';
import { planPath } from '../../src/domain/paths.js';
import type { Actor } from '../../src/domain/permissions.js';
import type { Stage } from '../../src/domain/stages.js';
import { formatTrackingCode } from '../../src/domain/tracking-code.js';
import { ensureTestServer, SEARCH_ATTRIBUTES } from '../../src/infra/temporal-cli.js';
import { createLogger } from '../../src/logger.js';
import type { AgreementWorkflowInput } from '../../src/workflows/state.js';
import { createTestDatabase, type TestDatabase } from './database.js';
import { startSmtp, type TestSmtp } from './smtp.js';

export interface WorkflowHarness {
  env: TestWorkflowEnvironment;
  /**
   * Runs `fn` with a fresh worker (a Worker runs once) on this harness's task queue; the
   * worker stops before this returns. `workflowBundle` replaces the current code's bundle.
   */
  run<T>(fn: () => Promise<T>, options?: { workflowBundle?: WorkflowBundleOption }): Promise<T>;
  database: DatabaseHandle;
  smtp: TestSmtp;
  config: Config;
  taskQueue: string;
  /** Inserts the agreement row as the API would and returns the workflow input for it. */
  newAgreement(facts?: Partial<AgreementFacts>): Promise<AgreementWorkflowInput['agreement']>;
  close(): Promise<void>;
}

export const INITIATOR: Actor = { username: 'pemrakarsa.dlh', name: 'Pemrakarsa DLH', roles: ['initiator'], unitCode: 'DLH' };

export const BASE_FACTS: AgreementFacts = {
  kind: 'ksdd',
  instrument: 'pks',
  title: 'Pengelolaan air baku lintas daerah',
  partners: [{ name: 'Pemerintah Kabupaten Malang', type: 'pemda' }],
  unitCode: 'DLH',
  purpose: 'Menjamin pasokan air baku.',
  scope: 'Pengambilan air, pemeliharaan kawasan sumber.',
  durationMonths: 24,
  dprdTrigger: { burdensPublic: false, unbudgeted: false },
  initiatedBy: 'region',
  confidential: false,
};

export async function startWorkflowHarness(options: { timeSkipping: boolean; env?: Record<string, string> }): Promise<WorkflowHarness> {
  const testDb: TestDatabase = await createTestDatabase();
  const smtp = await startSmtp();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'simk-wf-'));
  const config = loadConfig({ DATABASE_URL: testDb.url, DATA_DIR: dataDir, SMTP_URL: smtp.url, LOG_LEVEL: 'silent', PUBLIC_BASE_URL: 'http://portal.test', ...options.env });
  const database = await openDatabase({ url: config.DATABASE_URL, dataDir });
  await database.migrate();
  await seedHolidays(database.db);
  await seedDemo(database.db, { password: 'uji-coba-rahasia' });

  const env = options.timeSkipping
    ? await TestWorkflowEnvironment.createTimeSkipping({
        server: { executable: { type: 'existing-path', path: await ensureTestServer() } },
      })
    : await TestWorkflowEnvironment.createFromExistingServer({ address: inject('temporalAddress') });
  if (options.timeSkipping) {
    // The test server knows no custom search attributes until told (an unknown one fails the task).
    const types = { Keyword: 2, Bool: 5, Datetime: 6 } as const;
    const searchAttributes = Object.fromEntries(
      Object.entries(SEARCH_ATTRIBUTES).map(([name, type]) => [name, types[type as keyof typeof types]]),
    );
    await env.connection.operatorService.addSearchAttributes({ namespace: 'default', searchAttributes });
  }
  const taskQueue = `wf-${randomBytes(4).toString('hex')}`;
  const mailer = createMailer({ smtpUrl: smtp.url, from: config.MAIL_FROM, outboxDir: path.join(dataDir, 'outbox') });
  const activities = createActivities({ db: database.db, config, mailer, logger: createLogger('silent') });
  const workflowBundle = { codePath: inject('workflowBundlePath') };

  return {
    env,
    async run(fn, { workflowBundle: bundle = workflowBundle } = {}) {
      const connection = env.nativeConnection;
      const worker = await Worker.create({ connection, taskQueue, workflowBundle: bundle, activities });
      return worker.runUntil(fn);
    },
    database,
    smtp,
    config,
    taskQueue,
    async newAgreement(overrides = {}) {
      const facts = { ...BASE_FACTS, ...overrides };
      const id = randomUUID();
      const trackingCode = formatTrackingCode(2026, randomBytes(4));
      const path = planPath(facts) as Stage[];
      await database.db.insert(agreements).values({
        id,
        trackingCode,
        ...facts,
        plannedStart: facts.plannedStart ?? null,
        valueIdr: null,
        parentId: facts.parentId ?? null,
        createdBy: INITIATOR.username,
        path,
        stage: 'draft',
        status: 'draft',
      });

      return {
        agreementId: id,
        trackingCode,
        kind: facts.kind,
        instrument: facts.instrument,
        unitCode: facts.unitCode,
        title: facts.title,
        durationMonths: facts.durationMonths,
        plannedStart: facts.plannedStart ?? null,
        parentId: facts.parentId ?? null,
        path,
        createdBy: INITIATOR,
      };
    },
    async close() {
      mailer.close();
      await env.teardown();
      await database.close();
      await smtp.close();
      await testDb.drop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/**
 * With RECORD_HISTORIES=<generation>, writes a finished scenario's history to
 * test/fixtures/histories/<generation>/ so the replay test keeps running it through every
 * later version of the workflow code.
 */
export async function recordHistory(handle: { fetchHistory(): Promise<unknown> }, name: string) {
  const generation = process.env.RECORD_HISTORIES;
  if (!generation) return;
  if (!/^[a-z0-9][a-z0-9-]*$/.test(generation)) throw new Error('RECORD_HISTORIES names a folder: lower-case letters, digits, dashes');
  const { temporal } = await import('@temporalio/proto');
  const History = temporal.api.history.v1.History;
  // Binary protobuf: exact, and free of the JSON mapping's version quirks.
  const bytes = History.encode(History.fromObject(await handle.fetchHistory() as object)).finish();
  const folder = new URL(`../fixtures/histories/${generation}/`, import.meta.url);
  fs.mkdirSync(folder, { recursive: true });
  fs.writeFileSync(new URL(`${name.replace(/[^a-z0-9]+/gi, '-').toLowerCase()}.pb`, folder), bytes);
}
