/**
 * The benchmark's own database on the machine's PostgreSQL, made and dropped like a test's
 * (test/support/database.ts) but named `simk_bench_…`.
 */
import { createTestDatabase, type TestDatabase } from '../../test/support/database.js';

export type BenchDatabase = TestDatabase;

export const createBenchDatabase = () => createTestDatabase('simk_bench');
