import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importFile } from '../../server/services/migrate/import.ts';
import { remapPage } from '../../server/services/migrate/remap.ts';
import { client, setSiteSettings } from '../helpers/app.ts';
import { launchBrowser, openPage } from '../helpers/browser.ts';
import { FIXTURES, importedComments } from '../helpers/migrate.ts';
import { FAST_READER, startTestServer, type TestServer } from '../helpers/server.ts';

// Drives only what a reader's browser sees (the host page, the widget's shadow DOM by text), so it
// holds whatever the widget's insides look like. The publisher keys its pages with data-page.
let server: TestServer;
let browser: Browser;
let publisher: Server;
let HOST: string;

beforeAll(async () => {
  server = await startTestServer({ settings: FAST_READER });
  publisher = createServer((req, res) => {
    const key = new URL(req.url ?? '/', 'http://x').searchParams.get('key') ?? '/';
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(`<!doctype html><html lang="en"><head><title>Moved article</title></head>
<body><article><h1>An old story</h1><p>Text.</p></article><div id="comments">Old comments</div>
<script src="${server.url}/embed.js" data-site="demo" data-page="${key.replace(/"/g, '&quot;')}" async></script></body></html>`);
  });
  await new Promise<void>((resolve) => publisher.listen(0, '127.0.0.1', resolve));
  HOST = `http://localhost:${(publisher.address() as AddressInfo).port}`;
  await setSiteSettings(server.app, 'demo', {}, [server.url, HOST]);
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await new Promise((resolve) => publisher?.close(resolve));
  await server?.close();
});

const header = (p: Page) => p.locator('parley-header h2');
const left = async (p: Page, text: string) => (await p.getByText(text, { exact: false }).first().boundingBox())!.x;
const scoreOf = (p: Page, text: string) => p.locator('parley-comment', { hasText: text }).locator('[part="score"]');

describe('an imported thread in the widget', () => {
  it('shows at once after an import, with the right count and nesting five levels deep', async () => {
    await importFile(server.app.services, { site: 'demo', format: 'wxr', path: FIXTURES + 'wordpress.wxr', isDryRun: false });
    const { page, context, errors } = await openPage(browser, `${HOST}/?key=${encodeURIComponent('/2020/01/hello-world/')}`);
    await expect.poll(() => header(page).textContent(), { timeout: 20_000 }).toBe('7 Comments');
    await page.getByText('Second paragraph with').waitFor();
    // Replies beyond the first few are one click away, as for any thread.
    await page.getByRole('button', { name: /more repl/i }).first().click();
    await page.getByText('Five levels down').waitFor();
    const xs = [await left(page, 'Second paragraph with'), await left(page, 'مرحبا'), await left(page, 'Nice one'), await left(page, 'click me'), await left(page, 'Five levels down')];
    for (let i = 1; i < xs.length; i++) expect(xs[i]!).toBeGreaterThan(xs[i - 1]!);
    // The other root threads start back at the left edge; the deleted root is a placeholder with its reply.
    expect(await left(page, 'My parent is gone')).toBe(xs[0]);
    expect(await left(page, 'An answer to a deleted comment')).toBeGreaterThan(xs[0]!);
    expect(await page.getByText('Deleted, but answered').count()).toBe(0);
    // Sanitised on import: the script tag a commenter typed is shown as text, never inserted as markup.
    expect(await page.getByText('<script>alert(1)</script>مرحبا').count()).toBe(1);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('after a remap, the widget on the new key shows the thread with its votes', async () => {
    const target = (await importedComments(server.app)).get('wxr:comment:102')!;
    const api = client(server.app);
    for (let i = 0; i < 2; i++) {
      const voter = await api.reader();
      expect((await api.put(`/api/v1/comments/${target.id}/vote`, { value: 1 }, { token: voter })).status).toBe(200);
    }
    const moved = await remapPage(server.app.services, 'demo', '/2020/01/hello-world/', '/news/hello-world');
    expect(moved.outcome).toBe('moved');

    const { page, context } = await openPage(browser, `${HOST}/?key=${encodeURIComponent('/news/hello-world')}`);
    await expect.poll(() => header(page).textContent(), { timeout: 20_000 }).toBe('7 Comments');
    await expect.poll(async () => (await scoreOf(page, 'مرحبا').textContent())?.replace(/\D/g, '')).toBe('2');
    expect(await left(page, 'مرحبا')).toBeGreaterThan(await left(page, 'Second paragraph with'));
    await context.close();

    const old = await openPage(browser, `${HOST}/?key=${encodeURIComponent('/2020/01/hello-world/')}`);
    await expect.poll(() => header(old.page).textContent(), { timeout: 20_000 }).toBe('0 Comments');
    await old.context.close();
  });
});
