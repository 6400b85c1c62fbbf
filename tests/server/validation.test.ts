import { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../../server/errors.ts';
import { onError } from '../../server/routes/on-error.ts';
import { client, createTestApp, type TestApp } from '../helpers/app.ts';
import { listen } from '../helpers/http-server.ts';
import { bulkSettings, countRows } from '../helpers/rows.ts';

let t: TestApp;
let api: ReturnType<typeof client>;
let token: string;
let commentId: number;
beforeAll(async () => {
  t = await createTestApp({ settings: bulkSettings });
  api = client(t.app);
  token = await api.reader();
  commentId = (await api.comment(token, { page: '/valid', body: 'the one comment' })).body.comment.id;
});
afterAll(() => t.close());

const good = { site: 'demo', page: '/valid', body: 'a fine comment', author: { name: 'Ann' } };
const with_ = (patch: Record<string, unknown>) => ({ ...good, ...patch });

/** Every rejected write: a 4xx with the one error shape, and not a row more or less anywhere. */
async function expectRejected(status: number, send: () => Promise<{ status: number; body: any; headers: Headers }>, field?: string) {
  const before = await countRows(t.app);
  const res = await send();
  expect(res.status).toBe(status);
  expect(res.headers.get('content-type')).toContain('application/json');
  expect(Object.keys(res.body)).toEqual(['error']);
  expect(res.body.error).toMatchObject({ code: expect.stringMatching(/^[a-z_]+$/), message: expect.any(String) });
  expect(Object.keys(res.body.error).every((k) => ['code', 'message', 'field'].includes(k))).toBe(true);
  if (field) expect(res.body.error.field).toBe(field);
  expect(await countRows(t.app)).toEqual(before);
  return res;
}

describe('bad input to POST /comments is a 4xx and nothing is written', () => {
  const cases: Array<[string, unknown, number, string?]> = [
    ['an empty body', with_({ body: '' }), 422, 'body'],
    ['a body of only spaces and newlines', with_({ body: '  \n\t \n' }), 422, 'body'],
    ['a body over the site limit (5,000)', with_({ body: 'x'.repeat(5001) }), 422, 'body'],
    ['a body over the hard ceiling (20,000)', with_({ body: 'y'.repeat(20_001) }), 422, 'body'],
    ['a NUL byte in the body', with_({ body: 'before\u0000after' }), 422, 'body'],
    ['a lone surrogate in the body', with_({ body: 'half a pair \ud800 here' }), 422, 'body'],
    ['a lone low surrogate in the body', with_({ body: 'tail \udfff' }), 422, 'body'],
    ['a control character in the body', with_({ body: 'bell \u0007' }), 422, 'body'],
    ['a NUL byte in the name', with_({ author: { name: 'A\u0000n' } }), 422, 'author.name'],
    ['a lone surrogate in the name', with_({ author: { name: 'A\ud800' } }), 422, 'author.name'],
    ['an empty name', with_({ author: { name: '   ' } }), 422, 'author.name'],
    ['a name with a line break', with_({ author: { name: 'Ann\r\nBcc: x@y.z' } }), 422, 'author.name'],
    ['a name over the site limit', with_({ author: { name: 'n'.repeat(51) } }), 422, 'author.name'],
    ['a bad e-mail', with_({ author: { name: 'Ann', email: 'not-an-email' } }), 422, 'author.email'],
    ['a NUL byte in the page key', with_({ page: '/a\u0000b' }), 422, 'page'],
    ['a lone surrogate in the page key', with_({ page: '/\udc00' }), 422, 'page'],
    ['an empty page key', with_({ page: '' }), 422, 'page'],
    ['an over-long page key', with_({ page: '/' + 'p'.repeat(600) }), 422, 'page'],
    ['a javascript: page URL', with_({ url: 'javascript:alert(1)' }), 422, 'url'],
    ['a body that is a number', with_({ body: 42 }), 422, 'body'],
    ['a body that is null', with_({ body: null }), 422, 'body'],
    ['an author that is a string', with_({ author: 'Ann' }), 422, 'author'],
    ['no author', { site: 'demo', page: '/valid', body: 'x' }, 422, 'author'],
    ['a parentId that is not a number', with_({ parentId: 'abc' }), 422, 'parentId'],
    ['a negative parentId', with_({ parentId: -3 }), 422, 'parentId'],
    ['a parentId of true', with_({ parentId: true }), 422, 'parentId'],
    ['a parentId in an array', with_({ parentId: [5] }), 422, 'parentId'],
    ['a parentId as text', with_({ parentId: '5' }), 422, 'parentId'],
    ['a site that is a number', with_({ site: 7 }), 422, 'site'],
    ['an anchor that is a string', with_({ anchor: 'here' }), 422, 'anchor'],
    ['a renderedAt that is a string', with_({ renderedAt: 'now' }), 422, 'renderedAt'],
    ['a JSON array', [good], 422],
    ['JSON null', 'null', 422],
    ['an unknown site', with_({ site: 'nope' }), 404, 'site'],
  ];
  for (const [name, body, status, field] of cases) {
    it(`${name} → ${status}`, async () => {
      await expectRejected(status, () => api.post('/api/v1/comments', body as never, { token }), field);
    });
  }

  it('malformed JSON → 400', async () => {
    await expectRejected(400, () => api.post('/api/v1/comments', '{"site": "demo", "body": ', { token }));
    await expectRejected(400, () => api.post('/api/v1/comments', '', { token }));
  });

  it('a wrong or missing content type → 400', async () => {
    const json = JSON.stringify(good);
    await expectRejected(400, () => api.post('/api/v1/comments', json, { token, headers: { 'content-type': 'text/plain' } }));
    await expectRejected(400, () => api.post('/api/v1/comments', json, { token, headers: { 'content-type': 'application/x-www-form-urlencoded' } }));
    await expectRejected(400, () => api.call('POST', '/api/v1/comments', { token, headers: {} }));
  });

  it('a body over 64 KiB → 413', async () => {
    const huge = JSON.stringify(with_({ body: 'z'.repeat(70_000) }));
    await expectRejected(413, () => api.post('/api/v1/comments', huge, { token }));
  });
});

describe('bad input elsewhere is a 4xx and nothing is written', () => {
  it('PATCH with a NUL byte, a lone surrogate, a wrong type or over-long text → 422, the comment unchanged', async () => {
    for (const body of [{ body: 'a\u0000b' }, { body: '\ud83d' }, { body: 5 }, { body: 'x'.repeat(5001) }, {}]) {
      await expectRejected(422, () => api.patch(`/api/v1/comments/${commentId}`, body, { token }), 'body');
    }
    const thread = await api.get('/api/v1/threads?site=demo&page=/valid');
    expect(thread.body.comments[0].bodyHtml).toBe('<p>the one comment</p>');
  });

  it('ids that are not ids → 422', async () => {
    for (const id of ['abc', '0', '-1', '1.5', '1e3', '9'.repeat(16)]) {
      await expectRejected(422, () => api.put(`/api/v1/comments/${id}/vote`, { value: 1 }, { token }), 'id');
    }
  });

  it('query strings with a NUL byte, a bad slug or a missing page → 422; an unknown page is an empty thread', async () => {
    for (const query of ['site=demo&page=%00', 'site=demo', 'page=/valid', 'site=DEMO&page=/valid', 'site=demo&page=/valid&limit=-1']) {
      await expectRejected(422, () => api.get(`/api/v1/threads?${query}`));
    }
    const empty = await api.get('/api/v1/threads?site=demo&page=/nobody-here');
    expect(empty.status).toBe(200);
    expect(empty.body.comments).toEqual([]);
    await expectRejected(404, () => api.get('/api/v1/threads?site=nowhere&page=/nobody-here'), 'site');
    // Bytes that are not UTF-8 are never a 500 (the key is kept as sent: an empty thread, or a 4xx).
    const res = await api.get('/api/v1/threads?site=demo&page=%ED%A0%80');
    expect(res.status).toBeLessThan(500);
  });

  it('an unknown route is a 404 in the same shape', async () => {
    await expectRejected(404, () => api.get('/api/v1/nothing-here'));
  });
});

describe('over a real socket', () => {
  it('a body over 64 KiB is refused with 413, with and without Content-Length', async () => {
    const server = await listen(t.app);
    try {
      const before = await countRows(t.app);
      const huge = JSON.stringify(with_({ body: 'z'.repeat(70_000) }));
      const headers = { 'content-type': 'application/json', authorization: `Bearer ${token}` };
      const sized = await fetch(`${server.url}/api/v1/comments`, { method: 'POST', headers, body: huge });
      expect(sized.status).toBe(413);
      expect(await sized.json()).toEqual({ error: { code: 'payload_too_large', message: expect.any(String) } });
      const bytes = new TextEncoder().encode(huge);
      const stream = new ReadableStream<Uint8Array>({
        start(controller) {
          for (let i = 0; i < bytes.length; i += 8192) controller.enqueue(bytes.slice(i, i + 8192));
          controller.close();
        },
      });
      const chunked = await fetch(`${server.url}/api/v1/comments`, { method: 'POST', headers, body: stream, duplex: 'half' } as RequestInit);
      expect(chunked.status).toBe(413);
      expect(await countRows(t.app)).toEqual(before);
      // Raw bytes that are not UTF-8 in a JSON body: decoded with replacement characters, never a 500.
      const latin1 = Buffer.concat([Buffer.from('{"site":"demo","page":"/valid","author":{"name":"Ann"},"body":"caf'), Buffer.from([0xe9, 0xff]), Buffer.from(' ok"}')]);
      const odd = await fetch(`${server.url}/api/v1/comments`, { method: 'POST', headers, body: latin1 });
      expect(odd.status).toBeLessThan(500);
    } finally {
      await server.close();
    }
  });
});

describe('the last line of defence', () => {
  it('a value the database refuses (SQLSTATE class 22) is a 422, not a 500', async () => {
    // As drizzle wraps it: the driver error, with its SQLSTATE, as the cause.
    const refused = (code: string) => Object.assign(new Error('Failed query'), { cause: Object.assign(new Error('data exception'), { code }) });
    const app = new Hono()
      .onError(onError)
      .get('/:code', (c) => {
        throw refused(c.req.param('code'));
      });
    for (const code of ['22P05', '22021', '22003']) {
      const res = await app.request(`/${code}`);
      expect(res.status).toBe(422);
      expect(await res.json()).toEqual({ error: { code: 'validation', message: expect.any(String) } });
    }
    const unavailable = await app.request('/57P01');
    expect(unavailable.status).toBe(503);
    expect(unavailable.headers.get('retry-after')).toBe('2');
  });

  it('our own refusal wrapped by the query builder keeps its status and Retry-After (a full PGlite queue is a 503, not a 500)', async () => {
    const busy = new AppError('unavailable', 'The server is busy; try again shortly', undefined, 1);
    const app = new Hono()
      .onError(onError)
      .get('/', () => {
        throw new Error('Failed query: update "outbox" …', { cause: busy });
      });
    const res = await app.request('/');
    expect(res.status).toBe(503);
    expect(res.headers.get('retry-after')).toBe('1');
    expect(await res.json()).toEqual({ error: { code: 'unavailable', message: 'The server is busy; try again shortly' } });
  });

  it('a socket destroyed under a query, however deeply wrapped, is a 503 to retry, not a 500', async () => {
    const destroyed = Object.assign(new Error('Cannot call write after a stream was destroyed'), { code: 'ERR_STREAM_DESTROYED' });
    const app = new Hono()
      .onError(onError)
      .get('/', () => {
        throw new Error('Failed query', { cause: new Error('driver', { cause: destroyed }) });
      });
    const res = await app.request('/');
    expect(res.status).toBe(503);
    expect(res.headers.get('retry-after')).toBe('2');
  });
});
