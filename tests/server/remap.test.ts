import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importFile } from '../../server/services/migrate/import.ts';
import { parseRemapCsv, remapPage } from '../../server/services/migrate/remap.ts';
import { client, createTestApp, type TestApp } from '../helpers/app.ts';
import { FIXTURES, importedComments } from '../helpers/migrate.ts';
import { bulkSettings } from '../helpers/rows.ts';

describe('pages that survive URL changes', () => {
  let t: TestApp;
  const api = () => client(t.app);
  const thread = (key: string) => api().get(`/api/v1/threads?site=demo&page=${encodeURIComponent(key)}&limit=50`);
  /** What a reader sees on a key: no page there yet is an empty thread to the widget. */
  const shownOn = async (key: string) => {
    const res = await thread(key);
    if (res.status === 404 && res.body.error.code === 'page_not_found') return [];
    return res.body.comments;
  };
  beforeAll(async () => {
    t = await createTestApp({ settings: bulkSettings });
    await importFile(t.app.services, { site: 'demo', format: 'wxr', path: FIXTURES + 'wordpress.wxr', isDryRun: false });
  });
  afterAll(() => t.close());

  it('a remapped thread answers on its new key with its comments and votes, and the old key is empty', async () => {
    const deep = (await importedComments(t.app)).get('wxr:comment:102')!;
    const voter = await api().reader();
    expect((await api().put(`/api/v1/comments/${deep.id}/vote`, { value: 1 }, { token: voter })).status).toBe(200);
    const before = await thread('/2020/01/hello-world/');

    expect(await remapPage(t.app.services, 'demo', '/2020/01/hello-world/', '/news/hello-world')).toEqual({
      from: '/2020/01/hello-world/',
      to: '/news/hello-world',
      outcome: 'moved',
      comments: 7,
    });
    const after = await thread('/news/hello-world');
    expect(after.body.page.commentCount).toBe(7);
    expect(after.body.comments).toEqual(before.body.comments);
    expect(after.body.comments.find((c: { id: number }) => c.id === deep.id)).toMatchObject({ upvotes: 1, downvotes: 0, depth: 1 });
    const me = await api().get(`/api/v1/me?site=demo&page=${encodeURIComponent('/news/hello-world')}`, { token: voter });
    expect(JSON.stringify(me.body)).toContain(String(deep.id));
    expect(await shownOn('/2020/01/hello-world/')).toEqual([]);
  });

  it('remapping onto a key that has comments merges the two threads and says so', async () => {
    const reader = await api().reader();
    expect((await api().comment(reader, { page: '/about-us/', body: 'Written on the new URL' })).status).toBe(201);
    const result = await remapPage(t.app.services, 'demo', '/about/', '/about-us/');
    expect(result).toEqual({ from: '/about/', to: '/about-us/', outcome: 'merged', comments: 2 });
    const merged = await thread('/about-us/');
    expect(merged.body.page.commentCount).toBe(3);
    // Oldest first: the two 2019 comments, then the one written today.
    expect(merged.body.comments.map((c: { bodyHtml: string }) => c.bodyHtml)).toEqual(['<p>שלום</p>', '<p>Nameless, local time only</p>', '<p>Written on the new URL</p>']);
    expect((await remapPage(t.app.services, 'demo', '/about/', '/elsewhere/')).outcome).toBe('no_such_page');
  });

  it('re-importing the original file after a remap writes nothing', async () => {
    const again = await importFile(t.app.services, { site: 'demo', format: 'wxr', path: FIXTURES + 'wordpress.wxr', isDryRun: false });
    expect(again.comments).toMatchObject({ created: 0, unchanged: 13 });
    expect(await shownOn('/2020/01/hello-world/')).toEqual([]);
  });

  it('a CSV of pairs is read line by line, URLs stand for their paths, and a bad line names its number', () => {
    expect(parseRemapCsv('old,new\n/a,/b\nhttps://old.example/c/?p=1 , /d\n\n# comment\n')).toEqual([
      { from: '/a', to: '/b' },
      { from: '/c/?p=1', to: '/d' },
    ]);
    expect(() => parseRemapCsv('/a,/b\n/c\n')).toThrow(/Line 2/);
  });
});
