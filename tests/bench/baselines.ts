import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import postgres from 'postgres';
import { startServer } from './child.ts';
import { load, SECONDS, type LoadResult } from './load.ts';

/** The bar for reads: a bare Hono route on @hono/node-server, loaded exactly like the API. */
export async function measureBareHono(): Promise<LoadResult> {
  const server = await startServer({ mode: 'bare' });
  try {
    await load({ url: `${server.url}/bare`, duration: 1 }); // warm-up
    return await load({ url: `${server.url}/bare` });
  } finally {
    await server.stop();
  }
}

/** The bar for writes: single-row INSERT commits per second, 10 at a time, through postgres.js. */
export async function measurePostgresCommits(url: string): Promise<number> {
  const sql = postgres(url, { max: 10, onnotice: () => {} });
  try {
    await sql`create table bench_commits (id bigserial primary key, body text not null, created_at timestamptz not null default now())`;
    let commits = 0;
    const end = Date.now() + SECONDS * 1000;
    await Promise.all(
      Array.from({ length: 10 }, async () => {
        while (Date.now() < end) {
          await sql`insert into bench_commits (body) values (${`commit ${commits}`})`;
          commits++;
        }
      }),
    );
    return commits / SECONDS;
  } finally {
    await sql.end({ timeout: 5 });
  }
}

/** The same for PGlite: one embedded connection, on disk as `npm start` keeps it. */
export async function measurePgliteCommits(): Promise<number> {
  const dir = mkdtempSync(join(tmpdir(), 'parley-bench-commits-'));
  const db = new PGlite(dir);
  try {
    await db.exec('create table bench_commits (id bigserial primary key, body text not null, created_at timestamptz not null default now())');
    let commits = 0;
    const end = Date.now() + SECONDS * 1000;
    while (Date.now() < end) {
      await db.query('insert into bench_commits (body) values ($1)', [`commit ${commits}`]);
      commits++;
    }
    return commits / SECONDS;
  } finally {
    await db.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
