import { mkdirSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { client } from '../helpers/app.ts';
import { launchBrowser, openPage, runAxe, type OpenedPage } from '../helpers/browser.ts';
import { FAST_READER, seedComments, startTestServer, type TestServer } from '../helpers/server.ts';

const SHOTS = new URL('./screenshots/', import.meta.url).pathname;
let server: TestServer;
let browser: Browser;
const opened: OpenedPage[] = [];

// A realistic thread for the screenshots and the audits: replies, a quote, a link, votes, RTL text.
beforeAll(async () => {
  server = await startTestServer({ settings: FAST_READER });
  browser = await launchBrowser();
  mkdirSync(SHOTS, { recursive: true });
  const ids = await seedComments(server.app, '/', [
    { name: 'Margaret H.', body: 'About time. I have cycled that stretch of **Mill Road** for twenty years and it has only ever got worse.' },
    { name: 'Dev Patel', body: 'Agreed, though the parking question on Quay Street is not settled at all.', parent: 0 },
    { name: 'Margaret H.', body: '> not settled at all\n\nTrue, but two new bays on Bridge Street is a start.', parent: 1 },
    { name: 'Old Town Traders', body: 'Our members were not consulted on the loading bays. We will raise it at the [next meeting](https://example.org/meeting).' },
    { name: 'ليلى', body: 'خبر رائع! أتمنى أن ينتهي العمل قبل الشتاء.' },
  ]);
  const api = client(server.app);
  for (let i = 0; i < 4; i++) await api.put(`/api/v1/comments/${ids[0]}/vote`, { value: 1 }, { token: await api.reader() });
  await api.put(`/api/v1/comments/${ids[3]}/vote`, { value: -1 }, { token: await api.reader() });
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

async function open(path: string, options: Parameters<typeof openPage>[2] = {}): Promise<Page> {
  const o = await openPage(browser, `${server.url}${path}`, options);
  opened.push(o);
  await o.page.locator('parley-comment').nth(4).waitFor();
  return o.page;
}

const expectNoViolations = async (page: Page) => {
  const violations = await runAxe(page);
  expect(violations.map((v) => `${v.id}: ${v.help} ${JSON.stringify(v.nodes.slice(0, 2))}`)).toEqual([]);
};

describe('how the widget looks and reads', () => {
  it('the light theme has no axe-core violations, with a reply form and the menus open', async () => {
    const page = await open('/', { colorScheme: 'light' });
    await expectNoViolations(page);
    await page.locator('parley-comment').first().getByRole('button', { name: 'Reply' }).click();
    await page.getByRole('button', { name: 'Subscribe' }).click();
    await page.locator('parley-comment', { hasText: 'Old Town Traders' }).getByRole('button', { name: 'Report' }).click();
    await expectNoViolations(page);
  });

  it('takes the light screenshot', async () => {
    const page = await open('/', { colorScheme: 'light' });
    await page.locator('parley-comments').screenshot({ path: `${SHOTS}light.png` });
  });

  it('the dark theme has no axe-core violations and follows prefers-color-scheme on auto', async () => {
    const page = await open('/?theme=dark', { colorScheme: 'light' });
    expect(await page.locator('parley-comments').getAttribute('theme')).toBe('dark');
    await expectNoViolations(page);
    await page.locator('parley-comments').screenshot({ path: `${SHOTS}dark.png` });
    const auto = await open('/', { colorScheme: 'dark' });
    const background = (p: Page) => p.locator('parley-comments').evaluate((el) => getComputedStyle(el).backgroundColor);
    expect(await background(auto)).toBe(await background(page));
    await expectNoViolations(auto);
  });

  it('Arabic lays out right to left, with Arabic plurals, and has no axe-core violations', async () => {
    const page = await open('/?lang=ar');
    const widget = page.locator('parley-comments');
    expect(await widget.getAttribute('dir')).toBe('rtl');
    expect(await widget.getAttribute('lang')).toBe('ar');
    expect(await page.locator('parley-header h2').textContent()).toBe('5 تعليقات');
    const placeholder = await page.locator('parley-form[mode="new"] textarea').getAttribute('placeholder');
    expect(placeholder).toBe('يسعدنا أن نعرف رأيك، شاركنا بتعليق.');
    // Right to left: the avatar sits at the right of the comment's text.
    const first = page.locator('parley-comment').first();
    const avatar = await first.locator('.avatar').boundingBox();
    const body = await first.locator('.body').boundingBox();
    expect(avatar!.x).toBeGreaterThan(body!.x);
    await expectNoViolations(page);
    await widget.screenshot({ path: `${SHOTS}arabic.png` });
  });

  it('Russian uses its own plural forms', async () => {
    const page = await open('/?lang=ru');
    expect(await page.locator('parley-header h2').textContent()).toBe('5 комментариев');
    expect(await page.getByRole('button', { name: 'Популярные' }).count()).toBe(1);
  });

  it('the host page\'s CSS does not reach inside, and the widget\'s does not leak out', async () => {
    const page = await open('/');
    // The article sets a serif body font; the widget keeps its own.
    const font = await page.locator('parley-comment').first().locator('.name').evaluate((el) => getComputedStyle(el).fontFamily);
    expect(font).toContain('system-ui');
    // A hostile host stylesheet (adopted, as a strict CSP blocks inline <style>): it must not restyle us.
    await page.evaluate(() => {
      const sheet = new CSSStyleSheet();
      sheet.replaceSync('button { background: rgb(255, 0, 0) !important; } p { color: rgb(0, 255, 0) !important; }');
      document.adoptedStyleSheets = [...document.adoptedStyleSheets, sheet];
    });
    // The form's code loads on the compose box's first focus (a lazy chunk): open it to see its button.
    await page.locator('parley-form[mode="new"] textarea').focus();
    const submit = page.locator('parley-form[mode="new"] button[type="submit"]');
    expect(await submit.evaluate((el) => getComputedStyle(el).backgroundColor)).not.toBe('rgb(255, 0, 0)');
    const text = page.locator('parley-comment').first().locator('.body p');
    expect(await text.evaluate((el) => getComputedStyle(el).color)).not.toBe('rgb(0, 255, 0)');
    // …and our styles stay inside: the article keeps its own fonts.
    const articleFont = await page.locator('article h1').evaluate((el) => getComputedStyle(el).fontFamily);
    expect(articleFont).toContain('Georgia');
  });

  it('every request of every page in this file went to the Parley server and nowhere else', async () => {
    // Exercise the writes too: a post, a vote and a preview.
    const o = opened[0]!;
    // The first test left the Subscribe menu open over the form: a click elsewhere closes it.
    await o.page.locator('article h1').click();
    await expect.poll(() => o.page.locator('[part="subscribe-menu"]').count()).toBe(0);
    const form = o.page.locator('parley-form[mode="new"]');
    await form.locator('textarea').fill('Checking the network, with a [link](https://example.org).');
    await form.getByRole('button', { name: 'Preview' }).click();
    await form.locator('[part="preview"] a').waitFor();
    await form.getByRole('button', { name: 'Write' }).click();
    await form.getByLabel('Name').fill('Network Check');
    await form.locator('button[type="submit"]').click();
    await o.page.locator('parley-comment', { hasText: 'Checking the network' }).waitFor();
    await o.page.locator('parley-comment', { hasText: 'Old Town Traders' }).getByRole('button', { name: 'Vote up' }).click();
    await expect.poll(() => o.requests.some((u) => u.endsWith('/vote'))).toBe(true);
    const all = opened.flatMap((p) => p.requests);
    expect(all.length).toBeGreaterThan(20);
    const origins = new Set(all.filter((u) => !u.startsWith('data:')).map((u) => new URL(u).origin));
    expect([...origins]).toEqual([server.url]);
    expect(all.some((u) => u.includes('/assets/widget-'))).toBe(true);
  });
});
