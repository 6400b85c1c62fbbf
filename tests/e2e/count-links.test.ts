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
});
