/**
 * The audit chain under writers of every kind at once: decisions on different agreements
 * (appended by the workflow's projection write, inside its transaction), uploads (inside the
 * version's transaction) and logins (the API's own transaction), all sent together. The chain
 * must stay one line, seq 1, 2, 3… with each entry linked to the one before, each change
 * recorded exactly once; on PostgreSQL and on the embedded PGlite of `npm start`.
 */
import fs from 'node:fs';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyAuditChain } from '../../src/audit/verify.js';
import { rowsOf } from '../../src/db/client.js';
import { agreementAt, uploadDocument } from '../support/drive.js';
import { DEMO_PASSWORD, startTestSystem, type TestSystem } from '../support/system.js';

const proposal = JSON.parse(
  fs.readFileSync(new URL('../../../shared/data/agreements/01-ksdd-air-baku-kabupaten.json', import.meta.url), 'utf8'),
);
const AGREEMENTS = 6;
const FAILED_LOGINS = 15;
const LOGINS = 6;

describe.each([
  ['PostgreSQL', {}],
  // An empty DATABASE_URL counts as unset: the system opens PGlite in its data folder.
  ['PGlite', { DATABASE_URL: '' }],
] as const)('the audit chain on %s', (_driver, env) => {
  let t: TestSystem;
  const tokens: Record<string, string> = {};
  const ids: string[] = [];

  beforeAll(async () => {
    t = await startTestSystem({ ...env, LOGIN_MAX_FAILURES_PER_ADDRESS: '1000' });
    for (const user of ['pemrakarsa.dlh', 'verifikator', 'auditor']) tokens[user] = await t.login(user);
    for (let i = 0; i < AGREEMENTS; i += 1) {
      ids.push((await agreementAt(t, tokens, { ...proposal, title: `Uji serentak ${i}` }, 'verification', 'pemrakarsa.dlh')).id);
    }
  });
  afterAll(async () => t?.close());

  const db = () => t.system.database.db;
  const count = async (where: ReturnType<typeof sql>) =>
    rowsOf<{ n: number }>(await db().execute(sql`select count(*)::int as n from audit_log where ${where}`))[0]!.n;

  it('stays one unbroken line, each change once, when decisions, uploads and logins append together', async () => {
    const before = await count(sql`true`);
    const decide = (id: string) =>
      t.http.post(`/api/agreements/${id}/decisions`, { stage: 'verification', decision: 'approve', note: 'Serentak.' }, tokens.verifikator);
    const statuses = await Promise.all([
      ...ids.map((id) => decide(id).then((response) => response.status)),
      ...ids.map((id) => uploadDocument(t, tokens['pemrakarsa.dlh']!, id, 'kajian').then((response) => response.status)),
      ...Array.from({ length: FAILED_LOGINS }, (_, i) =>
        t.http.post('/api/auth/login', { username: `serbu${i}`, password: 'salah' }).then((response) => response.status),
      ),
      ...Array.from({ length: LOGINS }, () =>
        t.http.post('/api/auth/login', { username: 'auditor', password: DEMO_PASSWORD }).then((response) => response.status),
      ),
    ]);

    expect(statuses).toEqual([
      ...ids.map(() => 200),
      ...ids.map(() => 201),
      ...Array.from({ length: FAILED_LOGINS }, () => 401),
      ...Array.from({ length: LOGINS }, () => 200),
    ]);
    const report = await verifyAuditChain(db());
    expect(report).toMatchObject({ valid: true, entries: before + 2 * AGREEMENTS + FAILED_LOGINS + LOGINS });
    expect(report.firstBroken).toBeUndefined();
    const [{ max, n }] = rowsOf<{ max: number; n: number }>(
      await db().execute(sql`select max(seq)::int as max, count(*)::int as n from audit_log`),
    ) as [{ max: number; n: number }];
    expect(max).toBe(n);
    for (const id of ids) {
      const approved = sql`action = 'agreement.decide' and target_id = ${id} and data->>'stage' = 'verification'`;
      expect(await count(approved), id).toBe(1);
      expect(await count(sql`seq > ${before} and action = 'document.upload' and target_id = ${id}`), id).toBe(1);
    }
  });
});
