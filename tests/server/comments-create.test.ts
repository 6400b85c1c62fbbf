import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { client, createTestApp, setSiteSettings, type TestApp } from '../helpers/app.ts';
import { bulkSettings, countRows, errorShape, storedComment } from '../helpers/rows.ts';

let t: TestApp;
let api: ReturnType<typeof client>;
beforeAll(async () => {
  t = await createTestApp({ settings: bulkSettings });
  api = client(t.app);
});
afterAll(() => t.close());

describe('posting a comment', () => {
  it('answers 201 with the approved comment, creates the page and counts it', async () => {
    const token = await api.reader();
    const res = await api.call('POST', '/api/v1/comments', {
      token,
      body: {
        site: 'demo',
        page: '/new-page',
        url: 'https://news.example/new-page',
        title: 'A new page',
        body: 'First!',
        author: { name: '  Ann  ', email: 'Ann@Example.com' },
        anchor: { exact: 'the passage', prefix: 'before ', suffix: ' after', start: 7, end: 18, page: '/new-page' },
      },
    });
    expect(res.status).toBe(201);
    expect(res.body.status).toBe('approved');
    expect(res.body.reasons).toEqual([]);
    expect(res.body.comment).toMatchObject({
      parentId: null,
      depth: 0,
      author: { name: 'Ann', isGuest: true },
      bodyHtml: '<p>First!</p>',
      status: 'approved',
      upvotes: 0,
      downvotes: 0,
      score: 0,
      replyCount: 0,
      isPinned: false,
      editedAt: null,
      anchor: { exact: 'the passage', prefix: 'before ', suffix: ' after', start: 7, end: 18 },
    });
    expect(res.body.comment.rootId).toBe(res.body.comment.id);
    expect(res.body.comment.createdAt).toBe(t.clock.now().toISOString());
    const stored = await storedComment(t.app, res.body.comment.id);
    expect(stored?.authorName).toBe('Ann');
    const me = await api.get('/api/v1/me?site=demo&page=/new-page', { token });
    expect(me.body.reader).toMatchObject({ name: 'Ann', email: 'ann@example.com' });
    const counts = await api.get('/api/v1/counts?site=demo&page=/new-page');
    expect(counts.body.counts['/new-page']).toBe(1);
  });

  it('ten first comments racing on a new page make one page that counts all ten', async () => {
    const tokens = await Promise.all(Array.from({ length: 10 }, () => api.reader()));
    const results = await Promise.all(tokens.map((token, i) => api.comment(token, { page: '/race-new-page', body: `racer ${i}` })));
    expect(results.map((r) => r.status)).toEqual(Array(10).fill(201));
    const { pages } = await import('../../server/store/schema/index.ts');
    const { eq } = await import('drizzle-orm');
    const rows = await t.app.services.database.db.select().from(pages).where(eq(pages.key, '/race-new-page'));
    expect(rows).toHaveLength(1);
    expect(rows[0]!.commentCount).toBe(10);
  });

  it('a reply counts on the page, its parent and its root', async () => {
    const token = await api.reader();
    const root = (await api.comment(token, { page: '/reply-counts', body: 'root' })).body.comment.id;
    const child = (await api.comment(token, { page: '/reply-counts', body: 'child', parentId: root })).body.comment;
    const grandchild = (await api.comment(token, { page: '/reply-counts', body: 'grandchild', parentId: child.id })).body.comment;
    expect(child).toMatchObject({ parentId: root, rootId: root, depth: 1 });
    expect(grandchild).toMatchObject({ parentId: child.id, rootId: root, depth: 2 });
    const thread = await api.get('/api/v1/threads?site=demo&page=/reply-counts');
    expect(thread.body.page.commentCount).toBe(3);
    expect(thread.body.comments.map((c: { replyCount: number; descendantCount: number }) => [c.replyCount, c.descendantCount])).toEqual([
      [1, 2],
      [1, 0],
      [0, 0],
    ]);
  });

  it('a reply to a comment on another page is a 404 and nothing is stored', async () => {
    const token = await api.reader();
    const elsewhere = (await api.comment(token, { page: '/page-a', body: 'on page a' })).body.comment.id;
    const before = await countRows(t.app);
    const res = await api.comment(token, { page: '/page-b', body: 'reply across pages', parentId: elsewhere });
    expect(res.status).toBe(404);
    expect(res.body).toEqual({ error: { code: 'parent_not_found', message: expect.any(String), field: 'parentId' } });
    expect(await countRows(t.app)).toEqual(before);
  });

  it('a reply to a missing or held comment is a 404 and nothing is stored', async () => {
    const token = await api.reader();
    await setSiteSettings(t.app, 'demo', { moderationMode: 'all' });
    const held = (await api.comment(token, { page: '/held-parent', body: 'held' })).body.comment.id;
    await setSiteSettings(t.app, 'demo', { moderationMode: 'none' });
    const before = await countRows(t.app);
    for (const parentId of [held, 987654321]) {
      const res = await api.comment(await api.reader(), { page: '/held-parent', body: `reply to ${parentId}`, parentId });
      expect(res.status).toBe(404);
      expect(res.body).toEqual(errorShape('parent_not_found'));
    }
    // Only the two readers we just made are new.
    expect(await countRows(t.app)).toEqual({ ...before, readers: before.readers + 2 });
  });

  it('without a token the answer is 401 reader_required, with an unknown one 401 reader_unknown, and nothing is stored', async () => {
    const before = await countRows(t.app);
    for (const [token, code] of [[undefined, 'reader_required'], ['not-a-real-token', 'reader_unknown']] as const) {
      const res = await api.call('POST', '/api/v1/comments', {
        ...(token ? { token } : {}),
        body: { site: 'demo', page: '/no-token', body: 'who am I', author: { name: 'X' } },
      });
      expect(res.status).toBe(401);
      expect(res.body).toEqual(errorShape(code));
    }
    expect(await countRows(t.app)).toEqual(before);
  });

  it('a site that requires an e-mail refuses a comment without one', async () => {
    await setSiteSettings(t.app, 'demo', { requireEmail: true });
    const token = await api.reader();
    const before = await countRows(t.app);
    const res = await api.comment(token, { page: '/email', body: 'no e-mail given' });
    await setSiteSettings(t.app, 'demo', { requireEmail: false });
    expect(res.status).toBe(422);
    expect(res.body.error).toMatchObject({ code: 'validation', field: 'author.email' });
    expect(await countRows(t.app)).toEqual(before);
  });

  it('a comment on a locked page is refused with 403', async () => {
    const token = await api.reader();
    await api.comment(token, { page: '/locked', body: 'before the lock' });
    const { findPage, setPageLocked } = await import('../../server/store/pages.ts');
    const site = await t.app.services.sites.get('demo');
    const page = (await findPage(t.app.services.database.db, site.id, '/locked'))!;
    await setPageLocked(t.app.services.database.db, page.id, true);
    const before = await countRows(t.app);
    const res = await api.comment(token, { page: '/locked', body: 'after the lock' });
    expect(res.status).toBe(403);
    expect(res.body).toEqual(errorShape('page_locked'));
    expect(await countRows(t.app)).toEqual(before);
  });
});
