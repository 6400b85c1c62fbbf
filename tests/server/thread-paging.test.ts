import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { client, createTestApp, type TestApp } from '../helpers/app.ts';
import { bulkSettings } from '../helpers/rows.ts';

let t: TestApp;
let api: ReturnType<typeof client>;
let readers: string[];
beforeAll(async () => {
  t = await createTestApp({ settings: bulkSettings });
  api = client(t.app);
  readers = [await api.reader(), await api.reader(), await api.reader()];
});
afterAll(() => t.close());

let posted = 0;
async function post(page: string): Promise<number> {
  posted++;
  const res = await api.comment(readers[posted % readers.length]!, { page, body: `comment number ${posted} on ${page}` });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body.comment.id as number;
}

type Page = { comments: Array<{ id: number; parentId: number | null }>; nextCursor: string | null };

/** Walks a sort page by page, posting `growBy` new comments before each next page. */
async function walk(page: string, sort: string, limit: number, growBy: number) {
  const seen: number[] = [];
  const added: number[] = [];
  let cursor: string | null = null;
  for (let guard = 0; guard < 50; guard++) {
    const res = await api.get(`/api/v1/threads?site=demo&page=${page}&sort=${sort}&limit=${limit}${cursor ? `&cursor=${cursor}` : ''}`);
    expect(res.status).toBe(200);
    const body = res.body as Page;
    expect(body.comments.length).toBeLessThanOrEqual(limit);
    seen.push(...body.comments.filter((c) => c.parentId === null).map((c) => c.id));
    cursor = body.nextCursor;
    if (!cursor) break;
    for (let i = 0; i < growBy; i++) added.push(await post(page));
  }
  return { seen, added };
}

describe('paging through a thread that grows while paging', () => {
  it('oldest: every comment once, including those posted meanwhile, in order', async () => {
    const page = '/grow-oldest';
    const before: number[] = [];
    for (let i = 0; i < 23; i++) before.push(await post(page));
    const { seen, added } = await walk(page, 'oldest', 5, 2);
    expect(new Set(seen).size).toBe(seen.length);
    // New comments land after the cursor, so an oldest-first walk reaches them too.
    expect(seen).toEqual([...before, ...added]);
  });

  it('newest: every comment that existed at the start once, none twice', async () => {
    const page = '/grow-newest';
    const before: number[] = [];
    for (let i = 0; i < 23; i++) before.push(await post(page));
    const { seen, added } = await walk(page, 'newest', 5, 2);
    expect(added.length).toBeGreaterThan(0);
    expect(new Set(seen).size).toBe(seen.length);
    // New comments land before the cursor: the live pill shows them, paging must not shift.
    expect(seen).toEqual([...before].reverse());
  });

  it('most voted: ties on score page without a duplicate or a gap', async () => {
    const page = '/grow-votes';
    const before: number[] = [];
    for (let i = 0; i < 17; i++) before.push(await post(page));
    // Three scores, many ties: every fourth comment +1, every fifth −1.
    for (const [i, id] of before.entries()) {
      const value = i % 4 === 0 ? 1 : i % 5 === 0 ? -1 : 0;
      if (value) expect((await api.put(`/api/v1/comments/${id}/vote`, { value }, { token: readers[0] })).status).toBe(200);
    }
    const { seen } = await walk(page, 'votes', 4, 1);
    expect(new Set(seen).size).toBe(seen.length);
    // New comments score 0 and are newer, so they sort among the zeros before the cursor or after it;
    // what matters: everything that existed is there exactly once.
    for (const id of before) expect(seen).toContain(id);
  });
});
