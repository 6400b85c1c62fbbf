import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createModerator, TEST_PASSWORD } from '../helpers/admin.ts';
import { launchBrowser, openPage, type OpenedPage } from '../helpers/browser.ts';
import { FAST_READER, seedComments, startTestServer, type TestServer } from '../helpers/server.ts';

// "Must show" 2 of issue 5, in order: one reader, one moderator, one page, in real Chromium.
let server: TestServer;
let browser: Browser;
let reader: OpenedPage;
let admin: OpenedPage;
let r: Page;
let a: Page;
const violations: string[] = [];

beforeAll(async () => {
  server = await startTestServer({ settings: { ...FAST_READER, moderationMode: 'first', suspectWords: ['bargain'] } });
  await createModerator(server.app, { email: 'editor@example.com', role: 'moderator', sites: ['demo'] });
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

// Reader side (the demo article with <parley-comments>).
const comment = (p: Page, text: string) => p.locator('parley-comment', { hasText: text });
const mainForm = (p: Page) => p.locator('parley-form[mode="new"]');
async function post(body: string, name?: string) {
  const form = mainForm(r);
  await form.locator('textarea').fill(body);
  if (name) await form.getByLabel('Name').fill(name);
  await form.locator('button[type="submit"]').click();
}

// Moderator side (/admin with <parley-admin>).
const rows = (p: Page) => p.locator('parley-admin-queue [role="row"]');
const row = (p: Page, text: string) => p.locator('parley-admin-queue [role="row"]', { hasText: text });
const status = (p: Page) => p.locator('parley-admin > .status');
const navLink = (p: Page, name: RegExp) => p.locator('parley-admin-nav').getByRole('link', { name });
const navCount = (p: Page, queue: string) => p.locator(`parley-admin-nav a[data-queue="${queue}"] .count [aria-hidden]`).textContent();
const reasons = (item: Locator) => item.locator('.reason').allTextContents();
/** The row that has keyboard focus, as its comment's text. */
const focusedRowText = (p: Page) =>
  p.evaluate(() => {
    let el = document.activeElement;
    while (el?.shadowRoot?.activeElement && el.getAttribute('role') !== 'row') el = el.shadowRoot.activeElement;
    return el?.getAttribute('role') === 'row' ? (el.shadowRoot?.querySelector('.body')?.textContent ?? null) : null;
  });

describe('a moderator works the queue while a reader comments', () => {
  it('holds a guest\'s first comment on the demo page in site mode "first"', async () => {
    reader = await openPage(browser, `${server.url}/`);
    r = reader.page;
    await r.getByText('Be the first to comment.').waitFor();
    await post('First time commenting here, lovely article.', 'Maya');
    const mine = comment(r, 'First time commenting here');
    await mine.waitFor();
    await mine.getByText('awaiting moderation').waitFor();
    await expect.poll(() => r.locator('parley-header h2').textContent()).toBe('0 Comments');
  });

  it('the moderator signs in at /admin and sees it in Pending with the reason "first comment"', async () => {
    admin = await openPage(browser, `${server.url}/admin`);
    a = admin.page;
    await a.exposeFunction('parleyCspViolation', (v: string) => violations.push(v));
    await a.evaluate(() =>
      document.addEventListener('securitypolicyviolation', (e) => (window as unknown as { parleyCspViolation(v: string): void }).parleyCspViolation(`${e.violatedDirective} ${e.blockedURI}`)),
    );
    await a.getByLabel('E-mail').fill('editor@example.com');
    await a.getByLabel('Password').fill(TEST_PASSWORD);
    await a.getByRole('button', { name: 'Sign in' }).click();
    await a.getByRole('heading', { name: 'Pending' }).waitFor();
    const held = row(a, 'First time commenting here');
    await held.waitFor();
    expect(await reasons(held)).toEqual(['first comment']);
    expect(await held.getByText('Maya').count()).toBeGreaterThan(0);
    // Its page, for context: the article's title, linked.
    expect(await held.locator('.meta a').textContent()).toContain('Council approves riverside cycle path');
    await expect.poll(() => navCount(a, 'pending')).toBe('1');
    await a.locator('parley-admin[live]').waitFor();
  });

  it('approves it with the keyboard, and the reader\'s page shows it approved', async () => {
    await a.keyboard.press('j');
    await expect.poll(() => focusedRowText(a)).toContain('First time commenting here');
    await a.keyboard.press('a');
    await expect.poll(() => status(a).textContent()).toBe('Approved 1 comment.');
    await a.getByText('Nothing here. Well done.').waitFor();
    await expect.poll(() => navCount(a, 'pending')).toBe('0');
    // The reader's page, reloaded: counted, and no longer "awaiting moderation".
    await r.reload();
    await comment(r, 'First time commenting here').waitFor();
    await expect.poll(() => r.locator('parley-header h2').textContent()).toBe('1 Comment');
    expect(await comment(r, 'First time commenting here').getByText('awaiting moderation').count()).toBe(0);
  });

  it('a comment with a suspect word arrives live in Pending with that reason', async () => {
    await post('What a bargain, sign me up at my site');
    await comment(r, 'What a bargain').getByText('awaiting moderation').waitFor();
    const held = row(a, 'What a bargain');
    await held.waitFor();
    // Maya has an approved comment now, so only the word holds this one.
    expect(await reasons(held)).toEqual(['suspect word: bargain']);
    expect(await held.locator('summary').textContent()).toContain('1 approved · 0 rejected');
  });

  it('fifty new comments arrive live, and fifty are approved in one bulk action', async () => {
    await seedComments(
      server.app,
      '/',
      Array.from({ length: 50 }, (_, i) => ({ body: `Bulk comment number ${i + 1}`, name: `Reader ${i + 1}` })),
    );
    await expect.poll(() => rows(a).count(), { timeout: 30_000 }).toBe(51);
    await expect.poll(() => navCount(a, 'pending')).toBe('51');
    await a.getByLabel('Select all').check();
    await a.getByText('51 selected').waitFor();
    // Leave the suspect comment (the oldest, last in the list) out with the keyboard.
    await a.keyboard.press('j');
    await a.keyboard.press('End');
    await expect.poll(() => focusedRowText(a)).toContain('What a bargain');
    await a.keyboard.press('x');
    await a.getByText('50 selected').waitFor();
    expect(await row(a, 'What a bargain').getAttribute('aria-selected')).toBe('false');
    await a.keyboard.press('a');
    await expect.poll(() => status(a).textContent()).toBe('Approved 50 comments.');
    await expect.poll(() => rows(a).count()).toBe(1);
    await expect.poll(() => navCount(a, 'pending')).toBe('1');
    await r.reload();
    await expect.poll(() => r.locator('parley-header h2').textContent()).toBe('51 Comments');
  });

  it('marks the suspect comment as spam, then bans its author, whose next post is refused', async () => {
    await a.keyboard.press('s');
    await expect.poll(() => status(a).textContent()).toBe('Marked 1 comment as spam.');
    await expect.poll(() => navCount(a, 'spam')).toBe('1');

    await navLink(a, /^Spam/).click();
    await a.getByRole('heading', { name: 'Spam' }).waitFor();
    await row(a, 'What a bargain').waitFor();
    await a.keyboard.press('b');
    const dialog = a.getByRole('dialog', { name: 'Ban Maya' });
    await dialog.waitFor();
    await dialog.getByLabel('Reason (shown in the audit log)').fill('Spam links');
    await dialog.getByRole('button', { name: 'Ban', exact: true }).focus();
    await a.keyboard.press('Enter');
    await expect.poll(() => status(a).textContent()).toBe('Maya is banned.');

    await post('Let me try this again');
    await expect.poll(() => mainForm(r).getByRole('alert').textContent()).toBe('You can no longer comment on this site.');
    expect(await comment(r, 'Let me try this again').count()).toBe(0);
  });

  it('locks the page, and the reader\'s widget says comments are closed', async () => {
    await navLink(a, /^Pages$/).click();
    await a.getByRole('heading', { name: 'Pages' }).waitFor();
    await a.getByRole('button', { name: /^Lock / }).click();
    await expect.poll(() => status(a).textContent()).toContain('is locked; comments are closed.');
    await r.reload();
    await expect.poll(() => r.locator('[part="closed"]').textContent()).toBe('Comments are closed.');
    expect(await mainForm(r).count()).toBe(0);
  });

  it('undo restores the last action: the page takes comments again', async () => {
    await a.keyboard.press('u');
    await expect.poll(() => status(a).textContent()).toBe('The last action was undone.');
    await a.getByRole('button', { name: /^Lock / }).waitFor();
    await r.reload();
    await mainForm(r).waitFor();
    expect(await r.locator('[part="closed"]').count()).toBe(0);
  });

  it('the audit log lists all of it, the undone lock marked', async () => {
    await navLink(a, /^Audit log$/).click();
    await a.getByRole('heading', { name: 'Audit log' }).waitFor();
    // The heading renders before the first page of rows arrives: wait for the rows, then page on.
    await a.locator('parley-admin-audit tbody tr').first().waitFor();
    const more = a.getByRole('button', { name: 'Load more' });
    for (let i = 0; i < 5 && (await more.count()) > 0; i++) {
      const before = await a.locator('parley-admin-audit tbody tr').count();
      await more.click();
      await expect.poll(() => a.locator('parley-admin-audit tbody tr').count()).toBeGreaterThan(before);
    }
    const count = (action: string) => a.locator(`parley-admin-audit tr[data-action="${action}"]`).count();
    expect(await count('approve')).toBe(51);
    expect(await count('spam')).toBe(1);
    expect(await count('ban')).toBe(1);
    expect(await count('lock')).toBe(1);
    expect(await count('undo')).toBe(1);
    expect(await a.locator('parley-admin-audit tr[data-action="lock"]').textContent()).toContain('undone');
    expect(await a.locator('parley-admin-audit tr[data-action="approve"]').first().textContent()).toContain('editor');
  });

  it('ran under the strict CSP with no violation and no script error', async () => {
    expect(violations).toEqual([]);
    // The only failed request is the session probe before signing in (401).
    expect(admin.errors.filter((e) => !e.includes('401'))).toEqual([]);
  });
});
