import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { client, createTestApp, type TestApp } from '../helpers/app.ts';
import { bulkSettings, errorShape, storedComment } from '../helpers/rows.ts';

let t: TestApp;
let api: ReturnType<typeof client>;
beforeAll(async () => {
  t = await createTestApp({ settings: bulkSettings });
  api = client(t.app);
});
afterAll(() => t.close());

const MINUTE = 60_000;
const thread = async (page: string) => (await api.get(`/api/v1/threads?site=demo&page=${page}`)).body;

async function post(token: string, page: string, body: string, parentId?: number): Promise<number> {
  const res = await api.comment(token, { page, body, ...(parentId ? { parentId } : {}) });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body.comment.id as number;
}

describe('editing one’s own comment', () => {
  it('within the window the new text shows, marked edited', async () => {
    const token = await api.reader();
    const id = await post(token, '/edit', 'first draft');
    t.clock.advance(5 * MINUTE);
    const res = await api.patch(`/api/v1/comments/${id}`, { body: 'second *draft*' }, { token });
    expect(res.status).toBe(200);
    expect(res.body.comment).toMatchObject({ id, bodyHtml: '<p>second <em>draft</em></p>', editedAt: t.clock.now().toISOString() });
    const shown = (await thread('/edit')).comments.find((c: { id: number }) => c.id === id);
    expect(shown.bodyHtml).toBe('<p>second <em>draft</em></p>');
    expect((await storedComment(t.app, id))?.bodyMd).toBe('second *draft*');
  });

  it('past the edit window an edit is 403 edit_window_closed and the row is unchanged', async () => {
    const token = await api.reader();
    const id = await post(token, '/edit-late', 'said in haste');
    const before = await storedComment(t.app, id);
    t.clock.advance(15 * MINUTE + 1);
    const res = await api.patch(`/api/v1/comments/${id}`, { body: 'regretted at leisure' }, { token });
    expect(res.status).toBe(403);
    expect(res.body).toEqual({ error: { code: 'edit_window_closed', message: expect.any(String), field: 'body' } });
    expect(await storedComment(t.app, id)).toEqual(before);
    const del = await api.del(`/api/v1/comments/${id}`, { token });
    expect(del.status).toBe(403);
    expect(del.body.error.code).toBe('edit_window_closed');
    expect(await storedComment(t.app, id)).toEqual(before);
  });

  it('editing or deleting another reader’s comment is 403 not_owner and the row is unchanged', async () => {
    const [owner, other] = [await api.reader(), await api.reader()];
    const id = await post(owner, '/not-mine', 'mine, not yours');
    const before = await storedComment(t.app, id);
    const edit = await api.patch(`/api/v1/comments/${id}`, { body: 'vandalised' }, { token: other });
    expect(edit.status).toBe(403);
    expect(edit.body).toEqual(errorShape('not_owner'));
    const del = await api.del(`/api/v1/comments/${id}`, { token: other });
    expect(del.status).toBe(403);
    expect(del.body).toEqual(errorShape('not_owner'));
    expect(await storedComment(t.app, id)).toEqual(before);
    expect((await thread('/not-mine')).page.commentCount).toBe(1);
  });

  it('an empty edit is a 422 and the row is unchanged', async () => {
    const token = await api.reader();
    const id = await post(token, '/edit-empty', 'keep me');
    const before = await storedComment(t.app, id);
    for (const body of ['', '   \n  ']) {
      const res = await api.patch(`/api/v1/comments/${id}`, { body }, { token });
      expect(res.status).toBe(422);
      expect(res.body.error).toMatchObject({ code: 'validation', field: 'body' });
    }
    expect(await storedComment(t.app, id)).toEqual(before);
  });

  it('a missing comment is 404, a bad id 422, no token 401', async () => {
    const token = await api.reader();
    expect((await api.patch('/api/v1/comments/999999', { body: 'x' }, { token })).status).toBe(404);
    expect((await api.patch('/api/v1/comments/-1', { body: 'x' }, { token })).status).toBe(422);
    expect((await api.patch('/api/v1/comments/1', { body: 'x' })).status).toBe(401);
    expect((await api.del('/api/v1/comments/999999', { token })).status).toBe(404);
  });
});

describe('deleting one’s own comment', () => {
  it('without replies it disappears and the count drops', async () => {
    const token = await api.reader();
    const keep = await post(token, '/delete-leaf', 'stays');
    const gone = await post(token, '/delete-leaf', 'goes');
    expect((await thread('/delete-leaf')).page.commentCount).toBe(2);
    const res = await api.del(`/api/v1/comments/${gone}`, { token });
    expect(res.status).toBe(204);
    const after = await thread('/delete-leaf');
    expect(after.page.commentCount).toBe(1);
    expect(after.comments.map((c: { id: number }) => c.id)).toEqual([keep]);
    expect((await api.get('/api/v1/counts?site=demo&page=/delete-leaf')).body.counts['/delete-leaf']).toBe(1);
    // Deleting twice: it is not there any more.
    expect((await api.del(`/api/v1/comments/${gone}`, { token })).status).toBe(404);
    expect((await api.patch(`/api/v1/comments/${gone}`, { body: 'back' }, { token })).status).toBe(404);
  });

  it('with replies it leaves a placeholder so the thread keeps its shape', async () => {
    const [author, replier] = [await api.reader(), await api.reader()];
    const root = await post(author, '/delete-parent', 'a parent with a secret');
    const reply = await post(replier, '/delete-parent', 'a reply', root);
    expect((await api.del(`/api/v1/comments/${root}`, { token: author })).status).toBe(204);
    const after = await thread('/delete-parent');
    expect(after.page.commentCount).toBe(1);
    expect(after.comments.map((c: { id: number; status: string }) => [c.id, c.status])).toEqual([
      [root, 'deleted'],
      [reply, 'approved'],
    ]);
    const placeholder = after.comments[0];
    expect(placeholder.bodyHtml).toBe('');
    expect(placeholder.author.name).toBe('');
    expect(JSON.stringify(after)).not.toContain('secret');
  });

  it('the placeholder goes when its last reply goes', async () => {
    const [author, replier] = [await api.reader(), await api.reader()];
    const root = await post(author, '/delete-chain', 'parent');
    const reply = await post(replier, '/delete-chain', 'only reply', root);
    await api.del(`/api/v1/comments/${root}`, { token: author });
    expect((await api.del(`/api/v1/comments/${reply}`, { token: replier })).status).toBe(204);
    const after = await thread('/delete-chain');
    expect(after.comments).toEqual([]);
    expect(after.page.commentCount).toBe(0);
  });

  it('a deleted middle comment keeps the thread above and below it in view', async () => {
    const [a, b, c] = [await api.reader(), await api.reader(), await api.reader()];
    const root = await post(a, '/delete-middle', 'root');
    const middle = await post(b, '/delete-middle', 'middle', root);
    const leaf = await post(c, '/delete-middle', 'leaf', middle);
    // Root first, then the middle: both placeholders, the leaf still approved under them.
    expect((await api.del(`/api/v1/comments/${root}`, { token: a })).status).toBe(204);
    expect((await api.del(`/api/v1/comments/${middle}`, { token: b })).status).toBe(204);
    const after = await thread('/delete-middle');
    expect(after.comments.map((x: { id: number; status: string }) => [x.id, x.status])).toEqual([
      [root, 'deleted'],
      [middle, 'deleted'],
      [leaf, 'approved'],
    ]);
    expect(after.page.commentCount).toBe(1);
    // And when the leaf goes, the whole chain of placeholders goes with it.
    expect((await api.del(`/api/v1/comments/${leaf}`, { token: c })).status).toBe(204);
    expect((await thread('/delete-middle')).comments).toEqual([]);
  });
});
