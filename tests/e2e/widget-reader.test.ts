import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, openPage, type OpenedPage } from '../helpers/browser.ts';
import { FAST_READER, seedComments, startTestServer, type TestServer } from '../helpers/server.ts';

let server: TestServer;
let browser: Browser;
let reader: OpenedPage;
let page: Page;

beforeAll(async () => {
  server = await startTestServer({ settings: FAST_READER });
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

const comment = (p: Page, text: string) => p.locator('parley-comment', { hasText: text });
const mainForm = (p: Page) => p.locator('parley-form[mode="new"]');
/** The element focused inside the widget's shadow roots, as the comment id it belongs to. */
const focusedCommentId = (p: Page) =>
  p.evaluate(() => {
    let el = document.activeElement;
    while (el?.shadowRoot?.activeElement) el = el.shadowRoot.activeElement;
    return el?.getAttribute('data-id') ?? null;
  });
const rootOrder = (p: Page) =>
  p.evaluate(() => [...document.querySelector('parley-comments')!.shadowRoot!.querySelectorAll('parley-thread')].map((t) => (t as unknown as { root: { author: { name: string } } }).root.author.name));

async function postComment(form: Locator, body: string, name?: string) {
  await form.locator('textarea').fill(body);
  if (name) await form.getByLabel('Name').fill(name);
  await form.locator('button[type="submit"]').click();
}

describe('a guest on the demo article', () => {
  it('sees the old comment section replaced by the widget with an empty thread', async () => {
    reader = await openPage(browser, `${server.url}/`);
    page = reader.page;
    await page.getByText('Be the first to comment.').waitFor();
    expect(await page.locator('.wpd-wrapper').count()).toBe(0);
    expect(await page.locator('parley-comments#comments').count()).toBe(1);
    await expect.poll(() => page.locator('parley-header h2').textContent()).toBe('0 Comments');
    expect(await mainForm(page).locator('textarea').getAttribute('placeholder')).toBe('Would love your thoughts, please comment.');
  });

  it('posts a comment that shows at once, labelled guest, counted, and focused', async () => {
    await postComment(mainForm(page), 'Finally some **good news** for cyclists.', 'Maya');
    const mine = comment(page, 'Finally some good news');
    await mine.waitFor();
    expect(await mine.locator('strong').textContent()).toBe('good news');
    expect(await mine.locator('[part="guest"]').textContent()).toBe('guest');
    await expect.poll(() => page.locator('parley-header h2').textContent()).toBe('1 Comment');
    await expect.poll(() => page.locator('[part="notice"]').textContent()).toBe('Your comment was posted.');
    const id = await mine.locator('article').getAttribute('data-id');
    await expect.poll(() => focusedCommentId(page)).toBe(id);
    expect(await mainForm(page).locator('textarea').inputValue()).toBe('');
  });

  it('previews Markdown as the server renders it before posting', async () => {
    const form = mainForm(page);
    await form.locator('textarea').fill('Read [the plan](https://example.org/plan) *first*');
    await form.getByRole('button', { name: 'Preview' }).click();
    const preview = form.locator('[part="preview"]');
    await preview.locator('a').waitFor();
    expect(await preview.locator('a').getAttribute('rel')).toBe('nofollow ugc noopener noreferrer');
    expect(await preview.locator('em').textContent()).toBe('first');
    await form.getByRole('button', { name: 'Write' }).click();
    await form.locator('textarea').fill('');
  });

  it('wraps the selection with the Markdown toolbar', async () => {
    const form = mainForm(page);
    const textarea = form.locator('textarea');
    await textarea.fill('make this bold');
    await textarea.evaluate((el: HTMLTextAreaElement) => el.setSelectionRange(10, 14));
    await form.getByRole('button', { name: 'Bold' }).click();
    await expect.poll(() => textarea.inputValue()).toBe('make this **bold**');
    await form.getByRole('button', { name: 'Quote' }).click();
    await expect.poll(() => textarea.inputValue()).toBe('make this **> bold**');
    await textarea.fill('');
  });

  it('replies two levels deep in inline forms, each reply under its parent', async () => {
    await comment(page, 'Finally some good news').getByRole('button', { name: 'Reply' }).click();
    const first = comment(page, 'Finally some good news').locator('parley-form[mode="reply"]');
    // The reply form takes the focus: the reader types at once.
    await expect.poll(() => first.locator('textarea').evaluate((el) => el.matches(':focus'))).toBe(true);
    await postComment(first, 'Agreed, the towpath is a mess today.');
    const reply = comment(page, 'the towpath is a mess');
    await reply.waitFor();
    expect(await first.count()).toBe(0);

    await reply.getByRole('button', { name: 'Reply' }).click();
    await postComment(reply.locator('parley-form[mode="reply"]'), 'It floods every winter too.');
    const second = comment(page, 'It floods every winter');
    await second.waitFor();
    const depths = await page.evaluate(() => {
      const thread = document.querySelector('parley-comments')!.shadowRoot!.querySelector('parley-thread')!;
      return [...thread.shadowRoot!.querySelectorAll('parley-comment')].map((c) => (c as unknown as { comment: { depth: number } }).comment.depth);
    });
    expect(depths).toEqual([0, 1, 2]);
    await expect.poll(() => focusedCommentId(page)).toBe(await second.locator('article').getAttribute('data-id'));
    await expect.poll(() => page.locator('parley-header h2').textContent()).toBe('3 Comments');
  });

  it('votes up and down on another reader\'s comment, and takes the vote back', async () => {
    await seedComments(server.app, '/', [{ body: 'Who pays for the maintenance?', name: 'Tom' }]);
    await page.reload();
    const other = comment(page, 'Who pays for the maintenance?');
    await other.waitFor();
    const score = other.locator('[part="score"]');
    await other.getByRole('button', { name: 'Vote up' }).click();
    await expect.poll(() => score.textContent()).toContain('1');
    expect(await other.getByRole('button', { name: 'Vote up' }).getAttribute('aria-pressed')).toBe('true');
    await other.getByRole('button', { name: 'Vote down' }).click();
    await expect.poll(() => score.textContent()).toContain('-1');
    await other.getByRole('button', { name: 'Vote down' }).click();
    await expect.poll(() => score.textContent()).toBe('Score0');
    await other.getByRole('button', { name: 'Vote up' }).click();
    await expect.poll(() => score.textContent()).toBe('Score1');
    // The vote is stored: a reload shows it, pressed.
    await page.reload();
    await comment(page, 'Who pays').waitFor();
    await expect.poll(() => comment(page, 'Who pays').getByRole('button', { name: 'Vote up' }).getAttribute('aria-pressed')).toBe('true');
  });

  it('rolls an optimistic vote back when the server refuses it', async () => {
    const other = comment(page, 'Who pays for the maintenance?');
    await page.route('**/api/v1/comments/*/vote', (route) =>
      route.fulfill({ status: 429, contentType: 'application/json', body: JSON.stringify({ error: { code: 'rate_limited', message: 'slow down' } }) }),
    );
    await other.getByRole('button', { name: 'Vote down' }).click();
    await expect.poll(() => page.locator('[part="notice"]').textContent()).toBe('You are posting too fast. Please wait a moment.');
    await expect.poll(() => other.locator('[part="score"]').textContent()).toBe('Score1');
    expect(await other.getByRole('button', { name: 'Vote up' }).getAttribute('aria-pressed')).toBe('true');
    await page.unroute('**/api/v1/comments/*/vote');
  });

  it('switches each sort: Oldest, Newest, Most Voted', async () => {
    await seedComments(server.app, '/', [{ body: 'Newest of all.', name: 'Zoe' }]);
    const sorts = page.getByRole('group', { name: 'Sort comments' });
    await sorts.getByRole('button', { name: 'Newest' }).click();
    await expect.poll(() => rootOrder(page)).toEqual(['Zoe', 'Tom', 'Maya']);
    expect(await sorts.getByRole('button', { name: 'Newest' }).getAttribute('aria-pressed')).toBe('true');
    await sorts.getByRole('button', { name: 'Most Voted' }).click();
    await expect.poll(() => rootOrder(page)).toEqual(['Tom', 'Zoe', 'Maya']);
    await sorts.getByRole('button', { name: 'Oldest' }).click();
    await expect.poll(() => rootOrder(page)).toEqual(['Maya', 'Tom', 'Zoe']);
  });

  it('edits own comment within the window, keeping its Markdown', async () => {
    // Found by id: while it is being edited, its text is in a textarea, not in the comment.
    const id = await comment(page, 'It floods every winter').getAttribute('data-id');
    const mine = page.locator(`parley-comment[data-id="${id}"]`);
    await mine.getByRole('button', { name: 'Edit' }).click();
    const form = mine.locator('parley-form[mode="edit"]');
    expect(await form.locator('textarea').inputValue()).toBe('It floods every winter too.');
    await form.locator('textarea').fill('It floods every winter, _badly_.');
    await form.getByRole('button', { name: 'Save' }).click();
    const edited = comment(page, 'It floods every winter, badly.');
    await edited.waitFor();
    expect(await edited.locator('em').textContent()).toBe('badly');
    expect(await edited.getByText('edited').count()).toBe(1);
  });

  it('deletes own comment after confirming, and the count drops', async () => {
    const mine = comment(page, 'It floods every winter');
    await mine.getByRole('button', { name: 'Delete' }).click();
    await mine.getByRole('group', { name: 'Delete this comment?' }).getByRole('button', { name: 'Delete' }).click();
    await expect.poll(() => comment(page, 'It floods every winter').count()).toBe(0);
    await expect.poll(() => page.locator('parley-header h2').textContent()).toBe('4 Comments');
    await page.reload();
    await comment(page, 'Finally some good news').waitFor();
    expect(await comment(page, 'It floods every winter').count()).toBe(0);
  });

  it('opening the Report menu moves no comment\'s text; Escape closes it back onto its button', async () => {
    const tom = comment(page, 'Who pays for the maintenance?');
    const bodies = page.locator('parley-comment [part="body"]');
    // Where each comment's text sits on the page (not in the viewport: clicking may scroll).
    const where = () =>
      bodies.evaluateAll((els) =>
        els.map((el) => {
          const r = el.getBoundingClientRect();
          return [r.left + scrollX, r.top + scrollY, r.width, r.height].map(Math.round).join(' ');
        }),
      );
    const before = await where();
    expect(before.length).toBeGreaterThan(2);
    await tom.getByRole('button', { name: 'Report' }).click();
    await tom.getByLabel('Off topic').waitFor();
    expect(await where()).toEqual(before);
    await page.keyboard.press('Escape');
    await expect.poll(() => tom.getByLabel('Off topic').count()).toBe(0);
    expect(await tom.getByRole('button', { name: 'Report' }).evaluate((b) => b.matches(':focus'))).toBe(true);
  });

  it('flags another reader\'s comment with a reason, once', async () => {
    const other = comment(page, 'Newest of all.');
    await other.getByRole('button', { name: 'Report' }).click();
    await other.getByLabel('Off topic').check();
    await other.locator('form').getByRole('button', { name: 'Report' }).click();
    await expect.poll(() => page.locator('[part="notice"]').textContent()).toBe('Thank you. A moderator will take a look.');
    expect(await other.locator('[part="flagged"]').textContent()).toBe('Reported');
    await page.reload();
    await expect.poll(() => comment(page, 'Newest of all.').locator('[part="flagged"]').count()).toBe(1);
  });

  it('a second reader in a new browser sees the first reader\'s comments after reload', async () => {
    const second = await openPage(browser, `${server.url}/`);
    await comment(second.page, 'Finally some good news').waitFor();
    await comment(second.page, 'the towpath is a mess').waitFor();
    expect(await second.page.locator('parley-header h2').textContent()).toBe('4 Comments');
    // Not theirs: no Edit or Delete; theirs to vote on and report.
    expect(await comment(second.page, 'Finally some good news').getByRole('button', { name: 'Edit' }).count()).toBe(0);
    expect(await comment(second.page, 'Finally some good news').getByRole('button', { name: 'Report' }).count()).toBe(1);
    await second.context.close();
    // The refused vote logs its HTTP status; nothing else.
    expect(reader.errors.filter((e) => !e.startsWith('Failed to load resource'))).toEqual([]);
  });
});

describe('by keyboard alone', () => {
  it('opens a reply with Enter, posts it with Ctrl+Enter, and Escape closes a form back onto its comment', async () => {
    const { page, context } = await openPage(browser, `${server.url}/`);
    const target = comment(page, 'Who pays for the maintenance?');
    await target.waitFor();
    await target.getByRole('button', { name: 'Reply' }).focus();
    await page.keyboard.press('Enter');
    const form = target.locator('parley-form[mode="reply"]');
    await expect.poll(() => form.locator('textarea').evaluate((el) => el.matches(':focus'))).toBe(true);
    await page.keyboard.press('Escape');
    await expect.poll(() => form.count()).toBe(0);
    const id = await target.locator('article').getAttribute('data-id');
    await expect.poll(() => focusedCommentId(page)).toBe(id);

    await target.getByRole('button', { name: 'Reply' }).focus();
    await page.keyboard.press('Enter');
    await page.keyboard.type('Typed without a mouse.');
    await page.keyboard.press('Tab'); // from the text to the name field
    await expect.poll(() => form.getByLabel('Name').evaluate((el) => el.matches(':focus'))).toBe(true);
    await page.keyboard.type('Kim');
    await page.keyboard.press('Control+Enter');
    const reply = comment(page, 'Typed without a mouse.');
    await reply.waitFor();
    await expect.poll(() => focusedCommentId(page)).toBe(await reply.locator('article').getAttribute('data-id'));
    await context.close();
  });
});

describe('live updates', () => {
  it('a comment posted in another page shows as "1 new comment" without moving the page, and comes in on click below what was there', async () => {
    const { page, context } = await openPage(browser, `${server.url}/`);
    const other = await openPage(browser, `${server.url}/`);
    await comment(page, 'Finally some good news').waitFor();
    await comment(page, 'Who pays for the maintenance?').scrollIntoViewIfNeeded();
    /** Where a comment sits in the document (not the viewport: focusing the new one may scroll). */
    const docTop = (text: string) => comment(page, text).evaluate((el) => el.getBoundingClientRect().top + scrollY);
    const topBefore = await comment(page, 'Who pays').evaluate((el) => el.getBoundingClientRect().top);
    const scrollBefore = await page.evaluate(() => scrollY);
    const docBefore = await docTop('Who pays');
    await postComment(mainForm(other.page), 'Posted from another browser.', 'Remote');
    await comment(other.page, 'Posted from another browser.').waitFor();
    const pill = page.locator('[part="new-comments"]');
    await expect.poll(() => pill.textContent().catch(() => null)).toContain('1 new comment');
    expect(await page.evaluate(() => scrollY)).toBe(scrollBefore);
    expect(await comment(page, 'Who pays').evaluate((el) => el.getBoundingClientRect().top)).toBe(topBefore);
    expect(await comment(page, 'Posted from another browser.').count()).toBe(0);
    const countBefore = await page.locator('parley-header h2').textContent();
    await pill.click();
    await comment(page, 'Posted from another browser.').waitFor();
    expect(await pill.count()).toBe(0);
    expect(await docTop('Who pays')).toBe(docBefore);
    expect(await docTop('Posted from another browser.')).toBeGreaterThan(docBefore);
    expect(await page.locator('parley-header h2').textContent()).toBe(`${Number.parseInt(countBefore!, 10) + 1} Comments`);
    await other.context.close();
    await context.close();
  });
});

describe('a lost answer', () => {
  it('the network drops the answer to a post the server took: the widget retries, and there is one comment', async () => {
    const { page, context } = await openPage(browser, `${server.url}/`);
    await comment(page, 'Finally some good news').waitFor();
    let taken = 0;
    await page.route('**/api/v1/comments', async (route) => {
      if (route.request().method() !== 'POST' || taken++ > 0) return route.continue();
      // The server receives and commits the post; the browser never sees the answer.
      const answer = await route.fetch();
      expect(answer.status()).toBe(201);
      await route.abort('connectionreset');
    });
    await postComment(mainForm(page), 'Sent once, answered twice.', 'Rita');
    await comment(page, 'Sent once, answered twice.').waitFor({ timeout: 15_000 });
    expect(taken).toBe(2);
    expect(await comment(page, 'Sent once, answered twice.').count()).toBe(1);
    const stored = await (await fetch(`${server.url}/api/v1/threads?site=demo&page=%2F&sort=newest&limit=50`)).json() as { comments: { bodyHtml: string }[] };
    expect(stored.comments.filter((c) => c.bodyHtml.includes('Sent once, answered twice.'))).toHaveLength(1);
    await context.close();
  });
});
