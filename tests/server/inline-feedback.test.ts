import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { comments } from '../../server/store/schema/index.ts';
import { client, createTestApp, setSiteSettings, type TestApp } from '../helpers/app.ts';
import { bulkSettings, countRows, storedComment } from '../helpers/rows.ts';

let t: TestApp;
let api: ReturnType<typeof client>;
let token: string;
beforeAll(async () => {
  t = await createTestApp({ settings: bulkSettings });
  api = client(t.app);
  token = await api.reader();
});
afterAll(() => t.close());

const PAGE = '/inline';
const anchor = (over: Record<string, unknown> = {}) => ({
  exact: 'the old towpath',
  prefix: 'station along ',
  suffix: ', but traders',
  start: 120,
  end: 135,
  page: PAGE,
  ...over,
});
let n = 0;
// A different body each time: the repeat-post rule refuses the same text twice.
const post = (fields: Record<string, unknown>) =>
  api.post('/api/v1/comments', { site: 'demo', page: PAGE, body: `Feedback on a passage, take ${++n}`, author: { name: 'Ann' }, ...fields }, { token });

describe('inline feedback: a comment on a passage of the article', () => {
  it('is stored as a text-quote selector with a position hint, without the page key', async () => {
    const res = await post({ anchor: anchor() });
    expect(res.status).toBe(201);
    const stored = { exact: 'the old towpath', prefix: 'station along ', suffix: ', but traders', start: 120, end: 135 };
    expect(res.body.comment.anchor).toEqual(stored);
    expect((await storedComment(t.app, res.body.comment.id))?.anchor).toEqual(stored);
  });

  it('a quote with line breaks (a selection across paragraphs) and plain "<" or "&" is accepted', async () => {
    const exact = 'x < y & z.\n\nNext paragraph';
    const res = await post({ anchor: anchor({ exact, prefix: '', suffix: '', start: 0, end: exact.length }) });
    expect(res.status).toBe(201);
    expect(res.body.comment.anchor.exact).toBe(exact);
  });

  it.each([
    ['an over-long quote', { exact: 'a'.repeat(1001), end: 120 + 1001 }, 'anchor.exact'],
    ['an over-long prefix', { prefix: 'p'.repeat(65) }, 'anchor.prefix'],
    ['an over-long suffix', { suffix: 's'.repeat(65) }, 'anchor.suffix'],
    ['an HTML tag in the quote', { exact: 'the <b>old</b> path', end: 120 + 19 }, 'anchor.exact'],
    ['a script tag in the quote', { exact: '<script>alert(1)</script>', end: 120 + 25 }, 'anchor.exact'],
    ['an HTML comment in the quote', { exact: 'old <!-- x --> path', end: 120 + 19 }, 'anchor.exact'],
    ['a character reference in the quote', { exact: 'fish &amp; chips', end: 120 + 16 }, 'anchor.exact'],
    ['a tag in the prefix', { prefix: '<p>station' }, 'anchor.prefix'],
    ['a blank quote', { exact: '   ', end: 123 }, 'anchor.exact'],
    ['a NUL in the quote', { exact: 'old\u0000path', end: 128 }, 'anchor.exact'],
    ['a position that does not span the quote', { end: 200 }, 'anchor.end'],
    ['a negative position', { start: -1, end: 14 }, 'anchor.start'],
    ['a quote made on another page', { page: '/some-other-article' }, 'anchor.page'],
    ['no page key at all', { page: undefined }, 'anchor.page'],
  ])('%s is refused with 422 naming the field, and nothing is stored', async (_label, over, field) => {
    const before = await countRows(t.app);
    const res = await post({ anchor: anchor(over) });
    expect(res.status).toBe(422);
    expect(res.body.error).toMatchObject({ code: 'validation', field });
    expect(await countRows(t.app)).toEqual(before);
  });

  it('a reply carrying its own anchor is refused: it belongs to its parent passage', async () => {
    const root = (await post({ anchor: anchor() })).body.comment.id;
    const before = await countRows(t.app);
    const res = await post({ parentId: root, anchor: anchor() });
    expect(res.status).toBe(422);
    expect(res.body.error).toMatchObject({ code: 'validation', field: 'anchor' });
    expect(await countRows(t.app)).toEqual(before);
    expect((await post({ parentId: root, body: 'A reply to the feedback' })).status).toBe(201);
  });

  it('the inline filter lists only feedback threads, with their replies, and pages with a cursor', async () => {
    const page = '/inline-filter';
    const on = (exact: string) => ({ exact, prefix: '', suffix: '', start: 0, end: exact.length, page });
    const say = (body: string, extra: Record<string, unknown> = {}) =>
      api.post('/api/v1/comments', { site: 'demo', page, body, author: { name: 'Bo' }, ...extra }, { token });
    await say('plain one');
    expect((await api.get(`/api/v1/threads?site=demo&page=${page}`)).body.hasInline).toBe(false);
    const first = (await say('on passage one', { anchor: on('passage one') })).body.comment.id;
    await say('a reply to passage one', { parentId: first });
    await say('plain two');
    await say('on passage two', { anchor: on('passage two') });

    // The first page of the whole thread may not hold any feedback, but says that the page has some.
    const all = await api.get(`/api/v1/threads?site=demo&page=${page}&limit=1`);
    expect(all.body.comments.map((c: { anchor: unknown }) => c.anchor)).toEqual([null]);
    expect(all.body.hasInline).toBe(true);
    const inline = await api.get(`/api/v1/threads?site=demo&page=${page}&filter=inline&limit=1`);
    expect(inline.status).toBe(200);
    expect(inline.body.comments.map((c: { bodyHtml: string }) => c.bodyHtml)).toEqual(['<p>on passage one</p>', '<p>a reply to passage one</p>']);
    const next = await api.get(`/api/v1/threads?site=demo&page=${page}&filter=inline&limit=1&cursor=${inline.body.nextCursor}`);
    expect(next.body.comments.map((c: { anchor: { exact: string } | null }) => c.anchor?.exact)).toEqual(['passage two']);
    expect(next.body.nextCursor).toBeNull();
    // Different answers, so different ETags: a cached full thread is never served for the filter.
    expect(inline.headers.get('etag')).not.toBe((await api.get(`/api/v1/threads?site=demo&page=${page}&limit=1`)).headers.get('etag'));
    expect((await api.get(`/api/v1/threads?site=demo&page=${page}&filter=nope`)).status).toBe(422);
  });

  it('feedback goes through the same moderation as any comment: held when the site pre-moderates', async () => {
    await setSiteSettings(t.app, 'demo', { moderationMode: 'all' });
    try {
      const res = await post({ anchor: anchor(), body: 'Held feedback' });
      expect(res.status).toBe(201);
      expect(res.body.status).toBe('pending');
      const inline = await api.get(`/api/v1/threads?site=demo&page=${PAGE}&filter=inline&limit=100`);
      expect(inline.body.comments.some((c: { id: number }) => c.id === res.body.comment.id)).toBe(false);
    } finally {
      await setSiteSettings(t.app, 'demo', { moderationMode: 'none' });
    }
  });

  it('a row stored in the old { quote } shape is still shown as a quote selector', async () => {
    const id = (await post({ body: 'legacy' })).body.comment.id;
    const { eq } = await import('drizzle-orm');
    await t.app.services.database.db.update(comments).set({ anchor: { quote: 'an old passage' } as never }).where(eq(comments.id, id));
    const res = await api.get(`/api/v1/comments/${id}`);
    expect(res.body.comment.anchor).toEqual({ exact: 'an old passage', prefix: '', suffix: '', start: 0, end: 0 });
  });
});
