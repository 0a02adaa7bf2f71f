/**
 * Statements built once per database and prepared: building drizzle SQL on every request cost
 * as much CPU as the rest of a cached read (bench/RESULTS.md, benchmark 1). A test may run
 * several databases in one process, hence one statement per database.
 */
import type { Database } from './client.js';

export function perDatabase<T extends object>(build: (db: Database) => T): (db: Database) => T {
  const built = new WeakMap<Database, T>();

  return (db) => {
    let statement = built.get(db);
    if (!statement) built.set(db, (statement = build(db)));

    return statement;
  };
}
