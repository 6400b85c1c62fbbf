import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { createTestDatabase, testDbKind, type TestDatabase } from './database.ts';

const repo = new URL('../..', import.meta.url).pathname;
const tsx = join(repo, 'node_modules', 'tsx', 'dist', 'loader.mjs');

/** The server's public URL in these tests: send it as `Origin` on writes. */
export const PUBLIC_URL = 'http://parley.test';

export type ServerProcess = {
  child: ChildProcess;
  url: string;
  /** Every stdout and stderr line so far. */
  lines: string[];
  /** Resolves with the exit code. */
  exited: Promise<number | null>;
  kill(): void;
};

/** Runs `server/main.ts` as `npm start` would (through tsx), with `env` on top of a clean environment. */
export function runServer(env: Record<string, string>, script = 'server/main.ts'): { child: ChildProcess; lines: string[]; exited: Promise<number | null> } {
  const child = spawn(process.execPath, ['--import', tsx, script], {
    cwd: repo,
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '/tmp',
      HOST: '127.0.0.1',
      PORT: '0',
      PARLEY_LOG_LEVEL: 'info',
      // The demo site allows this origin (the port is not known before listening).
      PARLEY_PUBLIC_URL: PUBLIC_URL,
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: string[] = [];
  for (const stream of [child.stdout!, child.stderr!]) createInterface({ input: stream }).on('line', (line) => lines.push(line));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, lines, exited };
}

/** Starts the server process and waits for its `listening` log line (bounded by the hook timeout). */
export async function startServerProcess(env: Record<string, string>): Promise<ServerProcess> {
  const run = runServer(env);
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${run.lines.join('\n')}`)), 60_000);
    const check = () => {
      for (const line of run.lines) {
        if (!line.startsWith('{')) continue;
        const entry = JSON.parse(line) as { msg?: string; port?: number };
        if (entry.msg === 'listening' && entry.port) {
          clearTimeout(timer);
          return resolve(entry.port);
        }
      }
    };
    run.child.stdout!.on('data', () => setImmediate(check));
    void run.exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`server exited with ${code}:\n${run.lines.join('\n')}`));
    });
  });
  return { ...run, url: `http://127.0.0.1:${port}`, kill: () => run.child.kill('SIGKILL') };
}

/**
 * The environment for a server process on a fresh database of the test's kind: a new PostgreSQL
 * database (`DATABASE_URL`), or an empty PGlite data directory.
 */
export async function processDatabase(): Promise<{ env: Record<string, string>; database: TestDatabase | null; close(): Promise<void> }> {
  if (testDbKind === 'postgres') {
    const database = await createTestDatabase('postgres', { maxConnections: 1 });
    return { env: { DATABASE_URL: database.url! }, database, close: () => database.close() };
  }
  const dir = mkdtempSync(join(tmpdir(), 'parley-data-'));
  return { env: { PARLEY_DATA_DIR: dir }, database: null, close: async () => rmSync(dir, { recursive: true, force: true }) };
}
