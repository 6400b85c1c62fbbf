import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, openPage } from '../helpers/browser.ts';
import { FAST_READER, seedComments, startTestServer, type TestServer } from '../helpers/server.ts';

let server: TestServer;
let browser: Browser;
let ids: number[];

// 45 top-level comments (pages of 20: the last five are on the third page); the first has 7 replies.
beforeAll(async () => {
  server = await startTestServer({ settings: FAST_READER });
  browser = await launchBrowser();
  ids = await seedComments(server.app, '/', [
    { body: 'Root number 1', name: 'Root 1' },
    ...Array.from({ length: 7 }, (_, i) => ({ body: `Reply number ${i + 1}`, name: `Replier ${i + 1}`, parent: 0 })),
    ...Array.from({ length: 44 }, (_, i) => ({ body: `Root number ${i + 2}`, name: `Root ${i + 2}` })),
  ]);
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

const threads = (p: Page) => p.locator('parley-thread');
const comment = (p: Page, id: number) => p.locator(`parley-comment[data-id="${id}"]`);
const isInViewport = (p: Page, id: number) =>
  comment(p, id).evaluate((el) => {
    const r = el.getBoundingClientRect();
    return r.top >= 0 && r.bottom <= innerHeight;
  });
const focusedCommentId = (p: Page) =>
  p.evaluate(() => {
    let el = document.activeElement;
    while (el?.shadowRoot?.activeElement) el = el.shadowRoot.activeElement;
    return el?.getAttribute('data-id') ?? null;
  });

describe('the first page', () => {
  it('is asked for once, by embed.js while the widget downloads, and all 20 threads are drawn', async () => {
    const { page: fresh, context, requests, errors } = await openPage(browser, `${server.url}/`);
    await expect.poll(() => threads(fresh).count()).toBe(20);
    expect(await fresh.locator('parley-header h2').textContent()).toBe('52 Comments');
    const reads = requests.filter((url) => new URL(url).pathname === '/api/v1/threads');
    expect(reads).toEqual([`${server.url}/api/v1/threads?site=demo&page=%2F&sort=oldest&limit=20`]);
    // The threads are in the page's order, the last of them included.
    expect(await threads(fresh).last().locator('parley-comment').first().getAttribute('data-id')).toBe(String(ids[26])); // "Root number 20"
    expect(errors).toEqual([]);
    await context.close();
  });

  it('a permalink to a thread past the first screenful is focused at once', async () => {
    const target = ids[18]!; // "Root number 12", the twelfth thread of page one
    const { page: fresh, context } = await openPage(browser, `${server.url}/#comment-${target}`);
    await comment(fresh, target).waitFor();
    await expect.poll(() => focusedCommentId(fresh)).toBe(String(target));
    await expect.poll(() => isInViewport(fresh, target)).toBe(true);
    expect(await comment(fresh, target).locator('[part="body"]').textContent()).toBe('Root number 12');
    await context.close();
  });

  it('a sort asks again: the early answer is used once', async () => {
    const { page: fresh, context, requests } = await openPage(browser, `${server.url}/`);
    await expect.poll(() => threads(fresh).count()).toBe(20);
    await fresh.locator('parley-header').getByRole('button', { name: 'Newest' }).click();
    await expect.poll(() => threads(fresh).first().locator('parley-comment').first().getAttribute('data-id')).toBe(String(ids.at(-1)));
    const reads = requests.filter((url) => new URL(url).pathname === '/api/v1/threads').map((url) => new URL(url).searchParams.get('sort'));
    expect(reads).toEqual(['oldest', 'newest']);
    await context.close();
  });
});

describe('a long thread', () => {
  let page: Page;

  it('shows 20 comments, then 20 more with "Load more comments"', async () => {
    ({ page } = await openPage(browser, `${server.url}/`));
    await expect.poll(() => threads(page).count()).toBe(20);
    expect(await page.locator('parley-header h2').textContent()).toBe('52 Comments');
    await page.getByRole('button', { name: 'Load more comments' }).click();
    await expect.poll(() => threads(page).count()).toBe(40);
  });

  it('"Load the rest of the comments" loads them all and the paging buttons go', async () => {
    await page.getByRole('button', { name: 'Load the rest of the comments' }).click();
    await expect.poll(() => threads(page).count()).toBe(45);
    expect(await page.getByRole('button', { name: 'Load more comments' }).count()).toBe(0);
  });

  it('shows the first 3 replies and loads the other 4 on request', async () => {
    expect(await comment(page, ids[3]!).count()).toBe(1);
    expect(await comment(page, ids[4]!).count()).toBe(0);
    await page.getByRole('button', { name: 'Show 4 more replies' }).click();
    await comment(page, ids[7]!).waitFor();
    expect(await threads(page).first().locator('parley-comment').count()).toBe(8);
    expect(await page.getByRole('button', { name: /more repl/ }).count()).toBe(0);
  });

  it('collapses a thread and expands it again', async () => {
    const first = threads(page).first();
    await first.getByRole('button', { name: 'Collapse thread' }).click();
    await expect.poll(() => first.locator('parley-comment').count()).toBe(1);
    const expand = first.getByRole('button', { name: 'Expand thread (7 replies)' });
    expect(await expand.getAttribute('aria-expanded')).toBe('false');
    await expand.click();
    await expect.poll(() => first.locator('parley-comment').count()).toBe(8);
  });

  it('a permalink to a comment on the third page loads it, scrolls to it, highlights and focuses it', async () => {
    const target = ids.at(-1)!;
    const { page: fresh, context } = await openPage(browser, `${server.url}/#comment-${target}`);
    await comment(fresh, target).waitFor();
    expect(await comment(fresh, target).locator('article').getAttribute('class')).toBe('highlight');
    await expect.poll(() => focusedCommentId(fresh)).toBe(String(target));
    await expect.poll(() => isInViewport(fresh, target)).toBe(true);
    expect(await threads(fresh).count()).toBeGreaterThanOrEqual(41);
    await context.close();
  });

  it('a permalink to a reply hidden behind "show more replies" opens that reply', async () => {
    const target = ids[6]!;
    const { page: fresh, context } = await openPage(browser, `${server.url}/#comment-${target}`);
    await comment(fresh, target).waitFor();
    await expect.poll(() => focusedCommentId(fresh)).toBe(String(target));
    expect(await comment(fresh, target).locator('article').getAttribute('class')).toBe('highlight');
    await context.close();
  });

  it('clicking a comment\'s time makes it the highlighted permalink', async () => {
    const target = ids[9]!;
    await comment(page, target).locator('a[part="permalink"]').click();
    expect(new URL(page.url()).hash).toBe(`#comment-${target}`);
    await expect.poll(() => comment(page, target).locator('article').getAttribute('class')).toBe('highlight');
  });

  it('a permalink to a comment that is gone says so', async () => {
    const { page: fresh, context } = await openPage(browser, `${server.url}/#comment-999999`);
    await expect.poll(() => fresh.locator('[part="notice"]').textContent()).toBe('That comment is not there any more.');
    await context.close();
  });
});
