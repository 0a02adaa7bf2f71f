/**
 * The audit log: an append-only hash chain that the database guards, that stays whole under
 * concurrent writers, and whose tampering is named by both the API check and the command-line
 * check. And the auditor's dossier, whose audit entries re-hash offline to the chain's values.
 */
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import { promisify } from 'node:util';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appendAudit } from '../../src/audit/append.js';
import { rowsOf } from '../../src/db/client.js';
import { agreementAt, uploadDocument } from '../support/drive.js';
import { startTestSystem, type TestSystem } from '../support/system.js';

const run = promisify(execFile);
const proposal = JSON.parse(
  fs.readFileSync(new URL('../../../shared/data/agreements/01-ksdd-air-baku-kabupaten.json', import.meta.url), 'utf8'),
);

let t: TestSystem;
let databaseUrl: string;
const tokens: Record<string, string> = {};

beforeAll(async () => {
  t = await startTestSystem();
  const [current] = rowsOf<{ name: string }>(await db().execute(sql`select current_database() as name`));
  const url = new URL(process.env.TEST_DATABASE_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres');
  url.pathname = `/${current!.name}`;
  databaseUrl = url.toString();
  const users = ['pemrakarsa.dlh', 'pemrakarsa.dinkes', 'verifikator', 'tkksd', 'hukum', 'sekda', 'auditor', 'admin'];
  for (const user of users) {
    tokens[user] = await t.login(user);
  }
});
afterAll(async () => t?.close());

const db = () => t.system.database.db;

/** The documented canonical form, written out again here so the test checks the documentation. */
function rehash(entry: Record<string, unknown>): string {
  const fields = ['seq', 'eventId', 'at', 'actorUsername', 'actorUnit', 'actorRole', 'actingFor', 'action',
    'targetType', 'targetId', 'requestId', 'clientAddress', 'data', 'prevHash'];
  const sorted = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(sorted);
    if (value && typeof value === 'object') {
      return Object.fromEntries(Object.keys(value).sort().map((key) => [key, sorted((value as any)[key])]));
    }
    return value;
  };
  const picked = Object.fromEntries(fields.map((field) => [field, entry[field] ?? null]));

  return createHash('sha256').update(JSON.stringify(sorted(picked))).digest('hex');
}

describe('the chain', () => {
  it('is valid after logins and decisions, and only the auditor may check it', async () => {
    await agreementAt(t, tokens, proposal, 'tkksd_review', 'pemrakarsa.dlh');
    const verified = await t.http.get('/api/audit/verify', tokens.auditor);
    expect(verified.status).toBe(200);
    expect(verified.body.valid).toBe(true);
    expect(verified.body.entries).toBeGreaterThan(7);
    expect(verified.body.firstBroken).toBeUndefined();

    for (const user of ['admin', 'verifikator', 'sekda']) {
      expect((await t.http.get('/api/audit/verify', tokens[user])).status).toBe(403);
    }
    expect((await t.http.get('/api/audit/verify')).status).toBe(401);
  });

  it('links every entry to the one before it, with hashes that re-compute from the documented form', async () => {
    const page = await t.http.get('/api/audit?pageSize=100', tokens.auditor);
    const entries = page.body.items as Record<string, any>[];
    expect(entries[0]!.prevHash).toBe('0'.repeat(64));
    entries.forEach((entry, index) => {
      expect(entry.seq).toBe(index + 1);
      expect(rehash(entry)).toBe(entry.hash);
      if (index > 0) expect(entry.prevHash).toBe(entries[index - 1]!.hash);
    });
    const decision = entries.find((entry) => entry.action === 'agreement.decide')!;
    expect(decision).toMatchObject({
      actorUsername: 'pemrakarsa.dlh',
      actorUnit: 'DLH',
      actorRole: 'initiator',
      targetType: 'agreement',
    });
    expect(decision.requestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(decision.data).toMatchObject({ stage: 'draft', decision: 'submit', toStage: 'verification' });
    const creation = entries.find((entry) => entry.action === 'agreement.create')!;
    expect(creation).toMatchObject({ actorUsername: 'pemrakarsa.dlh', actorRole: 'initiator', targetId: decision.targetId });
    expect(creation.data).toMatchObject({ kind: 'ksdd', unitCode: 'DLH' });
    expect(creation.seq).toBeLessThan(decision.seq);
  });

  it('stays one unbroken chain when many requests append at the same time', async () => {
    const attempt = (i: number) => t.http.post('/api/auth/login', { username: `serbu${i}`, password: 'x' });
    await Promise.all(Array.from({ length: 25 }, (_, i) => attempt(i)));
    await Promise.all(Array.from({ length: 10 }, () => t.http.get('/api/tasks', tokens.verifikator)));
    const verified = await t.http.get('/api/audit/verify', tokens.auditor);
    expect(verified.body.valid).toBe(true);
    const failures = await t.http.get('/api/audit?action=auth.login_failed&pageSize=100', tokens.auditor);
    expect(failures.body.total).toBeGreaterThanOrEqual(25);
  });

  it('appends an event id only once', async () => {
    const first = await appendAudit(db(), { eventId: 'uji:sekali', action: 'test.once', data: { n: 1 } });
    const second = await appendAudit(db(), { eventId: 'uji:sekali', action: 'test.once', data: { n: 2 } });
    expect(second).toEqual({ seq: first.seq, hash: first.hash, appended: false });
    const counted = await db().execute(sql`select count(*)::int as n from audit_log where event_id = 'uji:sekali'`);
    const rows = rowsOf<{ n: number }>(counted);
    expect(rows[0]!.n).toBe(1);
  });

  it('is refused by the database on UPDATE, DELETE and TRUNCATE', async () => {
    for (const statement of [
      sql`update audit_log set action = 'diubah' where seq = 1`,
      sql`delete from audit_log where seq = 1`,
      sql`truncate audit_log`,
    ]) {
      await expect(db().execute(statement)).rejects.toThrow();
    }
    const [row] = rowsOf<{ action: string }>(await db().execute(sql`select action from audit_log where seq = 1`));
    expect(row!.action).toBe('auth.login');
  });
});

describe('the dossier', () => {
  it('holds every decision with its actor, each document version with its hash, deadlines and history', async () => {
    const { id } = await agreementAt(t, tokens, proposal, 'offer', 'pemrakarsa.dlh');
    const second = await uploadDocument(t, tokens['pemrakarsa.dlh']!, id, 'kak');
    expect(second.status).toBe(201);

    const response = await t.http.get(`/api/agreements/${id}/dossier`, tokens.auditor);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-disposition')).toMatch(/attachment; filename="dossier-KS-\d{4}-\w{6}\.json"/);
    const dossier = response.body;
    expect(dossier.agreement).toMatchObject({ id, stage: 'offer' });
    const decisions = dossier.decisions.filter((d: any) => d.type === 'decision');
    expect(decisions.map((d: any) => [d.actor.username, d.fromStage, d.decision])).toEqual([
      ['pemrakarsa.dlh', 'draft', 'submit'],
      ['verifikator', 'verification', 'approve'],
      ['tkksd', 'tkksd_review', 'approve'],
    ]);
    const kak = dossier.documents.filter((d: any) => d.type === 'kak');
    expect(kak.map((d: any) => d.version)).toEqual([1, 2]);
    for (const version of kak) expect(version.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(dossier.deadlines.find((task: any) => task.stage === 'verification')).toMatchObject({
      role: 'verifier',
      sla: { workingDays: 3 },
      closedBy: 'verifikator',
    });
    expect(dossier.deadlines.find((task: any) => task.stage === 'verification').sla.basis).toBeTruthy();
    expect(dossier.workflowHistory.available).toBe(true);
    const milestones = dossier.workflowHistory.runs.flatMap((r: any) => r.milestones);
    expect(milestones[0]).toMatchObject({ type: 'WorkflowExecutionStarted', name: 'agreementWorkflow' });
    const updates = milestones.filter((m: any) => m.type === 'WorkflowExecutionUpdateAccepted' && m.name === 'decide');
    expect(updates).toHaveLength(3);
    // The projection writes run as ordinary activities, behind the current generation's patch.
    const scheduled = milestones.filter((m: any) => m.type === 'ActivityTaskScheduled').map((m: any) => m.name);
    expect(scheduled).toContain('recordTransition');
    expect(milestones).toContainEqual(expect.objectContaining({ name: 'patch projection-writes-after-commit' }));
  });

  it('carries audit entries whose hashes verify offline, and a content hash the chain records', async () => {
    const { id } = await agreementAt(t, tokens, proposal, 'verification', 'pemrakarsa.dlh');
    const dossier = (await t.http.get(`/api/agreements/${id}/dossier`, tokens.auditor)).body;
    const actions = dossier.audit.entries.map((entry: any) => entry.action);
    expect(actions).toEqual(expect.arrayContaining(['agreement.decide', 'document.upload']));
    for (const entry of dossier.audit.entries) expect(rehash(entry)).toBe(entry.hash);
    expect(dossier.verification.auditEntryHash.fields).toContain('prevHash');
    expect(dossier.verification.steps.length).toBeGreaterThan(2);

    const { verification, ...content } = dossier;
    const sorted = (value: unknown): unknown =>
      Array.isArray(value) ? value.map(sorted)
        : value && typeof value === 'object'
          ? Object.fromEntries(Object.keys(value).sort().map((key) => [key, sorted((value as any)[key])]))
          : value;
    expect(createHash('sha256').update(JSON.stringify(sorted(content))).digest('hex')).toBe(verification.contentSha256);
    const recorded = await t.http.get(`/api/audit?action=agreement.dossier&targetId=${id}`, tokens.auditor);
    expect(recorded.body.items[0].data.contentSha256).toBe(verification.contentSha256);
  });

  it('is refused with 403 to others who may see the agreement and 404 to those who may not', async () => {
    const { id } = await agreementAt(t, tokens, proposal, 'verification', 'pemrakarsa.dlh');
    expect((await t.http.get(`/api/agreements/${id}/dossier`, tokens.verifikator)).status).toBe(403);
    expect((await t.http.get(`/api/agreements/${id}/dossier`, tokens.admin)).status).toBe(403);
    const other = tokens['pemrakarsa.dinkes'];
    expect((await t.http.get(`/api/agreements/${id}/dossier`, other)).status).toBe(404);
    const unknown = '/api/agreements/00000000-0000-4000-8000-000000000000/dossier';
    expect((await t.http.get(unknown, tokens.auditor)).status).toBe(404);
  });
});

describe('tampering', () => {
  it('is named as the first broken entry by the API and by the command-line check', async () => {
    const cli = () =>
      run('npx', ['tsx', 'scripts/audit-verify.ts'], { env: { ...process.env, DATABASE_URL: databaseUrl } })
        .then(({ stdout }) => ({ code: 0, stdout }))
        .catch((error: { code: number; stdout: string }) => ({ code: error.code, stdout: error.stdout }));
    const clean = await cli();
    expect(clean.code).toBe(0);
    expect(clean.stdout).toMatch(/audit chain valid: \d+ entries/);

    // As the database owner, on purpose: switch the guard off, change one entry, switch it on.
    await db().transaction(async (tx) => {
      await tx.execute(sql`alter table audit_log disable trigger audit_log_no_update_delete`);
      await tx.execute(sql`update audit_log set data = '{"stage":"draft","decision":"reject"}' where seq = 5`);
      await tx.execute(sql`alter table audit_log enable trigger audit_log_no_update_delete`);
    });

    const verified = await t.http.get('/api/audit/verify', tokens.auditor);
    expect(verified.body).toMatchObject({ valid: false, entries: 5, firstBroken: { seq: 5, reason: 'hash_mismatch' } });
    const broken = await cli();
    expect(broken.code).toBe(1);
    expect(broken.stdout).toContain('BROKEN at entry 5');
    expect(broken.stdout).toContain('hash_mismatch');

    await db().transaction(async (tx) => {
      await tx.execute(sql`alter table audit_log disable trigger audit_log_no_update_delete`);
      await tx.execute(sql`delete from audit_log where seq between 5 and 7`);
      await tx.execute(sql`alter table audit_log enable trigger audit_log_no_update_delete`);
    });
    const gap = await t.http.get('/api/audit/verify', tokens.auditor);
    expect(gap.body.firstBroken).toMatchObject({ seq: 8, reason: 'seq_gap' });
  });
});
