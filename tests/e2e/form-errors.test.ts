import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, openPage } from '../helpers/browser.ts';
import { FAST_READER, startTestServer, type TestServer } from '../helpers/server.ts';

// Issue 13, must-show 3: a field error names the field and the rule, shows on the field before any
// request when the limit is known here, is read out, and takes the reader to the field.
let server: TestServer;
let browser: Browser;
let page: Page;
/** Every write the page sent to the comment and subscription endpoints, as `POST path`. */
const writes: string[] = [];

beforeAll(async () => {
  server = await startTestServer({ settings: { ...FAST_READER, maxNameLength: 60, bannedWords: ['spoiler'] } });
  browser = await launchBrowser();
  page = (await openPage(browser, `${server.url}/`)).page;
  page.on('request', (r) => {
    const path = new URL(r.url()).pathname;
    if (r.method() === 'POST' && /^\/api\/v1\/(comments|subscriptions)$/.test(path)) writes.push(`POST ${path}`);
  });
  await page.getByText('Be the first to comment.').waitFor();
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

const mainForm = (p: Page) => p.locator('parley-form[mode="new"]');
/** The focused element inside the widget's shadow roots, as `tag#id`. */
const focused = (p: Page) =>
  p.evaluate(() => {
    let el = document.activeElement;
    while (el?.shadowRoot?.activeElement) el = el.shadowRoot.activeElement;
    return el ? `${el.tagName.toLowerCase()}#${el.id}` : null;
  });
/** What a screen reader is told: the form's live region. */
const announced = (scope: Locator) => scope.locator('[aria-live="assertive"]').textContent();
/** Whether a field is marked invalid, and the message it is described by ('' when none). */
const fieldError = (field: Locator) =>
  field.evaluate((el) => {
    const id = el.getAttribute('aria-describedby');
    const by = id ? (el.getRootNode() as ShadowRoot).getElementById(id) : null;
    return { invalid: el.getAttribute('aria-invalid'), message: by?.textContent?.trim() ?? '' };
  });

describe('the comment form says what is wrong, on the field', () => {
  it('a 61-character name and an odd address: both named with their rule, focus on the name, nothing sent', async () => {
    const form = mainForm(page);
    await form.locator('textarea').fill('Hello there');
    await form.getByLabel('Name').fill('x'.repeat(61));
    await form.getByLabel(/^E-mail/).fill('maya@example');
    await form.locator('button[type="submit"]').click();

    await expect.poll(() => fieldError(form.getByLabel('Name'))).toEqual({ invalid: 'true', message: 'Name: at most 60 characters' });
    expect(await fieldError(form.getByLabel(/^E-mail/))).toEqual({ invalid: 'true', message: 'E-mail: this does not look like an address' });
    expect(await fieldError(form.locator('textarea'))).toEqual({ invalid: 'false', message: '' });
    await expect.poll(() => focused(page)).toBe('input#name');
    expect(await announced(form)).toContain('Name: at most 60 characters');
    expect(await announced(form)).toContain('E-mail: this does not look like an address');
    expect(writes).toEqual([]);
  });

  it('an empty comment: "write something first" on the comment field, focused, read out, nothing sent', async () => {
    const form = mainForm(page);
    await form.getByLabel('Name').fill('Maya');
    await form.getByLabel(/^E-mail/).fill('');
    // Fixing a field takes its message away.
    expect(await fieldError(form.getByLabel('Name'))).toEqual({ invalid: 'false', message: '' });
    await form.locator('textarea').fill('   ');
    await form.getByLabel('Name').press('Enter');

    await expect.poll(() => fieldError(form.locator('textarea'))).toEqual({ invalid: 'true', message: 'Comment: write something first' });
    await expect.poll(() => focused(page)).toBe('textarea#body');
    expect(await announced(form)).toBe('Comment: write something first');
    expect(writes).toEqual([]);
  });

  it('a refusal only the server can make (a banned word) shows on the comment field the same way', async () => {
    const form = mainForm(page);
    await form.locator('textarea').fill('No spoiler, please.');
    await form.locator('button[type="submit"]').click();

    const message = 'Your comment contains a word that is not allowed here.';
    await expect.poll(() => fieldError(form.locator('textarea'))).toEqual({ invalid: 'true', message });
    await expect.poll(() => focused(page)).toBe('textarea#body');
    expect(await announced(form)).toBe(message);
    expect(writes).toEqual(['POST /api/v1/comments']);
  });
});

describe('the Subscribe menu checks its address the same way', () => {
  it('an address without a domain is named on the field, focused, and not sent', async () => {
    await page.locator('[part="subscribe"]').click();
    const menu = page.locator('parley-subscribe');
    const email = menu.getByLabel('E-mail');
    await email.fill('maya@');
    await menu.getByRole('button', { name: 'Subscribe', exact: true }).click();

    await expect.poll(() => fieldError(email)).toEqual({ invalid: 'true', message: 'E-mail: this does not look like an address' });
    await expect.poll(() => focused(page)).toBe('input#sub-email');
    expect(await menu.getByRole('status').textContent()).toContain('E-mail: this does not look like an address');
    expect(writes).toEqual(['POST /api/v1/comments']);
  });
});
