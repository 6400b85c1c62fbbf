import { writeFileSync } from 'node:fs';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rowsOf } from '../../server/store/comments.ts';
import { eraseReader } from '../../server/services/migrate/erase.ts';
import { exportSite } from '../../server/services/migrate/export.ts';
import { importFile } from '../../server/services/migrate/import.ts';
import { exportReader } from '../../server/services/migrate/reader-export.ts';
import { insertSite } from '../../server/store/sites.ts';
import { client, createTestApp, type TestApp } from '../helpers/app.ts';
import { FIXTURES } from '../helpers/migrate.ts';
import { bulkSettings } from '../helpers/rows.ts';

async function exportText(t: TestApp, slug: string): Promise<string> {
  let out = '';
  await exportSite(t.app.services, slug, (chunk) => {
    out += chunk;
  });
  return out;
}

/** A site's threads as rows, without ids: what must survive a move to another server. */
async function threadRows(t: TestApp, slug: string) {
  const result = await t.app.services.database.db.execute(sql`
    select p.key, p.url, p.title, p.locked, p.comment_count as "pageCount",
           c.created_at as "createdAt", parent.created_at as "parentCreatedAt", c.depth, c.status, c.visible,
           c.author_name as "authorName", c.author_url as "authorUrl", r.email, c.body_md as "bodyMd", c.body_html as "bodyHtml",
           c.upvotes, c.downvotes, c.score, c.reply_count as "replyCount", c.descendant_count as "descendantCount", c.pinned, c.edited_at as "editedAt"
    from comments c join pages p on p.id = c.page_id join sites s on s.id = p.site_id and s.slug = ${slug}
    join readers r on r.id = c.reader_id left join comments parent on parent.id = c.parent_id
    order by p.key, c.created_at, c.body_md`);
  return rowsOf<Record<string, unknown>>(result).map((r) => JSON.parse(JSON.stringify(r)));
}

describe('export and import back, then erase a reader', () => {
  let t: TestApp;
  let dir: string;
  const api = () => client(t.app);
  beforeAll(async () => {
    t = await createTestApp({ settings: bulkSettings });
    dir = mkdtempSync(join(tmpdir(), 'parley-export-'));
    await importFile(t.app.services, { site: 'demo', format: 'wxr', path: FIXTURES + 'wordpress.wxr', isDryRun: false });
  });
  afterAll(() => t.close());

  it('exporting a site and importing it into a fresh site gives the same threads, row by row', async () => {
    // Some comments written on Parley too, with a vote, beside the imported ones.
    const alice = await api().reader();
    const bob = await api().reader();
    const root = await api().comment(alice, { page: '/article', body: 'Live **root**', name: 'Alice', email: 'alice@example.com' });
    t.clock.advance(60_000);
    await api().comment(bob, { page: '/article', body: 'A reply', name: 'Bob', parentId: root.body.comment.id });
    expect((await api().put(`/api/v1/comments/${root.body.comment.id}/vote`, { value: 1 }, { token: bob })).status).toBe(200);

    const text = await exportText(t, 'demo');
    const file = join(dir, 'demo.json');
    writeFileSync(file, text);
    expect(JSON.parse(text)).toMatchObject({ format: 'parley-export', version: 1, site: { slug: 'demo' } });

    await insertSite(t.app.services.database.db, { slug: 'fresh', name: 'Fresh', allowedOrigins: [] });
    const report = await importFile(t.app.services, { site: 'fresh', format: 'parley', path: file, isDryRun: false });
    expect(report.problems).toEqual([]);
    expect(report.comments.created).toBe(15);
    expect(await threadRows(t, 'fresh')).toEqual(await threadRows(t, 'demo'));

    const again = await importFile(t.app.services, { site: 'fresh', format: 'parley', path: file, isDryRun: false });
    expect(again.comments).toMatchObject({ created: 0, unchanged: 15 });
  });

  it("export, erase, export: the reader's data is gone and their replies still hang in place", async () => {
    const zoe = await exportReader(t.app.services, 'demo', { email: 'zoe@example.com' });
    expect(zoe.readers).toMatchObject([{ name: 'Zoë Ångström', email: 'zoe@example.com' }]);
    expect(zoe.comments.map((c) => c.bodyMd)).toEqual(['First!\n\nSecond paragraph with **bold**  \nand a line break.', 'click me and quoted']);
    const pageId = rowsOf<{ id: number }>(await t.app.services.database.db.execute(sql`select id from pages where key = '/2020/01/hello-world/'`))[0]!.id;
    await t.app.services.database.db.execute(
      sql`insert into subscriptions (page_id, email, kind, token_hash) values (${pageId}, 'zoe@example.com', 'page', 'x'), (${pageId}, 'other@example.com', 'page', 'y')`,
    );
    await t.app.services.database.db.execute(sql`update comments set ip_hash = 'h' where author_name = 'Zoë Ångström'`);
    const before = JSON.parse(await exportText(t, 'demo'));

    expect(await eraseReader(t.app.services, 'demo', { email: 'ZOE@example.com' })).toEqual({ readers: 1, comments: 2, subscriptions: 1 });

    const afterText = await exportText(t, 'demo');
    expect(afterText).not.toMatch(/Zoë|zoe@example\.com|zoe\.example|First!|click me/);
    const after = JSON.parse(afterText);
    const hello = (doc: typeof before) => doc.pages.find((p: { key: string }) => p.key === '/2020/01/hello-world/');
    // Same comments, same parents: the thread keeps its shape around the two placeholders.
    expect(hello(after).comments.map((c: { id: number; parentId: number | null }) => [c.id, c.parentId])).toEqual(
      hello(before).comments.map((c: { id: number; parentId: number | null }) => [c.id, c.parentId]),
    );
    const erased = hello(after).comments.filter((c: { status: string; bodyMd: string }) => c.status === 'deleted' && c.bodyMd === '' );
    expect(erased).toHaveLength(2);
    expect(erased.every((c: { author: object }) => JSON.stringify(c.author) === JSON.stringify({ name: '', email: null, url: null }))).toBe(true);

    await expect(exportReader(t.app.services, 'demo', { email: 'zoe@example.com' })).rejects.toMatchObject({ code: 'not_found' });
    const left = rowsOf<{ n: number }>(await t.app.services.database.db.execute(sql`select count(*)::int as n from comments c join pages p on p.id = c.page_id join sites s on s.id = p.site_id and s.slug = 'demo' where c.ip_hash is not null or c.author_name = 'Zoë Ångström'`));
    expect(left[0]!.n).toBe(0);
    const subs = rowsOf<{ email: string }>(await t.app.services.database.db.execute(sql`select email from subscriptions`));
    expect(subs).toEqual([{ email: 'other@example.com' }]);

    // The replies under the erased comments are still on the page, under placeholders.
    const thread = await api().get('/api/v1/threads?site=demo&page=/2020/01/hello-world/&limit=50');
    expect(thread.body.comments.map((c: { depth: number; status: string }) => [c.depth, c.status]).slice(0, 4)).toEqual([
      [0, 'deleted'],
      [1, 'approved'],
      [2, 'approved'],
      [3, 'deleted'],
    ]);
    const more = await api().get(`/api/v1/comments/${thread.body.comments[0].id}/replies?limit=50`);
    expect(more.body.comments.map((c: { depth: number; status: string }) => [c.depth, c.status])).toContainEqual([4, 'approved']);
    expect(thread.body.page.commentCount).toBe(5);

    const audit = rowsOf<{ action: string; before: unknown; after: unknown }>(await t.app.services.database.db.execute(sql`select action, before, after from audit_log where action = 'reader.erase'`));
    expect(audit).toHaveLength(1);
    expect(JSON.stringify(audit)).not.toMatch(/zoe|Zoë/i);
  });
});
