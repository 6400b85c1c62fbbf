import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { client, createTestApp, type TestApp } from '../helpers/app.ts';
import { bulkSettings } from '../helpers/rows.ts';

let t: TestApp;
let api: ReturnType<typeof client>;
beforeAll(async () => {
  t = await createTestApp({ settings: bulkSettings });
  api = client(t.app);
});
afterAll(() => t.close());

describe('comment counts are cached by ETag', () => {
  it('a repeat with If-None-Match is a 304 until a count changes', async () => {
    const url = '/api/v1/counts?site=demo&page=/etag-a&page=/etag-b';
    const first = await t.app.request(url);
    const etag = first.headers.get('etag')!;
    expect(first.status).toBe(200);
    expect(etag).toMatch(/^".+"$/);
    expect(first.headers.get('cache-control')).toContain('max-age=');
    expect((await t.app.request(url, { headers: { 'if-none-match': etag } })).status).toBe(304);

    await api.comment(await api.reader(), { page: '/etag-b', body: 'changes the count' });
    const after = await t.app.request(url, { headers: { 'if-none-match': etag } });
    expect(after.status).toBe(200);
    expect(await after.json()).toEqual({ counts: { '/etag-a': 0, '/etag-b': 1 } });
  });
});
