import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setSiteSettings } from '../helpers/app.ts';
import { launchBrowser } from '../helpers/browser.ts';
import { FAST_READER, seedComments, startTestServer, type TestServer } from '../helpers/server.ts';

// A publisher's article list on its own origin, counting comments from Parley on another.
let server: TestServer;
let browser: Browser;
let publisher: Server;
let HOST: string;

const listPage = (lang: string, parley: string) => `<!doctype html><html lang="${lang}" dir="${lang === 'ar' ? 'rtl' : 'ltr'}">
<head><meta charset="utf-8"><title>News</title></head><body><main><h1>News</h1><ul>
<li><a href="/news/one">Story one</a> · <a href="/news/one#comments" data-parley-count class="count">…</a></li>
<li><a href="/news/two">Story two</a> · <a href="/news/two#comments" data-parley-count class="count">…</a></li>
<li><a href="https://elsewhere.example/story" data-parley-count="/news/three" class="count">…</a></li>
</ul></main><script src="${parley}/count.js" data-site="demo" async></script></body></html>`;

beforeAll(async () => {
  server = await startTestServer({ settings: FAST_READER });
  publisher = createServer((req, res) => {
    if (req.url === '/long') {
      // 150 distinct stories: more than one request may carry (100 pages each).
      const links = Array.from({ length: 150 }, (_, i) => `<li><a href="/long/${i}" data-parley-count class="count">…</a></li>`).join('');
      const page = `<!doctype html><html lang="en"><body><ul>${links}</ul><script src="${server.url}/count.js" data-site="demo" async></script></body></html>`;
      return void res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(page);
    }
    const lang = req.url?.startsWith('/ar') ? 'ar' : 'en';
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(listPage(lang, server.url));
  });
  await new Promise<void>((resolve) => publisher.listen(0, '127.0.0.1', resolve));
  HOST = `http://localhost:${(publisher.address() as AddressInfo).port}`;
  await setSiteSettings(server.app, 'demo', {}, [server.url, HOST]);
  await seedComments(server.app, '/news/one', [{ body: 'one' }]);
  await seedComments(server.app, '/news/two', [{ body: 'two a' }, { body: 'two b' }]);
  await seedComments(server.app, '/news/three', [{ body: 'a' }, { body: 'b' }, { body: 'c' }, { body: 'd' }, { body: 'e' }]);
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await new Promise((resolve) => publisher?.close(resolve));
  await server?.close();
});

async function countsOn(path: string) {
  const context = await browser.newContext({ locale: 'en-US' });
  const requests: string[] = [];
  context.on('request', (r) => requests.push(r.url()));
  const page = await context.newPage();
  await page.goto(`${HOST}${path}`);
  const counts = page.locator('.count');
  await expect.poll(() => counts.allTextContents(), { timeout: 20_000 }).not.toContain('…');
  const texts = await counts.allTextContents();
  const five = await page.evaluate(() => new Intl.NumberFormat('ar').format(5));
  await context.close();
  return { texts, five, countRequests: requests.filter((u) => u.includes('/api/v1/counts')) };
}

describe('count.js on an article list', () => {
  it('shows the three stories\' counts in English from one request', async () => {
    const { texts, countRequests } = await countsOn('/en/list');
    expect(texts).toEqual(['1 Comment', '2 Comments', '5 Comments']);
    expect(countRequests).toHaveLength(1);
    const asked = new URL(countRequests[0]!).searchParams;
    expect(asked.get('site')).toBe('demo');
    expect(asked.getAll('page')).toEqual(['/news/one', '/news/two', '/news/three']);
  });

  it('shows them in Arabic, with Arabic plural forms, from one request', async () => {
    const { texts, five, countRequests } = await countsOn('/ar/list');
    expect(texts).toEqual(['تعليق واحد', 'تعليقان', `${five} تعليقات`]);
    expect(countRequests).toHaveLength(1);
  });

  it('asks once per 100 pages on a long list, and fills every link', async () => {
    const { texts, countRequests } = await countsOn('/long');
    expect(texts).toHaveLength(150);
    expect(new Set(texts)).toEqual(new Set(['0 Comments']));
    expect(countRequests).toHaveLength(2);
  });

  it('is served like embed.js: a classic script with no imports, cached by ETag', async () => {
    const res = await fetch(`${server.url}/count.js`);
    expect(res.headers.get('content-type')).toContain('javascript');
    expect(res.headers.get('cache-control')).toBe('public, max-age=300');
    const source = await res.text();
    expect(source).not.toMatch(/\bimport\b/);
    const again = await fetch(`${server.url}/count.js`, { headers: { 'if-none-match': res.headers.get('etag')! } });
    expect(again.status).toBe(304);
  });
});
