import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTestDatabase, testDbKind, type TestDatabase } from './database.ts';

const ROOT = new URL('../..', import.meta.url).pathname;
const TSX = join(ROOT, 'node_modules/.bin/tsx');

export type CliResult = { code: number; stdout: string; stderr: string };

/**
 * The real CLI in a child process, on a database of its own: a PGlite data directory, or a fresh
 * PostgreSQL database passed as DATABASE_URL (the server-postgres project).
 */
export async function createCliSandbox(kind: 'pglite' | 'postgres' = testDbKind) {
  let database: TestDatabase | null = null;
  let dataDir: string | null = null;
  if (kind === 'postgres') database = await createTestDatabase('postgres', { maxConnections: 1 });
  else dataDir = await mkdtemp(join(tmpdir(), 'parley-cli-'));
  const env = {
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? '',
    PARLEY_PUBLIC_URL: 'http://parley.test',
    ...(database ? { DATABASE_URL: database.url! } : { PARLEY_DATA_DIR: dataDir! }),
  };

  const spawn = (file: string, args: string[], stdin?: string) =>
    new Promise<CliResult>((resolve) => {
      // PGlite starts from its data directory in every run: measured up to a minute on a busy box.
      const child = execFile(file, args, { cwd: ROOT, env, timeout: 240_000 }, (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : -1) : 0;
        resolve({ code, stdout: String(stdout), stderr: String(stderr) });
      });
      child.stdin?.end(stdin ?? '');
    });

  return {
    /** `tsx server/cli/index.ts ARGS`: what `npm run parley -- ARGS` runs. */
    run: (args: string[], stdin?: string) => spawn(TSX, ['server/cli/index.ts', ...args], stdin),
    /** Through npm itself, exactly as the README says. */
    runNpm: (args: string[]) => spawn('npm', ['run', '-s', 'parley', '--', ...args]),
    async close() {
      if (database) await database.close();
      if (dataDir) await rm(dataDir, { recursive: true, force: true });
    },
  };
}
