import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runServer } from '../helpers/server-process.ts';

const scratch = mkdtempSync(join(tmpdir(), 'parley-config-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** Runs the server with `env`; returns its exit code and what it printed. */
async function start(env: Record<string, string>) {
  const run = runServer({ PARLEY_DATA_DIR: join(scratch, 'data'), ...env });
  const code = await run.exited;
  // Let readline deliver the last lines.
  await new Promise((resolve) => setImmediate(resolve));
  return { code, lines: run.lines.filter((l) => l.trim() !== '') };
}

const noStackTrace = (lines: string[]) => expect(lines.filter((l) => /^\s+at /.test(l))).toEqual([]);

describe('configuration is checked at start', () => {
  it('PORT=abc exits non-zero with one line naming PORT', async () => {
    const { code, lines } = await start({ PORT: 'abc' });
    expect(code).not.toBe(0);
    expect(lines.filter((l) => l.includes('PORT'))).toEqual(['parley: PORT="abc": not a whole number from 0 to 65535']);
    noStackTrace(lines);
  });

  it('a DATABASE_URL that is not a postgres URL exits non-zero with one line, without echoing it', async () => {
    const { code, lines } = await start({ DATABASE_URL: 'mysql://root:secret@db/x' });
    expect(code).not.toBe(0);
    const bad = lines.filter((l) => l.includes('DATABASE_URL'));
    expect(bad).toHaveLength(1);
    expect(bad[0]).toMatch(/^parley: DATABASE_URL: scheme mysql: is not postgres:/);
    expect(lines.join('\n')).not.toContain('secret');
    noStackTrace(lines);
  });

  it('a DATABASE_URL nobody answers at exits non-zero with one line saying so', async () => {
    const { code, lines } = await start({ DATABASE_URL: 'postgres://parley@127.0.0.1:1/parley' });
    expect(code).not.toBe(0);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^parley: cannot open the database \(PostgreSQL at 127\.0\.0\.1:1\): ECONNREFUSED/);
    noStackTrace(lines);
  });

  it('a data directory that cannot be used exits non-zero with one line naming PARLEY_DATA_DIR', async () => {
    const file = join(scratch, 'a-file');
    writeFileSync(file, 'not a directory');
    const { code, lines } = await start({ PARLEY_DATA_DIR: file });
    expect(code).not.toBe(0);
    expect(lines.filter((l) => l.includes('PARLEY_DATA_DIR'))).toEqual([`parley: PARLEY_DATA_DIR="${file}": ${file} is not a directory`]);
    noStackTrace(lines);
  });

  it('several bad values are all reported at once, one line each', async () => {
    const { code, lines } = await start({ PORT: '99999', PARLEY_TRUST_PROXY: 'yes', PARLEY_LOG_LEVEL: 'loud', PARLEY_PUBLIC_URL: 'comments.example.com' });
    expect(code).not.toBe(0);
    for (const name of ['PORT', 'PARLEY_TRUST_PROXY', 'PARLEY_LOG_LEVEL', 'PARLEY_PUBLIC_URL']) {
      expect(lines.filter((l) => l.startsWith(`parley: ${name}=`)), name).toHaveLength(1);
    }
    noStackTrace(lines);
  });
});
