import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { client, createTestApp, PUBLIC_URL, setSiteSettings, type TestApp } from '../helpers/app.ts';
import { bulkSettings, countRows } from '../helpers/rows.ts';

let t: TestApp;
let api: ReturnType<typeof client>;
let token: string;
const NEWS = 'https://news.example';
const OTHER = 'https://other.example';
const FOREIGN = 'https://evil.example';

beforeAll(async () => {
  t = await createTestApp({ settings: bulkSettings });
  api = client(t.app);
  await setSiteSettings(t.app, 'demo', bulkSettings, [PUBLIC_URL, NEWS]);
  await setSiteSettings(t.app, 'other', {}, [OTHER]);
  token = await api.reader();
  await api.comment(token, { page: '/cors', body: 'a comment to read' });
});
afterAll(() => t.close());

const threadUrl = '/api/v1/threads?site=demo&page=/cors';

describe('CORS for the public API', () => {
  it('an allowed origin gets Access-Control-Allow-Origin on reads and writes', async () => {
    const read = await api.get(threadUrl, { headers: { origin: NEWS } });
    expect(read.status).toBe(200);
    expect(read.headers.get('access-control-allow-origin')).toBe(NEWS);
    expect(read.headers.get('access-control-expose-headers')).toContain('ETag');
    expect(read.headers.get('vary')).toContain('Origin');
    const write = await api.comment(token, { page: '/cors', body: 'posted from the news site' });
    expect(write.status).toBe(201);
    const posted = await api.call('POST', '/api/v1/comments', {
      token,
      headers: { origin: NEWS },
      body: { site: 'demo', page: '/cors', body: 'again from the news site', author: { name: 'N' } },
    });
    expect(posted.status).toBe(201);
    expect(posted.headers.get('access-control-allow-origin')).toBe(NEWS);
  });

  it('an error answer to an allowed origin carries CORS headers too, so the widget can read the code', async () => {
    const res = await api.get('/api/v1/threads?site=demo&page=/nobody&sort=best', { headers: { origin: NEWS } });
    expect(res.status).toBe(422);
    expect(res.body.error.code).toBe('validation');
    expect(res.headers.get('access-control-allow-origin')).toBe(NEWS);
  });

  it('a preflight from an allowed origin lists the methods and headers the widget uses', async () => {
    const res = await t.app.request('/api/v1/comments', {
      method: 'OPTIONS',
      headers: { origin: NEWS, 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization, content-type' },
    });
    expect(res.status).toBe(204);
    expect(res.headers.get('access-control-allow-origin')).toBe(NEWS);
    expect(res.headers.get('access-control-allow-methods')).toContain('PATCH');
    expect(res.headers.get('access-control-allow-headers')).toMatch(/Authorization/i);
    expect(res.headers.get('access-control-allow-credentials')).toBeNull();
  });

  it('a foreign origin gets no CORS headers, on a read or a preflight', async () => {
    const read = await api.get(threadUrl, { headers: { origin: FOREIGN } });
    expect(read.status).toBe(200);
    expect(read.headers.get('access-control-allow-origin')).toBeNull();
    const preflight = await t.app.request('/api/v1/comments', { method: 'OPTIONS', headers: { origin: FOREIGN, 'access-control-request-method': 'POST' } });
    expect(preflight.headers.get('access-control-allow-origin')).toBeNull();
    expect(preflight.headers.get('access-control-allow-methods')).toBeNull();
  });

  it('a write from a foreign origin is 403 origin_not_allowed and nothing is stored', async () => {
    const before = await countRows(t.app);
    const headers = { origin: FOREIGN };
    const attempts = [
      api.call('POST', '/api/v1/comments', { token, headers, body: { site: 'demo', page: '/cors', body: 'from evil', author: { name: 'E' } } }),
      api.call('POST', '/api/v1/readers', { headers, body: { site: 'demo' } }),
      api.call('PUT', '/api/v1/comments/1/vote', { token, headers, body: { value: 1 } }),
      api.call('DELETE', '/api/v1/comments/1', { token, headers }),
    ];
    for (const res of await Promise.all(attempts)) {
      expect(res.status).toBe(403);
      expect(res.body.error.code).toBe('origin_not_allowed');
      expect(res.headers.get('access-control-allow-origin')).toBeNull();
    }
    expect(await countRows(t.app)).toEqual(before);
  });

  it('an origin that another site allows may not post to this site', async () => {
    const before = await countRows(t.app);
    const post = await api.call('POST', '/api/v1/comments', {
      token,
      headers: { origin: OTHER },
      body: { site: 'demo', page: '/cors', body: 'from the other site', author: { name: 'O' } },
    });
    expect(post.status).toBe(403);
    expect(post.body.error.code).toBe('origin_not_allowed');
    const reader = await api.call('POST', '/api/v1/readers', { headers: { origin: OTHER }, body: { site: 'demo' } });
    expect(reader.status).toBe(403);
    expect(reader.body.error.code).toBe('origin_not_allowed');
    expect(await countRows(t.app)).toEqual(before);
  });

  // Every public write, as a browser on a foreign page would send it: the preflight gets no grant and
  // the request itself (sent anyway, as curl can) is refused before anything is written.
  const writes = (id: number) => [
    { method: 'POST', path: '/api/v1/readers', body: { site: 'demo' } },
    { method: 'POST', path: '/api/v1/readers/sso', body: { site: 'demo', sso: 'x.y' } },
    { method: 'POST', path: '/api/v1/comments', body: { site: 'demo', page: '/cors', body: 'from afar', author: { name: 'F' } } },
    { method: 'PATCH', path: `/api/v1/comments/${id}`, body: { body: 'edited from afar' } },
    { method: 'DELETE', path: `/api/v1/comments/${id}` },
    { method: 'PUT', path: `/api/v1/comments/${id}/vote`, body: { value: 1 } },
    { method: 'POST', path: `/api/v1/comments/${id}/flags`, body: { reason: 'spam' } },
    { method: 'POST', path: '/api/v1/preview', body: { site: 'demo', body: 'a preview' } },
  ];

  for (const origin of [FOREIGN, 'null', 'https://news.example.evil.example', 'http://news.example']) {
    it(`every public write from Origin ${origin} is refused: no preflight grant, 403 origin_not_allowed, nothing written`, async () => {
      const own = (await api.comment(token, { page: '/cors', body: `mine, to attack ${origin}` })).body.comment.id as number;
      const before = await countRows(t.app);
      for (const w of writes(own)) {
        const preflight = await t.app.request(w.path, {
          method: 'OPTIONS',
          headers: { origin, 'access-control-request-method': w.method, 'access-control-request-headers': 'authorization, content-type' },
        });
        expect(preflight.status, `${w.method} ${w.path}`).toBe(204);
        expect(preflight.headers.get('access-control-allow-origin'), `${w.method} ${w.path}`).toBeNull();
        expect(preflight.headers.get('access-control-allow-methods')).toBeNull();
        const res = await api.call(w.method, w.path, { token, headers: { origin }, ...(w.body ? { body: w.body } : {}) });
        expect([res.status, res.body?.error?.code], `${w.method} ${w.path}`).toEqual([403, 'origin_not_allowed']);
        expect(res.headers.get('access-control-allow-origin')).toBeNull();
      }
      expect(await countRows(t.app)).toEqual(before);
      const stored = await api.get(`/api/v1/comments/${own}`);
      expect(stored.body.comment.bodyHtml).toContain('mine, to attack');
    });
  }

  it('reads from a foreign or null Origin are answered without Access-Control-Allow-Origin', async () => {
    for (const origin of [FOREIGN, 'null']) {
      for (const path of [threadUrl, '/api/v1/counts?site=demo&page=/cors', '/api/v1/me?site=demo&page=/cors']) {
        const res = await api.get(path, { token, headers: { origin } });
        expect(res.status, path).toBe(200);
        expect(res.headers.get('access-control-allow-origin'), path).toBeNull();
      }
    }
  });

  it('every answer says nosniff', async () => {
    const res = await api.get(threadUrl);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
  });
});
