import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setSiteSettings } from '../helpers/app.ts';
import { launchBrowser } from '../helpers/browser.ts';
import { FAST_READER, startTestServer, type TestServer } from '../helpers/server.ts';

// A publisher's page on its own origin (`localhost:<port>`), embedding Parley from `127.0.0.1:<port>`.
// Both on loopback: Chromium's Private Network Access blocks a public page from loading loopback.
let HOST: string;
let ELSEWHERE: string;
let server: TestServer;
let browser: Browser;
const publishers: Server[] = [];

async function startPublisher(): Promise<string> {
  const publisher = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(article(server.url));
  });
  await new Promise<void>((resolve) => publisher.listen(0, '127.0.0.1', resolve));
  publishers.push(publisher);
  return `http://localhost:${(publisher.address() as AddressInfo).port}`;
}

beforeAll(async () => {
  server = await startTestServer({ settings: FAST_READER });
  HOST = await startPublisher();
  ELSEWHERE = await startPublisher();
  await setSiteSettings(server.app, 'demo', {}, [server.url, HOST]);
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  for (const p of publishers) await new Promise((resolve) => p.close(resolve));
  await server?.close();
});

const article = (parley: string) => `<!doctype html><html lang="en"><head><title>Host article</title>
<style>body { font-family: serif; } button { all: unset; color: red; } #comments { border: 5px solid red; }</style></head>
<body><main><h1>Host article</h1><p>Text.</p>
<section id="comments"><h2>Old comments</h2><p>Static markup from the CMS.</p></section>
<script src="${parley}/embed.js" data-site="demo" data-page="/host/article" async></script></main></body></html>`;

describe('embedded on another origin', () => {
  it('replaces the host page\'s section, reads and posts through CORS, and talks to no third host', async () => {
    const context = await browser.newContext();
    const requests: string[] = [];
    context.on('request', (r) => requests.push(r.url()));
    const page = await context.newPage();
    await page.goto(`${HOST}/article`);
    await page.getByText('Be the first to comment.').waitFor();
    expect(await page.getByText('Static markup from the CMS.').count()).toBe(0);
    const form = page.locator('parley-form[mode="new"]');
    await form.locator('textarea').fill('Posted from the publisher\'s own domain.');
    await form.getByLabel('Name').fill('Cross Origin');
    await form.locator('button[type="submit"]').click();
    await page.locator('parley-comment', { hasText: 'publisher\'s own domain' }).waitFor();
    // The host page's `button { all: unset }` did not reach the widget's buttons.
    const submit = await form.locator('button[type="submit"]').evaluate((el) => getComputedStyle(el).color);
    expect(submit).not.toBe('rgb(255, 0, 0)');
    const origins = new Set(requests.map((u) => new URL(u).origin));
    expect([...origins].sort()).toEqual([HOST, server.url].sort());
    await context.close();
  });

  it('an origin the site does not allow gets no CORS answer: the widget says it cannot reach the server', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${ELSEWHERE}/article`);
    // The widget tries a failed read a few times (with back-off) before it says so.
    await expect.poll(() => page.locator('[part="notice"]').textContent(), { timeout: 10_000 }).toBe('The comment server could not be reached. Please try again.');
    expect(await page.getByRole('button', { name: 'Try again' }).count()).toBe(1);
    await context.close();
  });
});
