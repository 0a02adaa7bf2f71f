/**
 * What a backup records about the application database, and what a restore must find again:
 * row counts, the migrations applied, the audit chain's state and the document blobs the rows
 * point at. Read through drizzle, so PostgreSQL and the embedded PGlite answer alike.
 */
import { sql } from 'drizzle-orm';
import { verifyAuditChain } from '../src/audit/verify.js';
import { rowsOf, type Database } from '../src/db/client.js';
import type { DatabaseFigures } from './backup-manifest.js';

export async function readFigures(db: Database): Promise<{ figures: DatabaseFigures; keys: string[] }> {
  const count = async (table: string) =>
    Number(rowsOf<{ n: string }>(await db.execute(sql.raw(`select count(*) as n from ${table}`)))[0]!.n);
  const migrations = rowsOf<{ n: string; last: string | null }>(
    await db.execute(sql`
      select count(*) as n,
        (select hash from drizzle.__drizzle_migrations order by id desc limit 1) as last
      from drizzle.__drizzle_migrations`),
  )[0]!;
  const keys = rowsOf<{ key: string }>(
    await db.execute(sql`select distinct storage_key as key from document_versions order by 1`),
  ).map((row) => row.key);
  const chain = await verifyAuditChain(db);

  const figures: DatabaseFigures = {
    agreements: await count('agreements'),
    events: await count('agreement_events'),
    documentVersions: await count('document_versions'),
    auditEntries: await count('audit_log'),
    emails: await count('emails'),
    migrations: Number(migrations.n),
    lastMigration: migrations.last,
    auditChainValid: chain.valid,
    auditHead: chain.headHash,
    documentKeys: keys.length,
  };

  return { figures, keys };
}

/** The figures that differ between what the backup recorded and what the database holds. */
export function figureDifferences(expected: DatabaseFigures, found: DatabaseFigures): string[] {
  return (Object.keys(expected) as (keyof DatabaseFigures)[])
    .filter((name) => expected[name] !== found[name])
    .map((name) => `${name}: backup ${String(expected[name])}, restored ${String(found[name])}`);
}
