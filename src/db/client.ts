/**
 * Opens the database: Postgres through postgres-js when DATABASE_URL is set, else an embedded
 * PGlite under DATA_DIR. Both give the same drizzle `Database` type, so repositories and
 * activities never know which one they talk to.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePostgres } from 'drizzle-orm/postgres-js';
import postgres from 'postgres';
import * as schema from './schema.js';

export type Database = PgDatabase<PgQueryResultHKT, typeof schema>;

export interface DatabaseHandle {
  db: Database;
  driver: 'postgres' | 'pglite';
  /** Runs the migrations in `migrations/` (under an advisory lock on Postgres). */
  migrate(): Promise<void>;
  close(): Promise<void>;
}

export const MIGRATIONS_FOLDER = new URL('../../migrations', import.meta.url).pathname;

export async function openDatabase(options: { url?: string; dataDir: string; poolSize?: number }) {
  return options.url ? openPostgres(options.url, options.poolSize ?? 10) : openPglite(options.dataDir);
}

async function openPostgres(url: string, poolSize: number): Promise<DatabaseHandle> {
  const client = postgres(url, { max: poolSize, onnotice: () => {} });
  const db = drizzlePostgres(client, { schema }) as unknown as Database;

  return {
    db,
    driver: 'postgres',
    async migrate() {
      const { migrate } = await import('drizzle-orm/postgres-js/migrator');
      // One connection, so the advisory lock and the migration share a session.
      const single = postgres(url, { max: 1, onnotice: () => {} });
      try {
        await single`select pg_advisory_lock(7301952)`;
        await migrate(drizzlePostgres(single), { migrationsFolder: MIGRATIONS_FOLDER });
      } finally {
        await single`select pg_advisory_unlock(7301952)`.catch(() => {});
        await single.end();
      }
    },
    close: () => client.end({ timeout: 5 }),
  };
}

async function openPglite(dataDir: string): Promise<DatabaseHandle> {
  const { PGlite } = await import('@electric-sql/pglite');
  const { drizzle } = await import('drizzle-orm/pglite');
  const { pg_trgm } = await import('@electric-sql/pglite/contrib/pg_trgm');
  const folder = path.join(dataDir, 'pglite');
  fs.mkdirSync(folder, { recursive: true });
  // pg_trgm serves the agreement search (migration 0004); PGlite loads extensions at start.
  const client = await PGlite.create(folder, { extensions: { pg_trgm } });
  const db = drizzle(client, { schema }) as unknown as Database;

  return {
    db,
    driver: 'pglite',
    async migrate() {
      const { migrate } = await import('drizzle-orm/pglite/migrator');
      await migrate(drizzle(client), { migrationsFolder: MIGRATIONS_FOLDER });
    },
    close: () => client.close(),
  };
}

/** Rows of a raw `db.execute(sql...)`, whichever driver answered. */
export function rowsOf<T>(result: unknown): T[] {
  if (Array.isArray(result)) return result as T[];

  return ((result as { rows?: T[] }).rows ?? []) as T[];
}
