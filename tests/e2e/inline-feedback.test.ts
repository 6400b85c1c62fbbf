import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, openPage, runAxe, type OpenedPage } from '../helpers/browser.ts';
import { FAST_READER, startTestServer, type TestServer } from '../helpers/server.ts';

/**
 * Issue 12, "Must show" 1 and 3, on the demo article in Chromium: a reader selects a sentence,
 * comments on it, sees the passage marked with its count, opens it, replies; the Inline Feedbacks
 * tab lists it under its passage; the article's own text, markup and links are untouched; axe-core
 * finds nothing with the passage marked and its panel open.
 */

let server: TestServer;
let browser: Browser;
let reader: OpenedPage;
let page: Page;

const SENTENCE = 'Work is due to start in September and to take eighteen months.';
const LAZY_CHUNK = /\/assets\/parley-inline-[^/]+\.js$/;

beforeAll(async () => {
  server = await startTestServer({ settings: FAST_READER });
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

/** Selects `text` inside the article as a reader's drag would leave it. */
const selectText = (p: Page, text: string) =>
  p.evaluate((text) => {
    const walker = document.createTreeWalker(document.querySelector('article')!, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const at = (n as Text).data.indexOf(text);
      if (at < 0) continue;
      const range = document.createRange();
      range.setStart(n, at);
      range.setEnd(n, at + text.length);
      getSelection()!.removeAllRanges();
      getSelection()!.addRange(range);
      return;
    }
    throw new Error(`not in the article: ${text}`);
  }, text);

/** The element focused inside the widget's shadow roots. */
const focused = (p: Page) =>
  p.evaluate(() => {
    let el = document.activeElement;
    while (el?.shadowRoot?.activeElement) el = el.shadowRoot.activeElement;
    return { tag: el?.tagName.toLowerCase() ?? null, part: el?.getAttribute('part') ?? null, text: el?.textContent?.trim() ?? '' };
  });

/** The passages marked with the Custom Highlight API, as their text. */
const highlighted = (p: Page, name = 'parley-passage') =>
  p.evaluate((name) => [...(CSS.highlights.get(name) ?? [])].map((r) => (r as Range).toString()), name);

const articleHtml = (p: Page) => p.evaluate(() => document.querySelector('article')!.outerHTML);

const panel = (p: Page) => p.locator('[part="passage-panel"]');
const marker = (p: Page) => p.locator('[part="passage-marker"]');

describe('inline feedback on the demo article', () => {
  let before: string;

  it('shows both tabs from the start, and loads nothing of inline feedback until the reader selects text', async () => {
    reader = await openPage(browser, `${server.url}/`);
    page = reader.page;
    await page.locator('parley-form').first().waitFor();
    await page.getByRole('button', { name: 'Inline Feedbacks' }).waitFor();
    await page.getByRole('button', { name: 'View all comments', exact: true }).waitFor();
    before = await articleHtml(page);
    expect(reader.requests.filter((u) => LAZY_CHUNK.test(u))).toEqual([]);
    await selectText(page, SENTENCE);
    await page.getByRole('button', { name: 'Comment on this' }).waitFor();
    expect(reader.requests.filter((u) => LAZY_CHUNK.test(u))).toHaveLength(1);
  });

  it('"Comment on this" is reached with the keyboard and opens a form with the quoted passage', async () => {
    // The button follows the comment form in the tab order; moving focus keeps it there.
    await page.locator('parley-form[mode="new"]').first().locator('textarea').focus();
    for (let i = 0; i < 12 && (await focused(page)).part !== 'comment-on-this'; i++) await page.keyboard.press('Tab');
    expect((await focused(page)).part).toBe('comment-on-this');
    await page.keyboard.press('Enter');
    await panel(page).waitFor();
    expect(await panel(page).locator('blockquote').textContent()).toBe(SENTENCE);
    await expect.poll(async () => (await focused(page)).tag).toBe('textarea');
    expect(await highlighted(page, 'parley-passage-open')).toEqual([SENTENCE]);
  });

  it('posting it marks the passage with a count of 1', async () => {
    await panel(page).locator('textarea').fill('Eighteen months seems optimistic for a bridge section.');
    await panel(page).getByLabel('Name').fill('Ines');
    await panel(page).locator('button[type="submit"]').click();
    await panel(page).locator('parley-comment', { hasText: 'Eighteen months seems optimistic' }).waitFor();
    await expect.poll(() => marker(page).textContent()).toBe('1');
    expect(await marker(page).getAttribute('aria-label')).toBe('1 feedback on this passage');
    expect(await highlighted(page)).toEqual([SENTENCE]);
  });

  it('Escape closes the panel and gives focus back to the passage marker', async () => {
    await page.keyboard.press('Escape');
    await panel(page).waitFor({ state: 'detached' });
    await expect.poll(async () => (await focused(page)).part).toBe('passage-marker');
    expect(await marker(page).getAttribute('aria-expanded')).toBe('false');
  });

  it('axe-core finds no violation with the passage marked and its panel open', async () => {
    await marker(page).click();
    await panel(page).waitFor();
    expect(await marker(page).getAttribute('aria-expanded')).toBe('true');
    const violations = await runAxe(page);
    expect(violations.map((v) => `${v.id}: ${v.help} ${JSON.stringify(v.nodes.map((n) => n.target))}`)).toEqual([]);
  });

  it('a reply to the feedback, from its panel, shows under it', async () => {
    await panel(page).getByRole('button', { name: 'Reply' }).click();
    const form = panel(page).locator('parley-form[mode="reply"]');
    await form.locator('textarea').fill('The council says the bridge works are in phase two.');
    await form.locator('button[type="submit"]').click();
    await panel(page).locator('parley-comment', { hasText: 'bridge works are in phase two' }).waitFor();
    // Feedback threads are counted, not their replies: still one on this passage.
    expect(await marker(page).textContent()).toBe('1');
    await page.keyboard.press('Escape');
    await panel(page).waitFor({ state: 'detached' });
  });

  it('the Inline Feedbacks tab lists the feedback and its reply under the passage', async () => {
    await page.getByRole('button', { name: 'Inline Feedbacks' }).click();
    const passage = page.locator('[part="passage"]');
    await passage.waitFor();
    expect(await passage.count()).toBe(1);
    expect(await passage.locator('blockquote').textContent()).toBe(SENTENCE);
    expect(await passage.locator('parley-comment').count()).toBe(2);
    expect(await passage.locator('parley-comment', { hasText: 'Eighteen months seems optimistic' }).count()).toBe(1);
    expect(await passage.locator('parley-comment', { hasText: 'bridge works are in phase two' }).count()).toBe(1);
    // Only feedback is listed here: the page's other comments are under "View all comments".
    expect(await page.locator('parley-thread').count()).toBe(1);
    await page.getByRole('button', { name: 'View all comments', exact: true }).click();
    await page.locator('[part="passage"]').waitFor({ state: 'detached' });
  });

  it('after a reload the passage is found and marked again', async () => {
    await page.reload();
    await expect.poll(() => marker(page).textContent(), { timeout: 20_000 }).toBe('1');
    expect(await highlighted(page)).toEqual([SENTENCE]);
  });

  it("the article's own markup, text selection and links still work", async () => {
    expect(await articleHtml(page)).toBe(before);
    await selectText(page, 'Councillors voted 31 to 12');
    expect(await page.evaluate(() => getSelection()!.toString())).toBe('Councillors voted 31 to 12');
    const link = page.locator('article aside a').first();
    await Promise.all([page.waitForEvent('framenavigated'), link.click()]);
    expect(new URL(page.url()).pathname).toBe('/');
    expect(reader.errors.filter((e) => !/404/.test(e)), reader.errors.join("\n")).toEqual([]);
  });
});
