import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../server/app.ts';
import { client } from '../helpers/app.ts';
import { createTestDatabase } from '../helpers/database.ts';
import { FAST_READER, seedComments, startTestServer, type TestServer } from '../helpers/server.ts';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ settings: FAST_READER });
});
afterAll(() => server?.close());

const get = (path: string, headers: Record<string, string> = {}) => fetch(`${server.url}${path}`, { headers });

describe('serving the widget', () => {
  it('embed.js is short-cached, names the hashed bundle, and is readable from any origin', async () => {
    const res = await get('/embed.js', { 'accept-encoding': 'identity' });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(res.headers.get('cache-control')).toBe('public, max-age=300');
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    const source = await res.text();
    expect(source).toMatch(/"\/assets\/widget-[\w-]+\.js"/);
    expect(source).not.toContain('__PARLEY_BUNDLE__');
    const etag = res.headers.get('etag')!;
    expect((await get('/embed.js', { 'if-none-match': etag })).status).toBe(304);
  });

  it('the hashed bundle is immutable, compressed with brotli or gzip as the browser asks', async () => {
    const source = await (await get('/embed.js')).text();
    const bundle = /"(\/assets\/widget-[\w-]+\.js)"/.exec(source)![1]!;
    const plain = await get(bundle, { 'accept-encoding': 'identity' });
    expect(plain.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(plain.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    const body = Buffer.from(await plain.arrayBuffer());
    // Node's fetch decodes for us, so ask with a raw request to see the encoding on the wire.
    const http = await import('node:http');
    const raw = await new Promise<{ encoding: string | undefined; bytes: Buffer }>((resolve, reject) => {
      http.get(`${server.url}${bundle}`, { headers: { 'accept-encoding': 'gzip' } }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c)).on('end', () => resolve({ encoding: res.headers['content-encoding'], bytes: Buffer.concat(chunks) }));
      }).on('error', reject);
    });
    expect(raw.encoding).toBe('gzip');
    expect(gunzipSync(raw.bytes).equals(body)).toBe(true);
    expect((await get(bundle, { 'accept-encoding': 'gzip, deflate, br' })).headers.get('content-encoding')).toBe('br');
  });

  it('an unknown asset or a path trick is a JSON 404', async () => {
    for (const path of ['/assets/nope.js', '/assets/..%2F.vite%2Fmanifest.json', '/assets/%00.js']) {
      const res = await get(path);
      expect(res.status).toBe(404);
      expect((await res.json()).error.code).toBe('not_found');
    }
  });

  it('without a build the server still starts and explains the 503', async () => {
    const database = await createTestDatabase('pglite');
    const app = createApp({ database, config: { widgetDist: mkdtempSync(join(tmpdir(), 'parley-empty-')) } });
    await app.ready;
    const res = await app.request('/embed.js');
    expect(res.status).toBe(503);
    const body = await res.json();
    expect(body.error.code).toBe('unavailable');
    expect(body.error.message).toContain('npm run build');
    expect((await app.request('/')).status).toBe(200);
    await app.close();
    await database.close();
  });

  it('the demo article sends a strict Content-Security-Policy and loads embed.js', async () => {
    const res = await get('/');
    const csp = res.headers.get('content-security-policy')!;
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain('unsafe-inline');
    const html = await res.text();
    expect(html).toContain('<script src="/embed.js" data-site="demo" async></script>');
    expect(html).toContain('<div id="comments" class="wpd-wrapper">');
    expect(await (await get('/?lang=ar&theme=dark')).text()).toMatch(/<html lang="ar">[\s\S]*data-theme="dark"/);
    expect(await (await get('/?lang=<script>')).text()).toContain('<html lang="en">');
  });

  it('the preview renders Markdown as posting would, and stores nothing', async () => {
    const api = client(server.app);
    const res = await api.post('/api/v1/preview', { site: 'demo', body: '**hi** <script>x</script> [a](javascript:alert(1))' });
    expect(res.status).toBe(200);
    expect(res.body.html).toContain('<strong>hi</strong>');
    expect(res.body.html).not.toContain('<script>');
    expect(res.body.html).not.toContain('href="javascript');
    expect((await api.post('/api/v1/preview', { site: 'demo', body: '   ' })).status).toBe(422);
    expect((await api.post('/api/v1/preview', { site: 'nope', body: 'x' })).status).toBe(404);
    expect((await api.post('/api/v1/preview', { site: 'demo', body: 'a\u0000b' })).status).toBe(422);
  });

  it('GET /comments/:id answers a visible comment with its rootId, and 404 otherwise', async () => {
    const [root, reply] = await seedComments(server.app, '/permalink', [{ body: 'Root' }, { body: 'Reply', parent: 0 }]);
    const api = client(server.app);
    const res = await api.get(`/api/v1/comments/${reply}`);
    expect(res.status).toBe(200);
    expect(res.body.comment).toMatchObject({ id: reply, rootId: root, parentId: root, depth: 1 });
    expect((await api.get('/api/v1/comments/999999')).body.error.code).toBe('comment_not_found');
    expect((await api.get('/api/v1/comments/abc')).status).toBe(422);
  });
});
