import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { client, createTestApp, setSiteSettings, type TestApp } from '../helpers/app.ts';
import { bulkSettings } from '../helpers/rows.ts';

let t: TestApp;
let api: ReturnType<typeof client>;
let token: string;
beforeAll(async () => {
  t = await createTestApp({ settings: bulkSettings });
  api = client(t.app);
  token = await api.reader();
});
afterAll(() => t.close());

const url = (page: string, query = '') => `/api/v1/threads?site=demo&page=${page}${query}`;
const revalidate = (page: string, etag: string, query = '') => api.get(url(page, query), { headers: { 'if-none-match': etag } });

describe('thread revalidation by ETag', () => {
  it('the same thread answers 304 with the same ETag and no body', async () => {
    await api.comment(token, { page: '/etag', body: 'one' });
    const first = await api.get(url('/etag'));
    const etag = first.headers.get('etag')!;
    expect(etag).toMatch(/^W\/".+"$/);
    expect(first.headers.get('cache-control')).toBe('no-cache');
    const again = await revalidate('/etag', etag);
    expect(again.status).toBe(304);
    expect(again.body).toBeNull();
    expect(again.headers.get('etag')).toBe(etag);
    // A list of candidates works too, as browsers and proxies send it.
    expect((await revalidate('/etag', `W/"other", ${etag}`)).status).toBe(304);
  });

  it('a new comment, an edit, a vote and a delete each change it', async () => {
    const page = '/etag-changes';
    const id = (await api.comment(token, { page, body: 'start' })).body.comment.id;
    const voter = await api.reader();
    const changes: Array<() => Promise<unknown>> = [
      () => api.comment(token, { page, body: 'a new one' }),
      () => api.patch(`/api/v1/comments/${id}`, { body: 'edited' }, { token }),
      () => api.put(`/api/v1/comments/${id}/vote`, { value: 1 }, { token: voter }),
      () => api.del(`/api/v1/comments/${id}`, { token }),
    ];
    let etag = (await api.get(url(page))).headers.get('etag')!;
    for (const change of changes) {
      await change();
      const res = await revalidate(page, etag);
      expect(res.status).toBe(200);
      expect(res.headers.get('etag')).not.toBe(etag);
      etag = res.headers.get('etag')!;
      expect((await revalidate(page, etag)).status).toBe(304);
    }
  });

  it('a held comment does not change what others see, so the ETag stays', async () => {
    const page = '/etag-held';
    await api.comment(token, { page, body: 'visible' });
    const etag = (await api.get(url(page))).headers.get('etag')!;
    await setSiteSettings(t.app, 'demo', { moderationMode: 'all' });
    await api.comment(await api.reader(), { page, body: 'held back' });
    await setSiteSettings(t.app, 'demo', { moderationMode: 'none' });
    expect((await revalidate(page, etag)).status).toBe(304);
  });

  it('a new page title changes it, even when the comment that brought it is held', async () => {
    const page = '/etag-title';
    await api.comment(token, { page, body: 'untitled so far' });
    const first = await api.get(url(page));
    expect(first.body.page.title).toBeNull();
    await setSiteSettings(t.app, 'demo', { moderationMode: 'all' });
    const held = await api.call('POST', '/api/v1/comments', {
      token: await api.reader(),
      body: { site: 'demo', page, title: 'Now with a title', body: 'held, but the page learns its title', author: { name: 'T' } },
    });
    await setSiteSettings(t.app, 'demo', { moderationMode: 'none' });
    expect(held.body.status).toBe('pending');
    const res = await revalidate(page, first.headers.get('etag')!);
    expect(res.status).toBe(200);
    expect(res.body.page.title).toBe('Now with a title');
  });

  it('each sort, cursor and limit has its own ETag', async () => {
    const page = '/etag-variants';
    for (let i = 0; i < 3; i++) await api.comment(token, { page, body: `variant ${i}` });
    const tags = new Set<string>();
    for (const query of ['', '&sort=newest', '&sort=votes', '&limit=1', '&limit=2']) tags.add((await api.get(url(page, query))).headers.get('etag')!);
    expect(tags.size).toBe(5);
    const oldest = (await api.get(url(page))).headers.get('etag')!;
    expect((await revalidate(page, oldest, '&sort=newest')).status).toBe(200);
  });

  it('a change of public settings changes it', async () => {
    const page = '/etag-settings';
    await api.comment(token, { page, body: 'settings' });
    const first = await api.get(url(page));
    await setSiteSettings(t.app, 'demo', { editWindowMinutes: 30 });
    const res = await revalidate(page, first.headers.get('etag')!);
    await setSiteSettings(t.app, 'demo', { editWindowMinutes: 15 });
    expect(res.status).toBe(200);
    expect(res.body.settings.editWindowMinutes).toBe(30);
  });
});
