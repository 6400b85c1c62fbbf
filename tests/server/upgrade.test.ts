import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, describe, expect, it } from 'vitest';
import { createApp } from '../../server/app.ts';
import { migrateDatabase, migrationState, type Database } from '../../server/store/db.ts';
import { PUBLIC_URL } from '../helpers/app.ts';
import { createTestDatabase, testDbKind } from '../helpers/database.ts';

const migrations = new URL('../../migrations', import.meta.url).pathname;
const journal = JSON.parse(readFileSync(join(migrations, 'meta', '_journal.json'), 'utf8')) as { entries: unknown[] };
const scratch = mkdtempSync(join(tmpdir(), 'parley-upgrade-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** The migrations folder as an earlier release shipped it: its first `n` migrations. */
function firstMigrations(n: number): string {
  const dir = join(scratch, `first-${n}`);
  cpSync(migrations, dir, { recursive: true });
  writeFileSync(join(dir, 'meta', '_journal.json'), JSON.stringify({ ...journal, entries: journal.entries.slice(0, n) }));
  return dir;
}

const rows = <T>(result: unknown): T[] => (Array.isArray(result) ? result : (result as { rows: T[] }).rows) as T[];
const count = async (database: Database, table: string) =>
  Number(rows<{ n: number }>(await database.db.execute(sql.raw(`select count(*)::int as n from ${table}`)))[0]!.n);

/**
 * Data as the first release wrote it, in that release's columns (0000_init): a site, a page, two
 * readers, a comment with a reply, a vote. Written in SQL, not through today's code, which may
 * name columns the old schema does not have.
 */
async function seedFirstRelease(database: Database) {
  const statements = `
    insert into sites (id, slug, name, allowed_origins, settings) values (1, 'news', 'The Daily', '{https://news.example}', '{"moderationMode":"none"}');
    insert into pages (id, site_id, key, title, comment_count, version) values (1, 1, '/old-story', 'An old story', 2, 3);
    insert into readers (id, site_id, token_hash, name, approved_count) values (1, 1, 'hash-one', 'Ada', 1), (2, 1, 'hash-two', 'Bo', 1);
    insert into comments (id, page_id, parent_id, root_id, depth, path, reader_id, author_name, body_md, body_html, status, visible, upvotes, score, reply_count, descendant_count)
      values (1, 1, null, 1, 0, '000000000001', 1, 'Ada', 'First *words*', '<p>First <em>words</em></p>', 'approved', true, 1, 1, 1, 1),
             (2, 1, 1, 1, 1, '000000000001000000000002', 2, 'Bo', 'A reply', '<p>A reply</p>', 'approved', true, 0, 0, 0, 0);
    insert into votes (comment_id, reader_id, value) values (1, 2, 1);
    select setval(pg_get_serial_sequence('comments', 'id'), 2);
    select setval(pg_get_serial_sequence('pages', 'id'), 1);
    select setval(pg_get_serial_sequence('sites', 'id'), 1);
    select setval(pg_get_serial_sequence('readers', 'id'), 2);`;
  for (const statement of statements.split(';\n')) if (statement.trim()) await database.db.execute(sql.raw(statement));
}

// From the first release, and from the one before the newest migration: stays valid as migrations are added.
const starts = [...new Set([1, Math.max(1, journal.entries.length - 1)])];

describe('upgrading a database from an earlier release', () => {
  it.each(starts)('from the first %i migration(s) to today keeps every comment, vote and count', async (n) => {
    const database = await createTestDatabase(testDbKind, { migrate: false });
    try {
      await migrateDatabase(database, firstMigrations(n));
      expect(await migrationState(database)).toEqual({ expected: journal.entries.length, applied: n });
      await seedFirstRelease(database);

      await migrateDatabase(database);
      expect(await migrationState(database)).toEqual({ expected: journal.entries.length, applied: journal.entries.length });
      for (const [table, n] of [['sites', 1], ['pages', 1], ['readers', 2], ['comments', 2], ['votes', 1]] as const) {
        expect(await count(database, table), table).toBe(n);
      }

      // Today's code reads the old rows: the thread, its reply, counts, and accepts a new comment.
      const app = createApp({ database, config: { publicUrl: PUBLIC_URL } });
      await app.ready;
      expect((await app.request('/readyz')).status).toBe(200);
      const thread = await app.request('/api/v1/threads?site=news&page=/old-story');
      expect(thread.status).toBe(200);
      const body = (await thread.json()) as { comments: Array<{ id: number; bodyHtml?: string; html?: string; authorName?: string; parentId: number | null }> };
      expect(body.comments.map((c) => c.id)).toEqual([1, 2]);
      expect(JSON.stringify(body.comments[0])).toContain('<p>First <em>words</em></p>');
      const counts = await app.request('/api/v1/counts?site=news&page=/old-story');
      expect(await counts.json()).toEqual({ counts: { '/old-story': 2 } });
      const reader = await app.request('/api/v1/readers', {
        method: 'POST',
        headers: { 'content-type': 'application/json', origin: 'https://news.example' },
        body: JSON.stringify({ site: 'news' }),
      });
      const { token } = (await reader.json()) as { token: string };
      const posted = await app.request('/api/v1/comments', {
        method: 'POST',
        headers: { 'content-type': 'application/json', origin: 'https://news.example', authorization: `Bearer ${token}` },
        body: JSON.stringify({ site: 'news', page: '/old-story', parentId: 1, body: 'After the upgrade', author: { name: 'Cy' } }),
      });
      expect(posted.status, await posted.clone().text()).toBe(201);
      expect(((await posted.json()) as { comment: { id: number } }).comment.id).toBe(3);
      await app.close();
    } finally {
      await database.close();
    }
  });
});
