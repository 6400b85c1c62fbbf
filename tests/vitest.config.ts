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
          // Two processes racing to migrate one database: PGlite's directory belongs to one process.
          // The CLI's database commands spawn a process that opens PGlite from disk each time (up to a
          // minute per run on a busy box): cli.test.ts runs them on PostgreSQL, cli-pglite.test.ts
          // shows the PGlite path here.
          // So do the postgres.js driver's own defects (postgres-driver.test.ts).
          // An instance killed mid-send and the next one taking its mails (mail-crash): the test reads
          // the outbox while the instance runs and the next shares its database; PGlite's directory
          // belongs to one process at a time.
          exclude: ['tests/server/explain.test.ts', 'tests/server/group-commit-instances.test.ts', 'tests/server/database-outage.test.ts', 'tests/server/concurrent-start.test.ts', 'tests/server/cli.test.ts', 'tests/server/postgres-driver.test.ts', 'tests/server/mail-crash.test.ts'],
          env: { PARLEY_TEST_DB: 'pglite' },
        },
      },
      {
        extends: true,
        test: {
          name: 'server-postgres',
          include: ['tests/server/**/*.test.ts'],
          // Bad settings stop the process before any database is opened: once is enough.
          // So do the CLI's help and usage errors (cli-usage), and its PGlite smoke test (cli-pglite).
          // And kill -9 of a process holding an embedded PGlite directory (pglite-crash): PGlite's promise only.
          // Tests that never open a database (pure functions and middleware) gain nothing from a second run.
          exclude: [
            'tests/server/startup-config.test.ts', 'tests/server/cli-usage.test.ts', 'tests/server/cli-pglite.test.ts', 'tests/server/pglite-crash.test.ts',
            'tests/server/deadline.test.ts', 'tests/server/markdown-fast-path.test.ts', 'tests/server/moderation-phases.test.ts', 'tests/server/moderation-words.test.ts', 'tests/server/spam-corpus.test.ts', 'tests/server/thread-cache.test.ts',
          ],
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
