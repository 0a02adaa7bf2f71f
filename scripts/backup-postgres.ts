/**
 * PostgreSQL for backup and restore: `pg_dump --format=custom` inside a snapshot that the
 * caller also reads its figures from (so the manifest describes exactly what was dumped), and
 * `pg_restore` into an empty database in one transaction. The tools come from PG_BIN_DIR when
 * set, else from PATH; they must be of the server's major version or newer.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { rowsOf, type Database } from '../src/db/client.js';

export function pgTool(name: 'pg_dump' | 'pg_restore'): string {
  const binDir = process.env.PG_BIN_DIR?.trim();

  return binDir ? path.join(binDir, name) : name;
}

export async function toolVersion(name: 'pg_dump' | 'pg_restore'): Promise<string> {
  return (await run(pgTool(name), ['--version'])).trim();
}

export async function serverVersion(db: Database): Promise<string> {
  return rowsOf<{ v: string }>(await db.execute(sql`select version() as v`))[0]!.v;
}

/** Sessions on this database other than ours: a running API or worker shows up here. */
export async function otherSessions(db: Database) {
  return rowsOf<{ pid: number; application_name: string; client_addr: string | null; state: string | null }>(
    await db.execute(sql`
      select pid, application_name, client_addr::text, state from pg_stat_activity
      where datname = current_database() and pid <> pg_backend_pid() and backend_type = 'client backend'`),
  );
}

/**
 * Runs `read` in a repeatable-read, read-only transaction and dumps the database from the
 * same snapshot (exported to pg_dump), so the figures and the dump cannot disagree.
 */
export async function dumpInSnapshot<T>(
  db: Database,
  url: string,
  file: string,
  read: (snapshot: Database) => Promise<T>,
): Promise<T> {
  return db.transaction(
    async (tx) => {
      const snapshot = rowsOf<{ id: string }>(await tx.execute(sql`select pg_export_snapshot() as id`))[0]!.id;
      const figures = await read(tx as unknown as Database);
      await dumpDatabase(url, file, snapshot);

      return figures;
    },
    { isolationLevel: 'repeatable read', accessMode: 'read only' },
  );
}

/** A whole database in pg_dump's custom format (compressed; pg_restore reads it). */
export async function dumpDatabase(url: string, file: string, snapshot?: string) {
  const args = ['--format=custom', '--no-password', `--file=${file}`];
  if (snapshot) args.push(`--snapshot=${snapshot}`);
  await run(pgTool('pg_dump'), [...args, `--dbname=${url}`]);
}

/** Refuses a database that holds any table, view or sequence outside the system schemas. */
export async function assertEmptyDatabase(db: Database, label: string) {
  const [row] = rowsOf<{ n: string }>(
    await db.execute(sql`
      select count(*) as n from pg_class c join pg_namespace n on n.oid = c.relnamespace
      where n.nspname not in ('pg_catalog', 'information_schema') and n.nspname not like 'pg_toast%'
        and c.relkind in ('r', 'p', 'v', 'm', 'S')`),
  );
  if (Number(row!.n) > 0) {
    throw new Error(`${label} is not empty (${row!.n} relations): restore only into a new, empty database`);
  }
}

/**
 * Loads a custom-format dump in one transaction: any error rolls all of it back. Objects
 * become the connecting user's (--no-owner), so the target needs no roles of the source.
 */
export async function restoreDump(url: string, file: string) {
  const args = ['--exit-on-error', '--single-transaction', '--no-owner', '--no-privileges', '--no-password'];
  await run(pgTool('pg_restore'), [...args, `--dbname=${url}`, file]);
}

/** Runs a tool to its end; rejects with its last output when it fails. */
function run(file: string, args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(file, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    child.once('error', (error) => reject(new Error(`${file} could not run: ${error.message} (set PG_BIN_DIR?)`)));
    child.once('exit', (code) => {
      if (code === 0) resolve(output);
      // The URL may carry a password: name the tool and its output, never its arguments.
      else reject(new Error(`${path.basename(file)} failed (exit ${code}):\n${output.slice(-2000)}`));
    });
  });
}
