import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// @ts-expect-error: a plain .mjs script (npm postinstall), no types
import { EDITS, patchPostgres } from '../../server/store/patch-postgres.mjs';
import { adminUrl, createTestDatabase, type TestDatabase } from '../helpers/database.ts';

/**
 * PostgreSQL only (tests/vitest.config.ts): the postgres.js defects our patch fixes, reproduced
 * deterministically on the driver itself. A query that dies after some rows (an error mid-stream,
 * or its connection killed by pg_terminate_backend as a restart or failover does) used to leave
 * the driver's row counter and error behind, so the next query resolved with leading holes
 * (`const [row] = rows` is undefined: a reader who exists reads as unknown) or failed with the old
 * query's FATAL error.
 */

type Edit = { find: string; replace: string; applied: string };
let database: TestDatabase;
let sql: postgres.Sql;
let admin: postgres.Sql;

beforeAll(async () => {
  database = await createTestDatabase('postgres');
  sql = postgres(database.url!, { max: 1, onnotice: () => {}, backoff: () => 0.01 });
  admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
  await sql`create table driver_rows (id int primary key)`;
  await sql`insert into driver_rows select g from generate_series(1, 5) g`;
});

afterAll(async () => {
  await sql?.end({ timeout: 1 });
  await admin?.end();
  await database?.close();
});

describe('postgres.js after a query dies mid-result', () => {
  it('the next query on the connection gets exactly its own rows after an error mid-stream', async () => {
    // Rows 1..4 are sent before row 5 divides by zero.
    await expect(sql`select 1 / (5 - g) as x from generate_series(1, 10) g`).rejects.toMatchObject({ code: '22012' });
    const rows = await sql`select id from driver_rows where id = ${3}`;
    expect(rows.length).toBe(1);
    expect(rows[0]).toEqual({ id: 3 });
  });

  it('after pg_terminate_backend kills a query that had sent rows, the next queries get their own rows, not holes or the old error', async () => {
    const pid = (await sql<{ pid: number }[]>`select pg_backend_pid() as pid`)[0]!.pid;
    // Two rows go out (a 20 kB value each fills the server's send buffer, so they are flushed), then
    // the query sleeps: the moment to kill it, as a restart does, is while its result is half sent.
    const dying = sql`select g, repeat('x', 20000) as pad, case when g = 3 then pg_sleep(30) end from generate_series(1, 5) g`;
    const failed = dying.then(
      () => null,
      (error: { code?: string }) => error.code ?? 'unknown',
    );
    await expect
      .poll(async () => (await admin`select wait_event from pg_stat_activity where pid = ${pid}`)[0]?.wait_event, { timeout: 10_000 })
      .toBe('PgSleep');
    await admin`select pg_terminate_backend(${pid})`;
    expect(await failed).not.toBeNull();

    for (const id of [1, 2, 4]) {
      const rows = await sql`select id from driver_rows where id = ${id}`;
      expect({ id, length: rows.length, first: rows[0] }).toEqual({ id, length: 1, first: { id } });
    }
  });
});

describe('the postgres.js patch script', () => {
  const here = dirname(createRequire(import.meta.url).resolve('postgres'));
  const installed = join(here, '..', '..'); // node_modules/postgres (cjs/src/index.js is the resolved entry)
  const files = ['src/connection.js', 'cjs/src/connection.js', 'cf/src/connection.js'];

  it('applies to an unpatched postgres.js, and a second run changes nothing', () => {
    const dir = mkdtempSync(join(tmpdir(), 'parley-pg-patch-'));
    try {
      cpSync(installed, dir, { recursive: true });
      // Undo every edit, newest first: what `npm ci` unpacks before postinstall runs.
      for (const file of files) {
        let text = readFileSync(join(dir, file), 'utf8');
        for (const edit of [...(EDITS as Edit[])].reverse()) text = text.replace(edit.replace, edit.find);
        expect(text).not.toContain('parley');
        writeFileSync(join(dir, file), text);
      }
      expect(patchPostgres(dir)).toBe(3);
      for (const file of files) expect(readFileSync(join(dir, file), 'utf8')).toBe(readFileSync(join(installed, file), 'utf8'));
      expect(patchPostgres(dir)).toBe(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
