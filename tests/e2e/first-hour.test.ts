import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureDemoDiscussion } from '../../server/services/sites/demo-discussion.ts';
import { setSiteSettings } from '../helpers/app.ts';
import { createModerator, TEST_PASSWORD } from '../helpers/admin.ts';
import { launchBrowser, openPage, type OpenedPage } from '../helpers/browser.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';

// Issue 13, must-show 1: a fresh start with the site's own settings (no test shortcuts: a second
// is the least time a post may take from the reader's first touch of the form).
let server: TestServer;
let browser: Browser;

beforeAll(async () => {
  server = await startTestServer();
  // What `npm start` does on a fresh database.
  await ensureDemoDiscussion(server.app.services);
  await createModerator(server.app, { email: 'editor@example.com', role: 'moderator', sites: ['demo'] });
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

const heading = (p: Page) => p.locator('parley-header h2');
const mainForm = (p: Page) => p.locator('parley-form[mode="new"]');
const notice = (p: Page) => p.locator('[part="notice"]');

/** A person writing a short comment: a click in the box, a few words typed, Post, all within about three seconds of the page opening. */
async function writeQuickly(p: Page, body: string, name: string) {
  const form = mainForm(p);
  await form.locator('textarea').click();
  // A fast human's pace (~130 words a minute): the whole comment in 1.5–2 s, well within three seconds.
  // Faster than this (45 ms a key) the shortest one took under the site's 1 s floor and was spam, rightly.
  await form.locator('textarea').pressSequentially(body, { delay: 90 });
  await form.getByLabel('Name').fill(name);
  await form.locator('button[type="submit"]').click();
}

describe('the first hour, in Chromium', () => {
  it('the demo article shows its seeded discussion', async () => {
    const { page, context, errors } = await openPage(browser, `${server.url}/`);
    await expect.poll(() => heading(page).textContent()).toBe('4 Comments');
    expect(await page.locator('parley-comment').count()).toBe(4);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('a new article nobody has commented on shows an empty thread, with no console error', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
    page.on('pageerror', (e) => errors.push(e.message));
    await page.route(`${server.url}/news/brand-new-story`, (route) =>
      route.fulfill({
        contentType: 'text/html',
        body: `<!doctype html><html lang="en"><title>Brand new story</title><article><h1>Brand new story</h1><p>Just published.</p></article>
          <div id="comments"></div><script src="/embed.js" data-site="demo" data-page="/news/brand-new-story" defer></script></html>`,
      }),
    );
    await page.goto(`${server.url}/news/brand-new-story`);
    await page.getByText('Be the first to comment.').waitFor();
    expect(await heading(page).textContent()).toBe('0 Comments');
    expect(errors).toEqual([]);
    await context.close();
  });

  it('a quick short comment on an open site is published, and the reader is told so', async () => {
    const reader: OpenedPage = await openPage(browser, `${server.url}/`);
    await expect.poll(() => heading(reader.page).textContent()).toBe('4 Comments');
    await writeQuickly(reader.page, 'Great piece, thanks!', 'Quick Reader');
    await expect.poll(() => notice(reader.page).textContent()).toBe('Your comment was posted.');
    await expect.poll(() => heading(reader.page).textContent()).toBe('5 Comments');
    await reader.context.close();
  });

  it('on a site that reviews every comment, it is held for review, the reader is told that, and the moderator finds it in Pending', async () => {
    await setSiteSettings(server.app, 'demo', { moderationMode: 'all' });
    const reader = await openPage(browser, `${server.url}/`);
    await expect.poll(() => heading(reader.page).textContent()).toBe('5 Comments');
    await writeQuickly(reader.page, 'Short and sweet.', 'Second Reader');
    await expect.poll(() => notice(reader.page).textContent()).toBe('Your comment is awaiting moderation.');
    await reader.context.close();

    const { page: a, context } = await openPage(browser, `${server.url}/admin`);
    await a.getByLabel('E-mail').fill('editor@example.com');
    await a.getByLabel('Password').fill(TEST_PASSWORD);
    await a.getByRole('button', { name: 'Sign in' }).click();
    await a.getByRole('heading', { name: 'Pending' }).waitFor();
    await a.locator('parley-admin-queue [role="row"]', { hasText: 'Short and sweet.' }).waitFor();
    // Not in Spam: the quick reader was not taken for a bot.
    await a.locator('parley-admin-nav').getByRole('link', { name: /Spam/ }).click();
    await a.getByRole('heading', { name: 'Spam' }).waitFor();
    await expect.poll(() => a.locator('parley-admin-queue').textContent()).not.toContain('Short and sweet.');
    await context.close();
  });

  it('a post faster than the site allows is held by the spam filter, and the reader is told exactly that', async () => {
    // A site that asks for 30 s between the first touch of the form and Post: this reader is quicker.
    await setSiteSettings(server.app, 'demo', { moderationMode: 'none', minSecondsToPost: 30 });
    const reader = await openPage(browser, `${server.url}/`);
    await expect.poll(() => heading(reader.page).textContent()).toBe('5 Comments');
    await writeQuickly(reader.page, 'Too quick.', 'Hasty Reader');
    await expect.poll(() => notice(reader.page).textContent()).toBe('Our spam filter held your comment. A moderator will check it before it is shown.');
    // Not counted, and labelled for its author only.
    expect(await heading(reader.page).textContent()).toBe('5 Comments');
    expect(await reader.page.locator('parley-comment', { hasText: 'Too quick.' }).getByText('awaiting moderation').count()).toBe(1);
    await reader.context.close();
  });
});
