import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importFile } from '../../server/services/migrate/import.ts';
import { client, createTestApp, type TestApp } from '../helpers/app.ts';
import { databaseFingerprint } from '../helpers/db-state.ts';
import { FIXTURES, importedComments } from '../helpers/migrate.ts';

const LINK = 'rel="nofollow ugc noopener noreferrer" target="_blank"';

// Every comment of the WordPress fixture that is imported: parent, status, author, date, sanitised body.
const WXR_EXPECTED = {
  'wxr:comment:101': { parent: null, status: 'approved', author: 'Zoë Ångström', email: 'zoe@example.com', url: 'https://zoe.example/', date: '2020-01-01T10:00:00.000Z', html: '<p>First!</p>\n<p>Second paragraph with <strong>bold</strong><br />\nand a line break.</p>' },
  'wxr:comment:102': { parent: 'wxr:comment:101', status: 'approved', author: 'محمد الأحمد', email: 'mohammed@example.com', url: null, date: '2020-01-01T10:05:00.000Z', html: '<p>&lt;script&gt;alert(1)&lt;/script&gt;مرحبا</p>' },
  'wxr:comment:103': { parent: 'wxr:comment:102', status: 'approved', author: 'Иван Петров', email: null, url: null, date: '2020-01-01T10:10:00.000Z', html: '<p>&lt;img /&gt;Nice <em>one</em></p>' },
  'wxr:comment:104': { parent: 'wxr:comment:103', status: 'approved', author: 'Zoë Ångström', email: 'zoe@example.com', url: null, date: '2020-01-01T10:15:00.000Z', html: `<p><a ${LINK}>click me</a> and quoted</p>` },
  'wxr:comment:105': { parent: 'wxr:comment:104', status: 'approved', author: 'Deep Diver', email: null, url: null, date: '2020-01-01T10:20:00.000Z', html: `<p>Five levels down. See <a href="https://example.org/page?a=1&amp;b=2" ${LINK}>this</a>.</p>` },
  'wxr:comment:106': { parent: null, status: 'pending', author: 'Held Back', email: null, url: null, date: '2020-01-02T09:00:00.000Z', html: '<p>Waiting for a moderator.</p>' },
  'wxr:comment:107': { parent: null, status: 'spam', author: 'Cheap Pills', email: null, url: 'http://spam.example/', date: '2020-01-02T09:30:00.000Z', html: '<p>Buy now</p>' },
  'wxr:comment:108': { parent: 'wxr:comment:101', status: 'deleted', author: 'Regretful', email: null, url: null, date: '2020-01-02T10:00:00.000Z', html: '<p>I take it back</p>' },
  'wxr:comment:111': { parent: null, status: 'approved', author: 'Lost Child', email: null, url: null, date: '2020-01-04T10:00:00.000Z', html: '<p>My parent is gone</p>' },
  'wxr:comment:113': { parent: null, status: 'deleted', author: 'Gone Root', email: null, url: null, date: '2020-01-05T10:00:00.000Z', html: '<p>Deleted, but answered</p>' },
  'wxr:comment:114': { parent: 'wxr:comment:113', status: 'approved', author: 'Answerer', email: null, url: null, date: '2020-01-05T11:00:00.000Z', html: '<p>An answer to a deleted comment</p>' },
  'wxr:comment:201': { parent: null, status: 'approved', author: 'שרה כהן', email: 'sara@example.com', url: null, date: '2019-06-01T08:00:00.000Z', html: '<p>שלום</p>' },
  'wxr:comment:202': { parent: null, status: 'approved', author: 'Anonymous', email: null, url: null, date: '2019-06-02T08:00:00.000Z', html: '<p>Nameless, local time only</p>' },
} as const;

const DISQUS_EXPECTED = {
  'disqus:post:9001': { parent: null, status: 'approved', author: 'שרה כהן', email: 'sara@example.com', date: '2021-05-01T09:00:00.000Z', html: '<p>Root comment</p><p>with two paragraphs</p>' },
  'disqus:post:9002': { parent: 'disqus:post:9001', status: 'approved', author: 'Иван', email: 'ivan@example.com', date: '2021-05-01T09:10:00.000Z', html: '<p>&lt;script&gt;alert(1)&lt;/script&gt;Reply one</p>' },
  'disqus:post:9003': { parent: 'disqus:post:9002', status: 'approved', author: 'محمد', email: null, date: '2021-05-01T09:20:00.000Z', html: '<p>&lt;img /&gt;Reply two</p>' },
  'disqus:post:9004': { parent: 'disqus:post:9003', status: 'approved', author: 'שרה כהן', email: 'sara@example.com', date: '2021-05-01T09:30:00.000Z', html: `<p><a ${LINK}>bad link</a> <a href="https://ok.example/" ${LINK}>good link</a> not a shortcode</p>` },
  'disqus:post:9005': { parent: 'disqus:post:9004', status: 'approved', author: 'Ngọc Ánh', email: null, date: '2021-05-01T09:40:00.000Z', html: '<p>Four deep</p>' },
  'disqus:post:9006': { parent: 'disqus:post:9001', status: 'deleted', author: 'Ghost', email: null, date: '2021-05-01T10:00:00.000Z', html: '<p>I was deleted</p>' },
  'disqus:post:9007': { parent: null, status: 'spam', author: 'Spammer', email: null, date: '2021-05-01T10:10:00.000Z', html: '<p>spam spam</p>' },
  'disqus:post:9008': { parent: null, status: 'pending', author: 'New Person', email: null, date: '2021-05-01T10:20:00.000Z', html: '<p>Awaiting approval</p>' },
  'disqus:post:9010': { parent: null, status: 'approved', author: 'Orphan', email: null, date: '2021-05-01T10:40:00.000Z', html: '<p>Parent unknown</p>' },
  'disqus:post:9012': { parent: null, status: 'approved', author: 'Иван', email: 'ivan@example.com', date: '2021-05-02T09:00:00.000Z', html: '<p>Hello on the quiet page</p>' },
} as const;

describe('importing a WordPress export', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());
  const run = (isDryRun: boolean, file = 'wordpress.wxr') => importFile(t.app.services, { site: 'demo', format: 'wxr', path: FIXTURES + file, isDryRun });

  it('a dry run writes nothing and reports what the real import then does', async () => {
    const before = await databaseFingerprint(t.database);
    const dry = await run(true);
    expect(await databaseFingerprint(t.database)).toEqual(before);
    const real = await run(false);
    expect({ ...dry, isDryRun: false }).toEqual(real);
    expect(real.pages).toEqual({ total: 2, created: 2, existing: 0 });
    expect(real.comments).toEqual({ total: 13, created: 13, unchanged: 0, byStatus: { approved: 9, pending: 1, rejected: 0, spam: 1, deleted: 2 } });
    expect(real.skipped).toEqual({ pingback: 1, trackback: 1 });
    expect(real.skippedItems).toEqual([
      { id: 'wxr:comment:109', reason: 'pingback' },
      { id: 'wxr:comment:110', reason: 'trackback' },
    ]);
    expect(real.problems).toEqual([
      { id: 'wxr:comment:112', kind: 'bad_date', message: expect.stringContaining('not imported') },
      { id: 'wxr:comment:111', kind: 'orphaned_parent', message: expect.stringContaining('wxr:comment:999') },
      { id: 'wxr:comment:202', kind: 'date_not_gmt', message: expect.any(String) },
    ]);
  });

  it('every imported comment keeps its parent, status, author, date, and a sanitised body', async () => {
    const rows = await importedComments(t.app);
    expect([...rows.keys()].sort()).toEqual(Object.keys(WXR_EXPECTED).sort());
    for (const [id, want] of Object.entries(WXR_EXPECTED)) {
      const got = rows.get(id)!;
      expect({ id, parent: got.parentSourceId, status: got.status, author: got.authorName, email: got.email, url: got.authorUrl, date: got.createdAt, html: got.bodyHtml }).toEqual({ id, ...want });
      expect(got.bodyHtml).not.toMatch(/<(script|img)|onerror=|javascript:|\[\/?(quote|caption|gallery)/i);
    }
    expect(rows.get('wxr:comment:105')!.depth).toBe(4);
    expect(rows.get('wxr:comment:105')).toMatchObject({ upvotes: 3, downvotes: 1, bodyMd: 'Five levels down. See [this](https://example.org/page?a=1&b=2).' });
    expect(rows.get('wxr:comment:201')).toMatchObject({ upvotes: 0, downvotes: 2, pageKey: '/about/' });
  });

  it('the widget API shows the imported thread at once, with its count, nesting and placeholders', async () => {
    const res = await client(t.app).get('/api/v1/threads?site=demo&page=/2020/01/hello-world/&limit=50');
    expect(res.status).toBe(200);
    expect(res.body.page).toMatchObject({ title: 'Hello world', url: 'https://old.example/2020/01/hello-world/', commentCount: 7 });
    const shown = res.body.comments.map((c: { author: { name: string }; depth: number; status: string }) => [c.author.name, c.depth, c.status]);
    expect(shown).toEqual([
      ['Zoë Ångström', 0, 'approved'],
      ['محمد الأحمد', 1, 'approved'],
      ['Иван Петров', 2, 'approved'],
      ['Zoë Ångström', 3, 'approved'],
      ['Lost Child', 0, 'approved'],
      ['', 0, 'deleted'],
      ['Answerer', 1, 'approved'],
    ].map(([name, depth, status]) => (status === 'deleted' ? [expect.any(String), depth, status] : [name, depth, status])));
    // The first three replies come with the page; the fifth level is one "more replies" away.
    const root = res.body.comments[0];
    const more = await client(t.app).get(`/api/v1/comments/${root.id}/replies?limit=50`);
    expect(more.body.comments.map((c: { author: { name: string }; depth: number }) => [c.author.name, c.depth])).toContainEqual(['Deep Diver', 4]);
    const about = await client(t.app).get('/api/v1/threads?site=demo&page=/about/');
    expect(about.body.page).toMatchObject({ commentCount: 2, isLocked: true });
  });

  it('importing the same file again changes no row and says so', async () => {
    const before = await databaseFingerprint(t.database);
    const again = await run(false);
    expect(await databaseFingerprint(t.database)).toEqual(before);
    expect(again.comments).toMatchObject({ total: 13, created: 0, unchanged: 13 });
    expect(again.pages).toEqual({ total: 2, created: 0, existing: 2 });
  });

  it.each([
    ['malformed.wxr', /not well-formed XML/],
    ['entity-bomb.wxr', /declares XML entities/],
    ['external-dtd.wxr', /external DTD/],
  ])('%s is refused with a clear message and nothing written', async (file, message) => {
    const before = await databaseFingerprint(t.database);
    await expect(run(false, file)).rejects.toMatchObject({ code: 'import_refused', status: 422, message: expect.stringMatching(message) });
    await expect(run(true, file)).rejects.toMatchObject({ code: 'import_refused' });
    expect(await databaseFingerprint(t.database)).toEqual(before);
  });
});

describe('importing a Disqus export', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());
  const run = (isDryRun: boolean, file = 'disqus.xml') => importFile(t.app.services, { site: 'demo', format: 'disqus', path: FIXTURES + file, isDryRun });

  it('a dry run writes nothing and matches the real import, which maps every post', async () => {
    const before = await databaseFingerprint(t.database);
    const dry = await run(true);
    expect(await databaseFingerprint(t.database)).toEqual(before);
    const real = await run(false);
    expect({ ...dry, isDryRun: false }).toEqual(real);
    expect(real.comments).toEqual({ total: 10, created: 10, unchanged: 0, byStatus: { approved: 7, pending: 1, rejected: 0, spam: 1, deleted: 1 } });
    expect(real.skippedItems).toEqual([{ id: 'disqus:post:9009', reason: 'missing_thread' }]);
    expect(real.problems.map((p) => [p.id, p.kind])).toEqual([
      ['disqus:post:9011', 'bad_date'],
      ['disqus:post:9010', 'orphaned_parent'],
    ]);

    const rows = await importedComments(t.app);
    expect([...rows.keys()].sort()).toEqual(Object.keys(DISQUS_EXPECTED).sort());
    for (const [id, want] of Object.entries(DISQUS_EXPECTED)) {
      const got = rows.get(id)!;
      expect({ id, parent: got.parentSourceId, status: got.status, author: got.authorName, email: got.email, date: got.createdAt, html: got.bodyHtml }).toEqual({ id, ...want });
    }
    expect(rows.get('disqus:post:9005')!.depth).toBe(4);
    expect(rows.get('disqus:post:9012')!.pageKey).toBe('/quiet/');
  });

  it('importing it again changes no row', async () => {
    const before = await databaseFingerprint(t.database);
    const again = await run(false);
    expect(again.comments).toMatchObject({ created: 0, unchanged: 10 });
    expect(await databaseFingerprint(t.database)).toEqual(before);
  });

  it('an external entity is refused before anything is read or written', async () => {
    const before = await databaseFingerprint(t.database);
    await expect(run(false, 'external-entity.xml')).rejects.toMatchObject({ code: 'import_refused', message: expect.stringMatching(/entities/) });
    expect(await databaseFingerprint(t.database)).toEqual(before);
  });
});
