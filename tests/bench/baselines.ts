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

/**
 * The bar for writes: what PostgreSQL itself commits for the same rows, 10 clients at a time,
 * through postgres.js: a comment insert and its page's counter in one transaction, the four
 * statements pgbench would send (begin, insert, update, commit).
 *
 * `comments` (the bar): the same insert, into copies of Parley's own `comments` and `pages` tables
 * (`like … including all`: every index, partial ones included, defaults and checks) with the
 * comment's foreign keys to its page and reader, so PostgreSQL maintains what a real post makes it
 * maintain. `bare`: the same columns into a table with only its primary key and no foreign key,
 * the bar the bench used before; printed beside it as a second reference.
 */
export async function measurePostgresCommits(url: string, tables: 'comments' | 'bare' = 'comments'): Promise<number> {
  const sql = postgres(url, { max: 10, onnotice: () => {} });
  try {
    // Measured more than once per run (before each write run): each time on fresh tables.
    await sql`drop table if exists bench_comments, bench_pages, bench_readers`;
    if (tables === 'comments') {
      await sql`create table bench_pages (like pages including all)`;
      await sql`create table bench_readers (like readers including all)`;
      await sql`create table bench_comments (like comments including all)`;
      await sql`alter table bench_comments add foreign key (page_id) references bench_pages (id) on delete cascade, add foreign key (reader_id) references bench_readers (id)`;
      await sql`insert into bench_pages (id, site_id, key) select g, 1, 'bench-' || g from generate_series(0, 99) g`;
      await sql`insert into bench_readers (id, site_id, token_hash, name) select g, 1, 'bench-' || g, 'Reader ' || g from generate_series(0, 199) g`;
    } else {
      await sql`create table bench_pages (id int primary key, comment_count int not null default 0, version int not null default 0)`;
      await sql`insert into bench_pages (id) select g from generate_series(0, 99) g`;
      await sql`create table bench_comments (id bigserial primary key, page_id int not null, path text not null, author_name text not null,
                body_md text not null, body_html text not null, status text not null, created_at timestamptz not null default now())`;
    }
    const [{ id: firstId }] = await sql<[{ id: string }]>`select coalesce(max(id), 0) + 1 as id from comments`;
    let commits = 0;
    const end = Date.now() + SECONDS * 1000;
    await Promise.all(
      Array.from({ length: 10 }, async () => {
        while (Date.now() < end) {
          const n = commits++;
          await sql.begin(async (tx) => {
            if (tables === 'comments') {
              // The columns and values a top-level approved post writes (store/comment-post.ts).
              const id = Number(firstId) + 1_000_000_000 + n;
              await tx`insert into bench_comments (id, page_id, parent_id, root_id, depth, path, reader_id, author_name, is_guest, body_md, body_html, status, visible, reasons, anchor, ip_hash, created_at)
                       values (${id}, ${n % 100}, null, ${id}, 0, ${String(id).padStart(12, '0')}, ${n % 200}, ${`Reader ${n % 200}`}, true,
                               ${`Bench comment ${n}: a few words that say something.`}, ${`<p>Bench comment ${n}: a few words that say something.</p>`},
                               'approved', true, '{}', null, ${`ip-${n}`}, now())`;
            } else {
              await tx`insert into bench_comments (page_id, path, author_name, body_md, body_html, status)
                       values (${n % 100}, ${String(n).padStart(12, '0')}, ${'Reader'}, ${`Bench comment ${n}`}, ${`<p>Bench comment ${n}</p>`}, 'approved')`;
            }
            await tx`update bench_pages set comment_count = comment_count + 1, version = version + 1 where id = ${n % 100}`;
          });
        }
      }),
    );
    return commits / SECONDS;
  } finally {
    await sql`drop table if exists bench_comments, bench_pages, bench_readers`.catch(() => {});
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
