import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { client, createTestApp, type TestApp } from '../helpers/app.ts';
import { bulkSettings, countRows, errorShape, storedComment } from '../helpers/rows.ts';

let t: TestApp;
let api: ReturnType<typeof client>;
beforeAll(async () => {
  t = await createTestApp({ settings: bulkSettings });
  api = client(t.app);
});
afterAll(() => t.close());

async function post(page: string, body: string): Promise<number> {
  const res = await api.comment(await api.reader(), { page, body });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body.comment.id as number;
}
const flag = (id: number, body: Record<string, unknown>, token?: string) => api.post(`/api/v1/comments/${id}/flags`, body, token ? { token } : {});

describe('flagging', () => {
  it('a flag counts once per reader and shows in the reader’s /me', async () => {
    const id = await post('/flags', 'flag me');
    const token = await api.reader();
    for (let i = 0; i < 3; i++) {
      const res = await flag(id, { reason: 'spam' }, token);
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ id, flagged: true });
    }
    expect((await storedComment(t.app, id))?.flagCount).toBe(1);
    expect((await api.get('/api/v1/me?site=demo&page=/flags', { token })).body.flagged).toEqual([id]);
  });

  it('at the threshold the comment goes back to review: out of the thread and the count', async () => {
    const page = '/flags-threshold';
    const keep = await post(page, 'a fine comment');
    const id = await post(page, 'a comment people dislike');
    for (let i = 0; i < 3; i++) expect((await flag(id, { reason: 'abuse', note: `flag ${i}` }, await api.reader())).status).toBe(200);
    const row = await storedComment(t.app, id);
    expect(row?.status).toBe('pending');
    expect(row?.reasons).toContain('reported ×3');
    const thread = await api.get(`/api/v1/threads?site=demo&page=${page}`);
    expect(thread.body.comments.map((c: { id: number }) => c.id)).toEqual([keep]);
    expect(thread.body.page.commentCount).toBe(1);
    // Held now: a further flag or vote finds nothing to act on.
    expect((await flag(id, { reason: 'spam' }, await api.reader())).status).toBe(404);
  });

  it('a reported comment with replies stays as a placeholder, so its replies keep their thread', async () => {
    const page = '/flags-with-replies';
    const rootId = await post(page, 'a root people dislike');
    const reply = await api.comment(await api.reader(), { page, body: 'a fine reply', parentId: rootId });
    expect(reply.status).toBe(201);
    for (let i = 0; i < 3; i++) expect((await flag(rootId, { reason: 'abuse' }, await api.reader())).status).toBe(200);
    const thread = await api.get(`/api/v1/threads?site=demo&page=${page}`);
    const [root, child] = thread.body.comments;
    expect(thread.body.comments).toHaveLength(2);
    expect(root).toMatchObject({ id: rootId, status: 'deleted', bodyHtml: '', author: { name: '' } });
    expect(child).toMatchObject({ id: reply.body.comment.id, status: 'approved', bodyHtml: '<p>a fine reply</p>' });
    expect(thread.body.page.commentCount).toBe(1);
  });

  it('a comment reported back to review no longer counts towards its author’s trust', async () => {
    const { readers } = await import('../../server/store/schema/index.ts');
    const { eq } = await import('drizzle-orm');
    const token = await api.reader();
    const res = await api.comment(token, { page: '/flags-trust', body: 'my only comment' });
    const readerOf = async () => (await t.app.services.database.db.select().from(readers).where(eq(readers.id, (await storedComment(t.app, res.body.comment.id))!.readerId)))[0]!;
    expect((await readerOf()).approvedCount).toBe(1);
    for (let i = 0; i < 3; i++) await flag(res.body.comment.id, { reason: 'abuse' }, await api.reader());
    expect((await readerOf()).approvedCount).toBe(0);
  });

  it('a bad reason is a 422, a missing comment a 404, no token a 401, and nothing is stored', async () => {
    const id = await post('/flags-bad', 'flag me badly');
    const token = await api.reader();
    const before = await countRows(t.app);
    for (const body of [{}, { reason: 'boring' }, { reason: 'spam', note: 'x'.repeat(501) }, { reason: 'spam', note: 'a\u0000b' }]) {
      const res = await flag(id, body, token);
      expect(res.status, JSON.stringify(body)).toBe(422);
      expect(res.body.error.code).toBe('validation');
    }
    const missing = await flag(987654, { reason: 'spam' }, token);
    expect(missing.status).toBe(404);
    expect(missing.body).toEqual(errorShape('comment_not_found'));
    expect((await flag(id, { reason: 'spam' })).status).toBe(401);
    expect(await countRows(t.app)).toEqual(before);
  });
});
