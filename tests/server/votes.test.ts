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

async function post(page: string, body: string, parentId?: number): Promise<number> {
  const res = await api.comment(await api.reader(), { page, body, ...(parentId ? { parentId } : {}) });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body.comment.id as number;
}
const vote = (id: number, value: unknown, token?: string) => api.put(`/api/v1/comments/${id}/vote`, { value }, token ? { token } : {});

describe('voting', () => {
  it('toggles 1 → −1 → 0 with the counters right at each step, in the thread and in /me', async () => {
    const id = await post('/votes', 'vote on me');
    const token = await api.reader();
    const steps: Array<[number, [number, number, number]]> = [
      [1, [1, 0, 1]],
      [1, [1, 0, 1]], // the same vote again changes nothing
      [-1, [0, 1, -1]],
      [0, [0, 0, 0]],
      [0, [0, 0, 0]],
    ];
    for (const [value, [up, down, score]] of steps) {
      const res = await vote(id, value, token);
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ id, upvotes: up, downvotes: down, score, value });
      const shown = (await api.get('/api/v1/threads?site=demo&page=/votes')).body.comments[0];
      expect([shown.upvotes, shown.downvotes, shown.score]).toEqual([up, down, score]);
      const me = await api.get('/api/v1/me?site=demo&page=/votes', { token });
      expect(me.body.votes).toEqual(value === 0 ? {} : { [id]: value });
    }
  });

  it('50 parallel identical votes by one reader count once', async () => {
    const id = await post('/votes-parallel', 'everyone at once');
    const token = await api.reader();
    const results = await Promise.all(Array.from({ length: 50 }, () => vote(id, 1, token)));
    expect(results.map((r) => r.status)).toEqual(Array(50).fill(200));
    const row = await storedComment(t.app, id);
    expect([row?.upvotes, row?.downvotes, row?.score]).toEqual([1, 0, 1]);
    expect((await countRows(t.app)).votes).toBeGreaterThanOrEqual(1);
    const { votes } = await import('../../server/store/schema/index.ts');
    const { eq } = await import('drizzle-orm');
    expect(await t.app.services.database.db.select().from(votes).where(eq(votes.commentId, id))).toHaveLength(1);
  });

  it('50 readers voting in parallel each count exactly once', async () => {
    const id = await post('/votes-crowd', 'a crowd votes');
    const tokens = await Promise.all(Array.from({ length: 50 }, () => api.reader()));
    const results = await Promise.all(tokens.map((token, i) => vote(id, i % 5 === 0 ? -1 : 1, token)));
    expect(results.every((r) => r.status === 200)).toBe(true);
    const row = await storedComment(t.app, id);
    expect([row?.upvotes, row?.downvotes, row?.score]).toEqual([40, 10, 30]);
  });

  it('a vote on a missing or held comment is a 404 and nothing is stored', async () => {
    const token = await api.reader();
    await setSiteSettings(t.app, 'demo', { moderationMode: 'all' });
    const held = await post('/votes-held', 'held');
    await setSiteSettings(t.app, 'demo', { moderationMode: 'none' });
    const before = await countRows(t.app);
    for (const id of [held, 99999999]) {
      const res = await vote(id, 1, token);
      expect(res.status).toBe(404);
      expect(res.body).toEqual(errorShape('comment_not_found'));
    }
    expect(await countRows(t.app)).toEqual(before);
  });

  it('a bad value is a 422, no token a 401, and nothing is stored', async () => {
    const id = await post('/votes-bad', 'bad votes');
    const token = await api.reader();
    const before = await countRows(t.app);
    for (const value of [2, -2, '1', true, null, 0.5]) {
      const res = await vote(id, value, token);
      expect(res.status, String(value)).toBe(422);
      expect(res.body.error).toMatchObject({ code: 'validation', field: 'value' });
    }
    expect((await vote(id, 1)).status).toBe(401);
    expect(await countRows(t.app)).toEqual(before);
  });

  it('a reader of another site cannot vote on this site’s comments', async () => {
    await setSiteSettings(t.app, 'other', {}, ['https://other.example']);
    const id = await post('/votes-cross-site', 'home crowd only');
    const stranger = await api.reader('other');
    const before = await countRows(t.app);
    const res = await vote(id, 1, stranger);
    expect(res.status).toBe(404);
    expect(await countRows(t.app)).toEqual(before);
    expect((await storedComment(t.app, id))?.upvotes).toBe(0);
  });

  it('votes bump the thread’s version, so the Most Voted order is never served stale', async () => {
    const a = await post('/votes-etag', 'first');
    const b = await post('/votes-etag', 'second');
    const url = '/api/v1/threads?site=demo&page=/votes-etag&sort=votes';
    const first = await api.get(url);
    expect(first.body.comments.map((c: { id: number }) => c.id)).toEqual([b, a]);
    await vote(a, 1, await api.reader());
    const second = await api.get(url, { headers: { 'if-none-match': first.headers.get('etag')! } });
    expect(second.status).toBe(200);
    expect(second.body.comments.map((c: { id: number }) => c.id)).toEqual([a, b]);
  });
});

describe('writes racing on one comment', () => {
  it('votes, replies and a flag on the same comment at once all succeed with exact counters', async () => {
    const page = '/race';
    const id = await post(page, 'the hot comment');
    const voters = await Promise.all(Array.from({ length: 20 }, () => api.reader()));
    const repliers = await Promise.all(Array.from({ length: 20 }, () => api.reader()));
    const flagger = await api.reader();
    const results = await Promise.all([
      ...voters.map((token) => vote(id, 1, token)),
      ...repliers.map((token, i) => api.comment(token, { page, body: `reply number ${i}`, parentId: id })),
      api.post(`/api/v1/comments/${id}/flags`, { reason: 'other' }, { token: flagger }),
    ]);
    expect(results.map((r) => r.status).filter((s) => s >= 300)).toEqual([]);
    const row = await storedComment(t.app, id);
    expect([row?.upvotes, row?.replyCount, row?.descendantCount, row?.flagCount]).toEqual([20, 20, 20, 1]);
    const thread = await api.get(`/api/v1/threads?site=demo&page=${page}`);
    expect(thread.body.page.commentCount).toBe(21);
  });
});
