import { defineConfig } from 'vitest/config';

// Forks, not threads: the Temporal native bridge has crashed under worker threads.
// Two workers match the 2-core machines that developers and CI run on.
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Fault tests break their own servers and take minutes: `npm run test:faults`.
    exclude: ['**/node_modules/**', 'test/faults/**'],
    globalSetup: ['test/support/global-setup.ts'],
    pool: 'forks',
    maxWorkers: 2,
    fileParallelism: true,
    testTimeout: 120_000,
    hookTimeout: 180_000,
    reporters: ['default'],
  },
});
