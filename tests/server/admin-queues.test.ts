import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { client, createTestApp, setSiteSettings, type TestApp } from '../helpers/app.ts';
import { createModerator, signIn, type SignedIn } from '../helpers/admin.ts';

let t: TestApp;
let api: ReturnType<typeof client>;
let admin: SignedIn;
beforeAll(async () => {
  t = await createTestApp({ settings: { moderationMode: 'all', rateLimitPerMinute: 100, suspectWords: ['deal'] } });
  api = client(t.app);
  await createModerator(t.app, { email: 'mod@parley.test', sites: ['demo'] });
  admin = await signIn(t.app, 'mod@parley.test');
});
afterAll(() => t.close());

type Item = { comment: { id: number; reasons: string[]; bodyMd: string; status: string }; parent: { id: number } | null; page: { key: string; title: string | null }; author: { readerId: number; recent: unknown[] } };
const ids = (items: Item[]) => items.map((i) => i.comment.id);

describe('queues', () => {
  it('pages through a queue newest first with a keyset cursor: no duplicates, none missing', async () => {
    const token = await api.reader();
    const created: number[] = [];
    for (let i = 0; i < 7; i++) created.push((await api.comment(token, { page: '/paging', body: `Paged comment ${i}` })).body.comment.id);
    const seen: number[] = [];
    let cursor: string | null = null;
    for (let round = 0; round < 10; round++) {
      const res: { body: { items: Item[]; nextCursor: string | null } } = await admin.get(`/queues/pending?site=demo&limit=3${cursor ? `&cursor=${cursor}` : ''}`);
      seen.push(...ids(res.body.items));
      cursor = res.body.nextCursor;
      if (!cursor) break;
    }
    expect(seen).toEqual([...created].reverse());
  });

  it('filters by page, reader and text, and rejects a bad cursor or queue with 422', async () => {
    const a = await api.reader();
    const b = await api.reader();
    const one = (await api.comment(a, { page: '/filters', body: 'Apples are great' })).body.comment.id;
    const two = (await api.comment(b, { page: '/filters', body: 'Pears 100% better' })).body.comment.id;
    const pageId = (await admin.get('/pages?site=demo&text=filters')).body.pages[0].id;
    expect(ids((await admin.get(`/queues/all?pageId=${pageId}`)).body.items)).toEqual([two, one]);
    const readerId = (await admin.get(`/comments/${one}`)).body.comment.readerId;
    expect(ids((await admin.get(`/queues/all?readerId=${readerId}`)).body.items)).toEqual([one]);
    expect(ids((await admin.get('/queues/all?text=apples')).body.items)).toEqual([one]);
    expect(ids((await admin.get('/queues/all?text=100%25')).body.items)).toEqual([two]);
    expect((await admin.get('/queues/all?text=100_')).body.items).toEqual([]);
    expect((await admin.get('/queues/pending?cursor=!!')).status).toBe(422);
    expect((await admin.get('/queues/pending?cursor=bm90LWEtbnVtYmVy')).status).toBe(422);
    expect((await admin.get('/queues/waiting')).status).toBe(422);
    expect((await admin.get('/queues/pending?limit=1000')).status).toBe(422);
  });

  it('each item carries the reasons, the page, the parent and the author\'s history', async () => {
    await setSiteSettings(t.app, 'demo', { moderationMode: 'none' });
    const token = await api.reader();
    const parent = (await api.comment(token, { page: '/context', body: 'The parent' })).body.comment.id;
    await api.call('POST', '/api/v1/comments', { token, body: { site: 'demo', page: '/context', title: 'Context article', body: 'What a deal', author: { name: 'Ann' }, parentId: parent } });
    const [item] = (await admin.get('/queues/pending?site=demo&limit=1')).body.items as Item[];
    expect(item!.comment).toMatchObject({ reasons: ['suspect word: deal'], bodyMd: 'What a deal', status: 'pending' });
    expect(item!.page).toMatchObject({ key: '/context', title: 'Context article' });
    expect(item!.parent).toMatchObject({ id: parent });
    expect(item!.author.recent).toHaveLength(2);
    await setSiteSettings(t.app, 'demo', { moderationMode: 'all' });
  });

  it('a reported comment shows in Reported with its reason, and approving it dismisses the reports', async () => {
    await setSiteSettings(t.app, 'demo', { moderationMode: 'none', flagThreshold: 2 });
    const token = await api.reader();
    const id = (await api.comment(token, { page: '/reported', body: 'Contested claim' })).body.comment.id;
    await api.post(`/api/v1/comments/${id}/flags`, { reason: 'abuse' }, { token: await api.reader() });
    let reported = (await admin.get('/queues/reported?site=demo')).body;
    expect(ids(reported.items)).toEqual([id]);
    expect(reported.items[0].comment.status).toBe('approved');
    await api.post(`/api/v1/comments/${id}/flags`, { reason: 'spam' }, { token: await api.reader() });
    reported = (await admin.get('/queues/reported?site=demo')).body;
    expect(reported.items[0].comment).toMatchObject({ status: 'pending', reasons: ['reported ×2'] });
    expect(reported.counts.reported).toBe(1);
    await admin.post(`/comments/${id}/actions`, { action: 'approve' });
    expect((await admin.get('/queues/reported?site=demo')).body.items).toEqual([]);
    expect((await api.get('/api/v1/threads?site=demo&page=/reported')).body.comments.map((c: { id: number }) => c.id)).toEqual([id]);
    await setSiteSettings(t.app, 'demo', { moderationMode: 'all', flagThreshold: 3 });
  });

  it('the counts add up across the queues', async () => {
    const counts = (await admin.get('/queues/counts?site=demo')).body;
    const all = (await admin.get('/queues/all?site=demo&limit=100')).body.items as Item[];
    const by = (status: string) => all.filter((i) => i.comment.status === status).length;
    expect(counts).toMatchObject({ pending: by('pending'), approved: by('approved'), spam: by('spam'), rejected: by('rejected'), all: all.length });
  });
});

describe('live events', () => {
  it('streams a new held comment on the moderator\'s site as it arrives', async () => {
    const controller = new AbortController();
    const res = await t.app.request('/api/v1/admin/events?site=demo', {
      headers: { cookie: admin.session.cookie!, origin: 'http://parley.test' },
      signal: controller.signal,
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/event-stream');
    const reader = res.body!.getReader();
    const decoder = new TextDecoder();
    let text = '';
    const readUntil = async (needle: string) => {
      for (let i = 0; i < 50 && !text.includes(needle); i++) {
        const { value, done } = await reader.read();
        if (done) break;
        text += decoder.decode(value);
      }
      return text.includes(needle);
    };
    expect(await readUntil('event: ready')).toBe(true);
    const created = await api.comment(await api.reader(), { page: '/live', body: 'Fresh off the press' });
    expect(await readUntil(`"commentId":${created.body.comment.id}`)).toBe(true);
    expect(text).toContain('event: comment');
    expect(text).toContain('"status":"pending"');
    controller.abort();
    await reader.cancel().catch(() => {});
  });
});
