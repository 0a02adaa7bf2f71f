/**
 * Fault: everything is lost but the backup. Agreements at four stages (a draft with its KAK;
 * one in verification whose reminder timer is pending on the demo clock; one reminded, then
 * approved; one in its term) are backed up with `npm run backup` while the API and worker are
 * stopped; the PostgreSQL cluster and DATA_DIR are destroyed, and `npm run restore` fills a
 * brand-new cluster, an empty DATA_DIR and the SQLite file of a fresh Temporal dev server. On
 * them the product finds the same rows, documents with the same SHA-256, an audit chain that
 * still verifies, workflows that still run and decide, and the pending timer fires once, at
 * its time. A second case does the same for the embedded setup (PGlite under DATA_DIR).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { workflowIdFor } from '../../src/api/workflow-gateway.js';
import { rowsOf } from '../../src/db/client.js';
import {
  attach,
  created,
  details,
  documentHashes,
  inVerification,
  reminderFor,
  settled,
  walkToTerm,
} from '../support/backup-scenario.js';
import { startProduct, runScript, type Product } from '../support/backup-stack.js';
import { decide } from '../support/fault-clients.js';
import {
  auditChain,
  countAll,
  emailLedger,
  eventually,
  projectionMismatches,
  reportFault,
} from '../support/fault-ledger.js';
import { startOwnTemporal, type OwnTemporal } from '../support/fault-stack.js';
import { startFaultSmtp, type FaultSmtp } from '../support/fault-smtp.js';
import { startOwnPostgres, type OwnPostgres } from '../support/own-postgres.js';

/** One working day of a time limit lasts 20 s: verification (3 days) falls due 60 s after submission. */
const SLA_DAY_SECONDS = 20;
/** One day of a term lasts 5 s: its first report falls due after ~15 min, long after this test. */
const TERM_DAY_SECONDS = 5;
const USERS = ['pemrakarsa.dlh', 'verifikator', 'tkksd', 'hukum', 'sekda', 'auditor'] as const;

const cleanups: (() => Promise<unknown>)[] = [];
const folder = (prefix: string) => {
  const made = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  cleanups.push(async () => fs.rmSync(made, { recursive: true, force: true }));
  return made;
};
let smtp: FaultSmtp;
const taskQueue = `restore-${randomBytes(4).toString('hex')}`;
const demoClock = { DEMO_SLA_DAY_SECONDS: String(SLA_DAY_SECONDS), DEMO_TERM_DAY_SECONDS: String(TERM_DAY_SECONDS) };

// Each case has its own SMTP server: what one case's workflows send never counts in the other.
beforeEach(async () => {
  smtp = await startFaultSmtp();
});
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup().catch(() => {});
  await smtp?.close();
});

/** A Temporal dev server on DATA_DIR/temporal.sqlite and the product's API on the cluster. */
async function startServices(dataDir: string, postgres: OwnPostgres) {
  const temporal: OwnTemporal = await startOwnTemporal(path.join(dataDir, 'temporal.sqlite'));
  cleanups.push(() => temporal.stop());
  const env = {
    DATABASE_URL: postgres.url,
    TEMPORAL_ADDRESS: temporal.address,
    TEMPORAL_TASK_QUEUE: taskQueue,
    SMTP_URL: smtp.url,
    DATA_DIR: dataDir,
    ...demoClock,
  };
  const product = await startProduct(env);
  cleanups.push(() => product.stop());

  return { temporal, product, env };
}

/** Logins are audited: a test that compares audit counts logs in after counting. */
async function loginAll(product: Product) {
  const tokens = await Promise.all(USERS.map(async (user) => [user, await product.login(user)] as const));

  return Object.fromEntries(tokens) as Record<(typeof USERS)[number], string>;
}

async function newPostgres() {
  const postgres = await startOwnPostgres();
  cleanups.push(() => postgres.destroy());
  return postgres;
}

describe('a backup restored into empty services', () => {
  it('brings back every row, document and audit entry, and the workflows and their timers go on', async () => {
    // The original services, and three agreements at different stages.
    const dataDir = folder('simk-original-');
    const original = await newPostgres();
    const first = await startServices(dataDir, original);
    await first.product.startWorker();
    const { http } = first.product;
    const t = await loginAll(first.product);
    const draft = await created(first.product, t['pemrakarsa.dlh'], 'Draf dengan KAK');
    await attach(first.product, draft, t['pemrakarsa.dlh'], 'kak');
    const inTerm = await created(first.product, t['pemrakarsa.dlh'], 'Dalam masa berlaku');
    await walkToTerm(first.product, inTerm, t);
    // One was reminded before the backup (its deadline moved two seconds ahead), then approved:
    // its email is in the backup as sent and must not go out again.
    const reminded = await inVerification(first.product, t['pemrakarsa.dlh'], 'Sudah diingatkan');
    const dueAt = new Date(Date.now() + 2_000).toISOString();
    const deadline = { dueAt, reason: 'uji pengingat' };
    const moved = await http.post(`/api/agreements/${reminded}/deadline`, deadline, t.verifikator);
    expect(moved.status).toBe(200);
    await smtp.waitFor(reminderFor(moved.body.trackingCode));
    expect((await decide(http, t.verifikator, reminded, 'verification', 'approve')).status).toBe(200);
    // The last one's review falls due 60 s from now: its reminder timer is pending in the backup.
    const overdue = await inVerification(first.product, t['pemrakarsa.dlh'], 'Verifikasi dengan pengingat');
    const ids = [draft, overdue, inTerm, reminded];
    await settled(first.product, ids);

    const detailsBefore = await details(first.product, ids, t.auditor);
    const stages = ['draft', 'verification', 'implementation', 'tkksd_review'];
    expect(detailsBefore.map((detail) => detail.stage)).toEqual(stages);
    expect(detailsBefore[1].pendingTask.remindersSent).toBe(0);
    const documentsBefore = await documentHashes(first.product, ids, t.auditor);
    const before = await countAll(first.product.system.database.db, smtp);
    expect(before.emailsSent).toBeGreaterThan(0);
    const chainBefore = await auditChain(first.product.system.database.db);
    expect(chainBefore.valid).toBe(true);
    const isReminder = reminderFor(detailsBefore[1].trackingCode);
    expect(smtp.messages.filter(isReminder)).toHaveLength(0);

    // Quiesce (the writers stop), back up, then lose everything but the backup.
    await first.product.stop();
    await first.temporal.stop();
    const backupDir = path.join(folder('simk-backup-'), 'set');
    const sqlite = path.join(dataDir, 'temporal.sqlite');
    const backup = await runScript('backup', ['--out', backupDir, '--temporal-sqlite', sqlite], first.env);
    expect(backup.code, backup.output).toBe(0);
    const backedUpAt = Date.now();
    const manifest = JSON.parse(fs.readFileSync(path.join(backupDir, 'manifest.json'), 'utf8'));
    expect(manifest.database.figures).toMatchObject({
      agreements: before.agreements,
      events: before.events,
      documentVersions: before.documents,
      auditEntries: before.audit,
      emails: before.emails,
      auditChainValid: true,
      auditHead: chainBefore.headHash,
    });
    await original.destroy();
    fs.rmSync(dataDir, { recursive: true, force: true });

    // Restore into empty services: a new cluster, an empty DATA_DIR, a fresh dev server.
    const restoredDir = folder('simk-restored-');
    const fresh = await newPostgres();
    const target = { ...first.env, DATABASE_URL: fresh.url, DATA_DIR: restoredDir };
    const restoredSqlite = path.join(restoredDir, 'temporal.sqlite');
    // A backup with one changed byte is refused before anything is written.
    const tampered = path.join(folder('simk-tampered-'), 'set');
    fs.cpSync(backupDir, tampered, { recursive: true });
    const blob = manifest.files.find((file: { path: string }) => file.path.startsWith('documents/')).path;
    fs.chmodSync(path.join(tampered, blob), 0o640);
    fs.appendFileSync(path.join(tampered, blob), ' ');
    const refused = await runScript('restore', ['--from', tampered, '--temporal-sqlite', restoredSqlite], target);
    expect(refused.code).toBe(1);
    expect(refused.output).toContain(`${blob}: `);
    expect(fs.readdirSync(restoredDir)).toEqual([]);

    const restore = await runScript('restore', ['--from', backupDir, '--temporal-sqlite', restoredSqlite], target);
    expect(restore.code, restore.output).toBe(0);
    const again = await runScript('restore', ['--from', backupDir, '--temporal-sqlite', restoredSqlite], target);
    expect(again.code).toBe(1);
    expect(again.output).toMatch(/not empty/);
    const startedAt = Date.now();
    const second = await startServices(restoredDir, fresh);
    const db = second.product.system.database.db;

    // The same state before the worker runs: counts, audit chain (logins and downloads are
    // audited, so they come after counting), each agreement as shown, every document's bytes.
    const after = await countAll(db, smtp);
    expect(after).toEqual(before);
    const chainAfter = await auditChain(db);
    expect(chainAfter).toMatchObject({ valid: true, entries: chainBefore.entries, headHash: chainBefore.headHash });
    const s = await loginAll(second.product);
    expect(await details(second.product, ids, s.auditor)).toEqual(detailsBefore);
    expect(await documentHashes(second.product, ids, s.auditor)).toEqual(documentsBefore);

    // Every workflow is still running in the restored Temporal, in the state its projection
    // shows (a timer firing meanwhile puts a workflow an activity ahead for a moment: wait).
    await second.product.startWorker();
    const upMs = Date.now() - startedAt;
    for (const id of ids) {
      const described = await second.product.system.client.workflow.getHandle(workflowIdFor(id)).describe();
      expect(described.status.name).toBe('RUNNING');
    }
    expect(await eventually(() => projectionMismatches(db, second.product.system.client), 60_000)).toEqual([]);

    // The pending timer fires on the restored services, once; then every workflow decides.
    const [reminder] = await smtp.waitFor(isReminder, { timeoutMs: 150_000 });
    const remindedAt = smtp.receipts.find((receipt) => receipt.messageId === reminder!.messageId)!.at;
    // Not early: the timer kept the due time it had before the backup.
    const dueAtMs = Date.parse(detailsBefore[1].pendingTask.dueAt);
    expect(remindedAt).toBeGreaterThanOrEqual(dueAtMs);
    const h = second.product.http;
    const approved = await decide(h, s.verifikator, overdue, 'verification', 'approve');
    expect(approved.body.stage).toBe('tkksd_review');
    const submitted = await decide(h, s['pemrakarsa.dlh'], draft, 'draft', 'submit');
    expect(submitted.body.stage).toBe('verification');
    const report = { period: 'Semester I', activities: 'Kegiatan berjalan.', progressPercent: 10 };
    const filed = await h.post(`/api/agreements/${inTerm}/reports`, report, s['pemrakarsa.dlh']);
    expect(filed.status).toBe(201);
    const termination = { reason: 'agreed_by_parties', note: 'Uji pemulihan' };
    const ended = await h.post(`/api/agreements/${inTerm}/terminate`, termination, s.verifikator);
    expect(ended.body.stage).toBe('terminated');
    const offered = await decide(h, s.tkksd, reminded, 'tkksd_review', 'approve');
    expect(offered.body.stage).toBe('offer');
    await settled(second.product, [draft, overdue, reminded]);

    // Exactly one reminder went out (one email per recipient, each received once), no email twice.
    const reminderRows = rowsOf<{ message_id: string; reminder_no: number }>(await db.execute(sql`
      select message_id, reminder_no from emails
      where agreement_id = ${overdue} and kind in ('reminder', 'escalation')`));
    expect(reminderRows.length).toBeGreaterThan(0);
    expect(reminderRows.every((row) => row.reminder_no === 1)).toBe(true);
    expect(smtp.messages.filter(isReminder)).toHaveLength(reminderRows.length);
    const ledger = await emailLedger(db, smtp);
    expect(ledger).toEqual({ sentNotReceived: [], receivedNotMarked: [], duplicates: [] });
    expect((await auditChain(db)).valid).toBe(true);

    reportFault('backup-restore', {
      backupMs: backup.ms,
      restoreMs: restore.ms,
      servicesUpAfterRestoreMs: upMs,
      reminderDueAfterRestartMs: dueAtMs - startedAt,
      reminderAfterDueMs: remindedAt - dueAtMs,
      downMs: startedAt - backedUpAt,
      backupFiles: manifest.files.length,
      before,
      after,
      backupLog: backup.output.trim().split('\n'),
      restoreLog: restore.output.trim().split('\n'),
    });
  });
});

describe('an embedded installation (PGlite and the dev server, both under DATA_DIR)', () => {
  it('is backed up from DATA_DIR alone and restored into an empty one', async () => {
    const dataDir = folder('simk-embedded-');
    const embedded = { TEMPORAL_TASK_QUEUE: `embedded-${randomBytes(4).toString('hex')}`, SMTP_URL: smtp.url };
    const start = async (dir: string) => {
      const temporal = await startOwnTemporal(path.join(dir, 'temporal.sqlite'));
      cleanups.push(() => temporal.stop());
      const env = { ...embedded, DATA_DIR: dir, TEMPORAL_ADDRESS: temporal.address };
      const product = await startProduct(env, { worker: 'in-process' });
      cleanups.push(() => product.stop());
      return { temporal, product };
    };
    const first = await start(dataDir);
    const office = await first.product.login('pemrakarsa.dlh');
    const auditor = await first.product.login('auditor');
    const id = await inVerification(first.product, office, 'Instalasi tertanam');
    await settled(first.product, [id]);
    const detailBefore = await details(first.product, [id], auditor);
    const documentsBefore = await documentHashes(first.product, [id], auditor);
    const before = await countAll(first.product.system.database.db, smtp);
    await first.product.stop();
    await first.temporal.stop();

    // TEMPORAL_ADDRESS unset, as for `npm start`: the scripts find every part under DATA_DIR.
    const backupDir = path.join(folder('simk-embedded-backup-'), 'set');
    const backup = await runScript('backup', ['--out', backupDir], { ...embedded, DATA_DIR: dataDir });
    expect(backup.code, backup.output).toBe(0);
    expect(backup.output).toContain('database: pglite');
    fs.rmSync(dataDir, { recursive: true, force: true });
    const restoredDir = folder('simk-embedded-restored-');
    const restore = await runScript('restore', ['--from', backupDir], { ...embedded, DATA_DIR: restoredDir });
    expect(restore.code, restore.output).toBe(0);

    const second = await start(restoredDir);
    expect(await countAll(second.product.system.database.db, smtp)).toEqual(before);
    expect((await auditChain(second.product.system.database.db)).valid).toBe(true);
    const [verifier, auditorAgain] = [await second.product.login('verifikator'), await second.product.login('auditor')];
    expect(await details(second.product, [id], auditorAgain)).toEqual(detailBefore);
    expect(await documentHashes(second.product, [id], auditorAgain)).toEqual(documentsBefore);
    const approved = await decide(second.product.http, verifier, id, 'verification', 'approve');
    expect(approved.body.stage).toBe('tkksd_review');

    reportFault('backup-restore-embedded', { backupMs: backup.ms, restoreMs: restore.ms, before });
  });
});
