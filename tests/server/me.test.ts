import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { client, createTestApp, setSiteSettings, type TestApp } from '../helpers/app.ts';
import { bulkSettings } from '../helpers/rows.ts';

let t: TestApp;
let api: ReturnType<typeof client>;
beforeAll(async () => {
  t = await createTestApp({ settings: bulkSettings });
  api = client(t.app);
});
afterAll(() => t.close());

const me = (page: string, token?: string) => api.get(`/api/v1/me?site=demo&page=${page}`, token ? { token } : {});

describe('the viewer’s own state', () => {
  it('without a token, or with one of another site, there is no reader and nothing of theirs', async () => {
    const empty = { reader: null, votes: {}, flagged: [], pending: [], editable: {}, sources: {} };
    const anonymous = await me('/me');
    expect(anonymous.status).toBe(200);
    expect(anonymous.body).toEqual(empty);
    expect(anonymous.headers.get('cache-control')).toBe('private, no-store');
    expect((await me('/me', 'no-such-token')).body).toEqual(empty);
    await setSiteSettings(t.app, 'elsewhere', {});
    expect((await me('/me', await api.reader('elsewhere'))).body).toEqual(empty);
  });

  it('a pending comment is invisible to others but shown to its author', async () => {
    const page = '/me-pending';
    const [author, other] = [await api.reader(), await api.reader()];
    await api.comment(other, { page, body: 'an approved comment' });
    await setSiteSettings(t.app, 'demo', { moderationMode: 'all' });
    const created = await api.comment(author, { page, body: 'waiting for a moderator', name: 'Pat' });
    await setSiteSettings(t.app, 'demo', { moderationMode: 'none' });
    expect(created.status).toBe(201);
    expect(created.body.status).toBe('pending');
    expect(created.body.reasons).toEqual(['pre-moderation']);
    const id = created.body.comment.id;

    const thread = await api.get(`/api/v1/threads?site=demo&page=${page}`);
    expect(thread.body.comments.map((c: { id: number }) => c.id)).not.toContain(id);
    expect(thread.body.page.commentCount).toBe(1);
    expect(JSON.stringify(thread.body)).not.toContain('waiting for a moderator');
    expect((await me(page, other)).body.pending).toEqual([]);

    const mine = await me(page, author);
    expect(mine.body.reader).toMatchObject({ name: 'Pat' });
    expect(mine.body.pending).toEqual([expect.objectContaining({ id, status: 'pending', bodyHtml: '<p>waiting for a moderator</p>' })]);
    expect(Object.keys(mine.body.editable)).toEqual([String(id)]);
  });

  it('lists what may still be edited with its deadline, and forgets it when the window closes', async () => {
    const page = '/me-editable';
    const token = await api.reader();
    const id = (await api.comment(token, { page, body: 'editable for a while' })).body.comment.id;
    const deadline = new Date(t.clock.now().getTime() + 15 * 60_000).toISOString();
    expect((await me(page, token)).body.editable).toEqual({ [id]: deadline });
    t.clock.advance(15 * 60_000 + 1);
    expect((await me(page, token)).body.editable).toEqual({});
    expect((await me(page, token)).body.sources).toEqual({});
  });

  it('gives the exact Markdown of each editable comment, so an edit on another device starts from it', async () => {
    const page = '/me-sources';
    const token = await api.reader();
    const body = '**Bold** claim with a [link](https://example.com/a_b) and `code`\n\n> quoted';
    const id = (await api.comment(token, { page, body })).body.comment.id;
    const other = await api.reader();
    expect((await me(page, token)).body.sources).toEqual({ [id]: body });
    expect((await me(page, other)).body.sources).toEqual({});
  });

  it('a page nobody commented on answers the reader and nothing else', async () => {
    const token = await api.reader();
    const res = await me('/me-untouched', token);
    expect(res.body).toMatchObject({ reader: { id: expect.any(Number), name: null, email: null }, votes: {}, pending: [] });
  });

  it('a bad query is a 422 and an unknown site a 404', async () => {
    expect((await api.get('/api/v1/me?site=demo')).status).toBe(422);
    expect((await api.get('/api/v1/me?site=Not_A_Slug&page=/x')).status).toBe(422);
    expect((await api.get('/api/v1/me?site=nope&page=/x')).status).toBe(404);
  });
});
