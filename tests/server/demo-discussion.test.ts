import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureDemoSite } from '../../server/services/sites/bootstrap.ts';
import { DEMO_PAGE_KEY, ensureDemoDiscussion } from '../../server/services/sites/demo-discussion.ts';
import { insertSite } from '../../server/store/sites.ts';
import { client, createTestApp, type TestApp } from '../helpers/app.ts';

let t: TestApp;
let api: ReturnType<typeof client>;
beforeAll(async () => {
  t = await createTestApp();
  api = client(t.app);
});
afterAll(() => t.close());

const demoThread = async (site = 'demo') => (await api.get(`/api/v1/threads?site=${site}&page=${encodeURIComponent(DEMO_PAGE_KEY)}`)).body;

describe('the demo article starts with a discussion', () => {
  it('the first start seeds four approved comments, one a reply, with names and dates', async () => {
    expect(await ensureDemoDiscussion(t.app.services)).toBe(true);
    const thread = await demoThread();
    expect(thread.page.commentCount).toBe(4);
    expect(thread.comments.map((c: { author: { name: string } }) => c.author.name)).toEqual(['Margaret H.', 'Dev Patel', 'Old Town Traders', 'J. Okafor']);
    const replies = thread.comments.filter((c: { parentId: number | null }) => c.parentId !== null);
    expect(replies).toHaveLength(1);
    expect(replies[0].parentId).toBe(thread.comments[0].id);
    expect(thread.comments.every((c: { status: string; bodyHtml: string }) => c.status === 'approved' && c.bodyHtml.startsWith('<p>'))).toBe(true);
    const times = thread.comments.map((c: { createdAt: string }) => Date.parse(c.createdAt));
    expect(times.every((at: number) => at < t.clock.now().getTime())).toBe(true);
  });

  it('a restart does not seed it again', async () => {
    await ensureDemoSite(t.app.services);
    expect(await ensureDemoDiscussion(t.app.services)).toBe(false);
    expect((await demoThread()).page.commentCount).toBe(4);
  });

  it('only the demo site’s article is seeded: other pages and sites start empty', async () => {
    expect((await api.get('/api/v1/threads?site=demo&page=/another-article')).body.comments).toEqual([]);
    await insertSite(t.app.services.database.db, { slug: 'news', name: 'News', allowedOrigins: [] });
    expect(await ensureDemoDiscussion(t.app.services)).toBe(false);
    expect((await demoThread('news')).comments).toEqual([]);
  });

  it('the seeded authors cannot be impersonated: new readers post under their own identity', async () => {
    const token = await api.reader();
    const res = await api.comment(token, { page: DEMO_PAGE_KEY, body: 'Joining the discussion', name: 'Margaret H.' });
    expect(res.status).toBe(201);
    const thread = await demoThread();
    const margarets = thread.comments.filter((c: { author: { name: string } }) => c.author.name === 'Margaret H.');
    expect(new Set(margarets.map((c: { author: { avatarSeed: string } }) => c.author.avatarSeed)).size).toBe(2);
  });
});
