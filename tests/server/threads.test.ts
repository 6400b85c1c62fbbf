import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setCommentStatus } from '../../server/store/comments.ts';
import { client, createTestApp, type TestApp } from '../helpers/app.ts';
import { bulkSettings, errorShape, storedComment } from '../helpers/rows.ts';

let t: TestApp;
let api: ReturnType<typeof client>;
beforeAll(async () => {
  t = await createTestApp({ settings: bulkSettings });
  api = client(t.app);
});
afterAll(() => t.close());

const thread = (page: string, query = '') => api.get(`/api/v1/threads?site=demo&page=${encodeURIComponent(page)}${query}`);

async function post(token: string, page: string, body: string, parentId?: number): Promise<number> {
  const res = await api.comment(token, { page, body, ...(parentId ? { parentId } : {}) });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body.comment.id as number;
}

describe('reply order inside a thread', () => {
  it('replies follow their root depth-first in creation order, the first three of each root inline', async () => {
    const page = '/order';
    const [alice, bob] = [await api.reader(), await api.reader()];
    const root1 = await post(alice, page, 'root one');
    const root2 = await post(bob, page, 'root two');
    const a = await post(bob, page, 'reply a', root1);
    const b = await post(alice, page, 'reply b', root1);
    const a1 = await post(alice, page, 'reply a1 (to a)', a);
    const c = await post(bob, page, 'reply c', root1);
    const r2a = await post(alice, page, 'reply to root two', root2);

    const res = await thread(page);
    expect(res.status).toBe(200);
    const shown = res.body.comments.map((x: { id: number; parentId: number | null; depth: number }) => [x.id, x.parentId, x.depth]);
    // Depth-first: a, then a's reply a1, then b; c is the fourth reply and waits for "load more".
    expect(shown).toEqual([
      [root1, null, 0],
      [a, root1, 1],
      [a1, a, 2],
      [b, root1, 1],
      [root2, null, 0],
      [r2a, root2, 1],
    ]);
    const first = res.body.comments[0];
    expect(first.replyCount).toBe(3);
    expect(first.descendantCount).toBe(4);
    expect(res.body.page.commentCount).toBe(7);
    expect(c).toBeGreaterThan(a1);
  });

  it('a reply past the deepest level joins its parent’s level', async () => {
    const page = '/deep';
    const token = await api.reader();
    let parent = await post(token, page, 'level 0');
    const ids = [parent];
    for (let level = 1; level <= 6; level++) {
      parent = await post(token, page, `level ${level}`, parent);
      ids.push(parent);
    }
    const replies = await api.get(`/api/v1/comments/${ids[0]}/replies`);
    const depths = replies.body.comments.map((x: { depth: number }) => x.depth);
    // maxDepth 5 means depths 0–4; deeper replies stay at 4, each under the last one that fits.
    expect(depths).toEqual([1, 2, 3, 4, 4, 4]);
  });
});

describe('sorting top-level comments', () => {
  const page = '/sorts';
  const ids: Record<string, number> = {};

  beforeAll(async () => {
    const author = await api.reader();
    for (const name of ['a', 'b', 'c', 'd', 'e']) ids[name] = await post(author, page, `comment ${name}`);
    const voters = [await api.reader(), await api.reader()];
    // a and c score 2, e scores 1, b and d score 0 (d with one up and one down).
    for (const v of voters) {
      for (const name of ['a', 'c']) expect((await api.put(`/api/v1/comments/${ids[name]}/vote`, { value: 1 }, { token: v })).status).toBe(200);
    }
    await api.put(`/api/v1/comments/${ids.e}/vote`, { value: 1 }, { token: voters[0] });
    await api.put(`/api/v1/comments/${ids.d}/vote`, { value: 1 }, { token: voters[0] });
    await api.put(`/api/v1/comments/${ids.d}/vote`, { value: -1 }, { token: voters[1] });
  });

  const order = async (sort: string) => (await thread(page, `&sort=${sort}`)).body.comments.map((x: { id: number }) => x.id);

  it('oldest lists in posting order', async () => {
    expect(await order('oldest')).toEqual(['a', 'b', 'c', 'd', 'e'].map((n) => ids[n]));
  });

  it('newest lists in reverse posting order', async () => {
    expect(await order('newest')).toEqual(['e', 'd', 'c', 'b', 'a'].map((n) => ids[n]));
  });

  it('most voted breaks ties on score newest first, the same way every time', async () => {
    const expected = ['c', 'a', 'e', 'd', 'b'].map((n) => ids[n]);
    expect(await order('votes')).toEqual(expected);
    expect(await order('votes')).toEqual(expected);
    const d = (await thread(page, '&sort=votes')).body.comments.find((x: { id: number }) => x.id === ids.d);
    expect([d.upvotes, d.downvotes, d.score]).toEqual([1, 1, 0]);
  });

  it('a pinned comment comes first in every sort', async () => {
    const row = (await storedComment(t.app, ids.b!))!;
    await setCommentStatus(t.app.services.database.db, row, 'approved', { isPinned: true });
    // As the admin pin does: the change, then the event every instance's caches listen to.
    const site = await t.app.services.sites.get('demo');
    t.app.services.events.publish({ type: 'status', siteId: site.id, pageId: row.pageId, commentId: row.id, status: 'approved' });
    for (const sort of ['oldest', 'newest', 'votes']) {
      const listed = await order(sort);
      expect(listed[0]).toBe(ids.b);
      expect(listed).toHaveLength(5);
    }
    expect(await order('votes')).toEqual(['b', 'c', 'a', 'e', 'd'].map((n) => ids[n]));
    const pinned = (await thread(page)).body.comments[0];
    expect(pinned.isPinned).toBe(true);
  });
});

describe('reading a thread', () => {
  it('answers page info, public settings and no cursor when everything fits', async () => {
    const token = await api.reader();
    await api.call('POST', '/api/v1/comments', {
      token,
      body: { site: 'demo', page: '/info', url: 'https://news.example/info', title: 'Info page', body: 'first', author: { name: 'Ann' } },
    });
    const res = await thread('/info');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('application/json');
    expect(res.body.page).toEqual({ key: '/info', url: 'https://news.example/info', title: 'Info page', commentCount: 1, isLocked: false, isClosed: false });
    expect(res.body.settings).toEqual({ editWindowMinutes: 15, maxDepth: 5, maxBodyLength: 5000, maxNameLength: 50, requireEmail: false, language: 'en' });
    expect(res.body.sort).toBe('oldest');
    expect(res.body.nextCursor).toBeNull();
    const [comment] = res.body.comments;
    expect(comment.author).toEqual({ name: 'Ann', isGuest: true, avatarSeed: expect.any(String) });
    // Nothing private leaks into the shared answer.
    expect(JSON.stringify(res.body)).not.toMatch(/ipHash|bodyMd|email|reasons|token/);
  });

  it('a page nobody has commented on is an empty thread, 200, and its first comment shows at once', async () => {
    const res = await thread('/never-commented');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ page: { key: '/never-commented', commentCount: 0, isLocked: false, isClosed: false }, comments: [], nextCursor: null });
    expect(res.body.settings).toMatchObject({ maxNameLength: 50 });
    const again = await api.get(`/api/v1/threads?site=demo&page=${encodeURIComponent('/never-commented')}`, { headers: { 'if-none-match': res.headers.get('etag')! } });
    expect(again.status).toBe(304);
    await post(await api.reader(), '/never-commented', 'First!');
    const after = await api.get(`/api/v1/threads?site=demo&page=${encodeURIComponent('/never-commented')}`, { headers: { 'if-none-match': res.headers.get('etag')! } });
    expect(after.status).toBe(200);
    expect(after.body.comments).toHaveLength(1);
  });

  it('an unknown site is a 404 site_not_found', async () => {
    const res = await api.get('/api/v1/threads?site=nope&page=/x');
    expect(res.status).toBe(404);
    expect(res.body).toEqual(errorShape('site_not_found'));
  });

  it('a bad sort, limit or cursor is a 422 naming the field', async () => {
    for (const [query, field] of [
      ['&sort=best', 'sort'],
      ['&limit=0', 'limit'],
      ['&limit=101', 'limit'],
      ['&limit=ten', 'limit'],
      ['&cursor=not*a*cursor', 'cursor'],
      ['&cursor=bm90LWpzb24', 'cursor'],
      [`&cursor=${Buffer.from(JSON.stringify({ p: 2, s: 0, i: 1 })).toString('base64url')}`, 'cursor'],
    ] as const) {
      const res = await thread('/info', query);
      expect(res.status, query).toBe(422);
      expect(res.body.error).toMatchObject({ code: 'validation', field });
    }
  });
});
