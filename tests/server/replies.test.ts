import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { client, createTestApp, type TestApp } from '../helpers/app.ts';
import { bulkSettings, errorShape } from '../helpers/rows.ts';

let t: TestApp;
let api: ReturnType<typeof client>;
beforeAll(async () => {
  t = await createTestApp({ settings: bulkSettings });
  api = client(t.app);
});
afterAll(() => t.close());

async function post(token: string, page: string, body: string, parentId?: number): Promise<number> {
  const res = await api.comment(token, { page, body, ...(parentId ? { parentId } : {}) });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body.comment.id as number;
}

describe('loading more replies', () => {
  const page = '/replies';
  let root: number;
  let expected: number[];

  beforeAll(async () => {
    const [alice, bob] = [await api.reader(), await api.reader()];
    root = await post(alice, page, 'the root');
    expected = [];
    // Seven direct replies, the second one with two replies of its own: depth-first order is
    // r0, r1, r1a, r1b, r2, … r6.
    for (let i = 0; i < 7; i++) {
      const id = await post(i % 2 ? alice : bob, page, `reply ${i}`, root);
      expected.push(id);
      if (i === 1) {
        expected.push(await post(alice, page, 'reply 1a', id));
        expected.push(await post(bob, page, 'reply 1b', id));
      }
    }
  });

  it('the thread shows the first three in thread order, replies pages through all of them with a cursor', async () => {
    const inline = (await api.get(`/api/v1/threads?site=demo&page=${page}`)).body.comments.map((c: { id: number }) => c.id);
    expect(inline).toEqual([root, ...expected.slice(0, 3)]);

    const seen: number[] = [];
    let cursor: string | null = null;
    for (let guard = 0; guard < 10; guard++) {
      const res = await api.get(`/api/v1/comments/${root}/replies?limit=4${cursor ? `&cursor=${cursor}` : ''}`);
      expect(res.status).toBe(200);
      expect(res.body.comments.length).toBeLessThanOrEqual(4);
      seen.push(...res.body.comments.map((c: { id: number }) => c.id));
      cursor = res.body.nextCursor;
      if (!cursor) break;
    }
    expect(seen).toEqual(expected);
  });

  it('replies of a reply are only its own subtree', async () => {
    const second = expected[1]!;
    const res = await api.get(`/api/v1/comments/${second}/replies`);
    expect(res.body.comments.map((c: { id: number; parentId: number }) => [c.id, c.parentId])).toEqual([
      [expected[2], second],
      [expected[3], second],
    ]);
    expect(res.body.nextCursor).toBeNull();
  });

  it('a comment without replies answers an empty list', async () => {
    const res = await api.get(`/api/v1/comments/${expected.at(-1)}/replies`);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ comments: [], nextCursor: null });
  });

  it('an unknown comment is a 404, a bad id or cursor a 422', async () => {
    const missing = await api.get('/api/v1/comments/999999999/replies');
    expect(missing.status).toBe(404);
    expect(missing.body).toEqual(errorShape('comment_not_found'));
    expect((await api.get('/api/v1/comments/abc/replies')).status).toBe(422);
    expect((await api.get('/api/v1/comments/0/replies')).status).toBe(422);
    const badCursor = await api.get(`/api/v1/comments/${root}/replies?cursor=${Buffer.from('"12"').toString('base64url')}`);
    expect(badCursor.status).toBe(422);
    expect(badCursor.body.error.field).toBe('cursor');
  });

  it('replies of a comment held for moderation are not shown to anyone', async () => {
    const token = await api.reader();
    const { setSiteSettings } = await import('../helpers/app.ts');
    await setSiteSettings(t.app, 'demo', { moderationMode: 'all' });
    const held = await api.comment(token, { page, body: 'held for review' });
    await setSiteSettings(t.app, 'demo', { moderationMode: 'none' });
    expect(held.body.status).toBe('pending');
    const res = await api.get(`/api/v1/comments/${held.body.comment.id}/replies`);
    expect(res.status).toBe(404);
  });
});
