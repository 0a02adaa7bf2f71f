import { defineConfig } from 'vitest/config';

// Fault tests (`npm run test:faults`): each file starts and breaks its own PostgreSQL, Temporal
// server, SMTP server and worker, so they run one file at a time and take minutes, not seconds.
export default defineConfig({
  test: {
    include: ['test/faults/**/*.test.ts'],
    globalSetup: ['test/support/fault-global-setup.ts'],
    pool: 'forks',
    maxWorkers: 1,
    fileParallelism: false,
    testTimeout: 300_000,
    hookTimeout: 180_000,
    reporters: ['default'],
  },
});
