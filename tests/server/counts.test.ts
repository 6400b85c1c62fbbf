import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { client, createTestApp, setSiteSettings, type TestApp } from '../helpers/app.ts';
import { bulkSettings, errorShape } from '../helpers/rows.ts';

let t: TestApp;
let api: ReturnType<typeof client>;
beforeAll(async () => {
  t = await createTestApp({ settings: bulkSettings });
  api = client(t.app);
});
afterAll(() => t.close());

describe('comment counts for article lists', () => {
  it('answers each asked page, unknown pages as 0, pending comments not counted', async () => {
    const token = await api.reader();
    for (let i = 0; i < 3; i++) await api.comment(token, { page: '/a', body: `on a, number ${i}` });
    await api.comment(token, { page: '/b', body: 'on b' });
    await setSiteSettings(t.app, 'demo', { moderationMode: 'all' });
    await api.comment(token, { page: '/b', body: 'on b, held' });
    await setSiteSettings(t.app, 'demo', { moderationMode: 'none' });
    const res = await api.get('/api/v1/counts?site=demo&page=/a&page=/b&page=/c');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ counts: { '/a': 3, '/b': 1, '/c': 0 } });
  });

  it('the count drops when a comment is deleted', async () => {
    const token = await api.reader();
    const id = (await api.comment(token, { page: '/d', body: 'soon gone' })).body.comment.id;
    expect((await api.get('/api/v1/counts?site=demo&page=/d')).body.counts['/d']).toBe(1);
    await api.del(`/api/v1/comments/${id}`, { token });
    expect((await api.get('/api/v1/counts?site=demo&page=/d')).body.counts['/d']).toBe(0);
  });

  it('no page, too many pages or a bad page key is a 422; an unknown site a 404', async () => {
    const many = Array.from({ length: 101 }, (_, i) => `page=/p${i}`).join('&');
    for (const query of ['site=demo', `site=demo&${many}`, 'site=demo&page=%00', 'site=demo&page=']) {
      const res = await api.get(`/api/v1/counts?${query}`);
      expect(res.status, query).toBe(422);
      expect(res.body.error.code).toBe('validation');
    }
    const unknown = await api.get('/api/v1/counts?site=nope&page=/a');
    expect(unknown.status).toBe(404);
    expect(unknown.body).toEqual(errorShape('site_not_found'));
  });
});
