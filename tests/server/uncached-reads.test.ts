import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensurePage } from '../../server/store/pages.ts';
import { findReaderByTokenHash } from '../../server/store/readers.ts';
import { sha256 } from '../../server/services/readers/tokens.ts';
import { seedThread } from '../bench/seed.ts';
import { client, createTestApp, type TestApp } from '../helpers/app.ts';

// 200 comments: 80 top-level, the first 40 of them with 3 replies each (tests/bench/seed.ts).
const TOTAL = 200;
const ROOTS = 80;

type View = { id: number; parentId: number | null; bodyHtml: string };

let t: TestApp;
let token: string;
beforeAll(async () => {
  t = await createTestApp({ settings: { minSecondsToPost: 0, rateLimitPerMinute: 1000 } });
  const api = client(t.app);
  token = await api.reader();
  const site = await t.app.services.sites.get('demo');
  const reader = (await findReaderByTokenHash(t.database.db, sha256(token)))!;
  const page = await ensurePage(t.database.db, { siteId: site.id, key: '/crowd', title: 'A story breaks' });
  await seedThread(t.database.db, { pageId: page.id, readerId: reader.id, total: TOTAL });
});
afterAll(async () => t?.close());

describe('uncached reads under a crowd', () => {
  it('fifty readers at once, each asking for a page no cache holds, all get 200 and their page', async () => {
    const api = client(t.app);
    const sorts = ['oldest', 'newest', 'votes'] as const;
    const asks = Array.from({ length: 50 }, (_, i) => ({ sort: sorts[i % 3]!, limit: 1 + (i % 50) }));
    const answers = await Promise.all(asks.map((a) => api.get(`/api/v1/threads?site=demo&page=/crowd&sort=${a.sort}&limit=${a.limit}`)));
    answers.forEach((res, i) => {
      expect(res.status).toBe(200);
      const top = (res.body.comments as View[]).filter((c) => c.parentId === null);
      expect(top).toHaveLength(Math.min(asks[i]!.limit, ROOTS));
      // Every reply shown hangs under a top-level comment shown just before it.
      for (const c of res.body.comments as View[]) if (c.parentId !== null) expect(top.some((r) => r.id === c.parentId)).toBe(true);
    });
  });

  it('fifty readers of the same page right after a change share one database statement, and all see the change', async () => {
    const api = client(t.app);
    const posted = await api.comment(token, { page: '/crowd', body: 'Breaking: the newest word' });
    expect([200, 201]).toContain(posted.status);
    // Count (and hold) the thread-page statements while the crowd arrives.
    const database = t.app.services.database;
    const query = database.query;
    let statements = 0;
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    database.query = async (text, params) => {
      statements++;
      await held;
      return query(text, params);
    };
    try {
      const answers = Array.from({ length: 50 }, () => api.get('/api/v1/threads?site=demo&page=/crowd&sort=newest&limit=20'));
      await expect.poll(() => statements).toBe(1);
      release();
      const bodies = await Promise.all(answers);
      expect(new Set(bodies.map((b) => b.status))).toEqual(new Set([200]));
      expect(new Set(bodies.map((b) => JSON.stringify(b.body))).size).toBe(1);
      expect(bodies[0]!.body.comments[0].bodyHtml).toContain('Breaking: the newest word');
      expect(statements).toBe(1);
    } finally {
      database.query = query;
    }
  });

  it('ten writers and fifty readers at once: every one gets an answer, and every post is in the thread', async () => {
    const api = client(t.app);
    const writers = await Promise.all(Array.from({ length: 10 }, () => api.reader()));
    const posts = writers.map((w, i) => api.comment(w, { page: '/crowd', body: `Writer ${i} has a view on this.`, name: `Writer ${i}` }));
    const reads = Array.from({ length: 50 }, (_, i) => api.get(`/api/v1/threads?site=demo&page=/crowd&sort=newest&limit=${11 + (i % 10)}`));
    const [posted, read] = await Promise.all([Promise.all(posts), Promise.all(reads)]);
    for (const p of posted) expect([200, 201]).toContain(p.status);
    for (const r of read) expect(r.status).toBe(200);
    const after = await api.get('/api/v1/threads?site=demo&page=/crowd&sort=newest&limit=50');
    const shown = new Set((after.body.comments as View[]).map((c) => c.id));
    for (const p of posted) expect(shown.has(p.body.comment.id)).toBe(true);
  });
});
