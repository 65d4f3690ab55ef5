import { defineConfig } from 'vitest/config';

// Unit tests beside the code; API tests over HTTP on both databases; browser journeys.
export default defineConfig({
  test: {
    globalSetup: ['server/test/support/global-setup.ts'],
    reporters: process.env.CI ? ['default'] : ['default'],
    projects: [
      {
        extends: true,
        test: { name: 'unit', include: ['server/src/**/*.test.ts', 'common/**/*.test.ts', 'web/src/**/*.test.ts', 'scripts/**/*.test.ts'], testTimeout: 30000 },
      },
      {
        extends: true,
        test: { name: 'api-pglite', include: ['server/test/**/*.test.ts'], env: { JISR_TEST_DB: 'pglite' }, testTimeout: 60000, hookTimeout: 60000 },
      },
      {
        extends: true,
        test: { name: 'api-postgres', include: ['server/test/**/*.test.ts'], env: { JISR_TEST_DB: 'postgres' }, testTimeout: 60000, hookTimeout: 60000 },
      },
      {
        extends: true,
        test: { name: 'e2e', include: ['web/e2e/**/*.test.ts'], testTimeout: 120000, hookTimeout: 120000, fileParallelism: false },
      },
    ],
  },
});
