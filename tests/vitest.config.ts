import { defineConfig } from 'vitest/config';

// The server suite runs twice, on PGlite and on PostgreSQL; browser suites once (they pick PGlite).
export default defineConfig({
  test: {
    root: new URL('..', import.meta.url).pathname,
    testTimeout: 60_000,
    hookTimeout: 120_000,
    projects: [
      {
        extends: true,
        test: {
          name: 'server-pglite',
          include: ['tests/server/**/*.test.ts'],
          // Query plans are a PostgreSQL promise (issue 3): explain.test.ts runs only there, never skipped.
          // So does killing the database's connections (a restart, as clients see it): PostgreSQL only.
          exclude: ['tests/server/explain.test.ts', 'tests/server/database-outage.test.ts'],
          env: { PARLEY_TEST_DB: 'pglite' },
        },
      },
      {
        extends: true,
        test: {
          name: 'server-postgres',
          include: ['tests/server/**/*.test.ts'],
          // Bad settings stop the process before any database is opened: once is enough.
          exclude: ['tests/server/startup-config.test.ts'],
          env: { PARLEY_TEST_DB: 'postgres' },
        },
      },
      {
        extends: true,
        test: {
          name: 'browser',
          include: ['tests/widget/**/*.test.ts', 'tests/e2e/**/*.test.ts'],
          env: { PARLEY_TEST_DB: 'pglite' },
          // One Chromium at a time on a 2-core box.
          fileParallelism: false,
        },
      },
    ],
  },
});
