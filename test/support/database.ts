/** A fresh PostgreSQL database per test file on the machine's server, dropped afterwards. */
import { randomBytes } from 'node:crypto';
import postgres from 'postgres';

const ADMIN_URL =
  process.env.BENCH_DATABASE_ADMIN_URL ?? process.env.TEST_DATABASE_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

export interface TestDatabase {
  url: string;
  name: string;
  drop(): Promise<void>;
}

/** `prefix` names the owner (`simk_test`, `simk_bench`), so each drops only what it made. */
export async function createTestDatabase(prefix = 'simk_test'): Promise<TestDatabase> {
  const name = `${prefix}_${Date.now()}_${randomBytes(3).toString('hex')}`;
  const admin = postgres(ADMIN_URL, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${name}`);
  await admin.end();
  const url = new URL(ADMIN_URL);
  url.pathname = `/${name}`;

  return {
    url: url.toString(),
    name,
    async drop() {
      const cleaner = postgres(ADMIN_URL, { max: 1, onnotice: () => {} });
      await cleaner.unsafe(`drop database if exists ${name} with (force)`);
      await cleaner.end();
    },
  };
}
