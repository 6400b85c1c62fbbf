import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, openPage, type OpenedPage } from '../helpers/browser.ts';
import { FAST_READER, startTestServer, type TestServer } from '../helpers/server.ts';

let server: TestServer;
let browser: Browser;
let signedIn: OpenedPage;
let page: Page;

beforeAll(async () => {
  server = await startTestServer({ settings: FAST_READER });
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

const mainForm = (p: Page) => p.locator('parley-form[mode="new"]');
const comment = (p: Page, text: string) => p.locator('parley-comment', { hasText: text });
// A page nobody commented on yet answers its thread with 404 (the widget shows an empty thread).
const realErrors = (opened: OpenedPage) => opened.errors.filter((e) => !e.includes('status of 404'));
const ssoCalls = (opened: OpenedPage) => opened.requests.filter((u) => u.endsWith('/api/v1/readers/sso')).length;

describe('a reader the site signed in (the demo page with ?sso=1)', () => {
  it('sees "Signed in as" with their name instead of the name and e-mail fields', async () => {
    signedIn = await openPage(browser, `${server.url}/?sso=1`);
    page = signedIn.page;
    const who = mainForm(page).locator('[part="signed-in"]');
    await who.waitFor();
    expect(await who.textContent()).toBe('Signed in as Demo Reader');
    expect(await mainForm(page).getByLabel('Name').count()).toBe(0);
    expect(await mainForm(page).locator('input[type="email"]').count()).toBe(0);
    expect(ssoCalls(signedIn)).toBe(1);
  });

  it('posts a comment under the signed name, with no guest label', async () => {
    await mainForm(page).locator('textarea').fill('Posting with my newspaper account.');
    await mainForm(page).locator('button[type="submit"]').click();
    const mine = comment(page, 'Posting with my newspaper account.');
    await mine.waitFor();
    expect(await mine.locator('[part="author"]').first().textContent()).toBe('Demo Reader');
    expect(await mine.locator('[part="guest"]').count()).toBe(0);
    await expect.poll(() => page.locator('[part="notice"]').textContent()).toBe('Your comment was posted.');
    expect(realErrors(signedIn)).toEqual([]);
  });

  it('another visitor, a guest, sees that comment without a guest label and their own with one', async () => {
    const guest = await openPage(browser, `${server.url}/`);
    const other = guest.page;
    const theirs = comment(other, 'Posting with my newspaper account.');
    await theirs.waitFor();
    expect(await theirs.locator('[part="guest"]').count()).toBe(0);
    const form = mainForm(other);
    expect(await form.locator('[part="signed-in"]').count()).toBe(0);
    await form.locator('textarea').fill('A guest reply to the signed-in reader.');
    await form.getByLabel('Name').fill('Walk-in');
    await form.locator('button[type="submit"]').click();
    const mine = comment(other, 'A guest reply to the signed-in reader.');
    await mine.waitFor();
    expect(await mine.locator('[part="guest"]').textContent()).toBe('guest');
    expect(ssoCalls(guest)).toBe(0);
    await guest.context.close();
  });

  it('replying keeps the signed identity: the reply form says who, and the reply is theirs', async () => {
    const parent = comment(page, 'Posting with my newspaper account.').first();
    await parent.getByRole('button', { name: 'Reply', exact: true }).first().click();
    const replyForm = page.locator('parley-form[mode="reply"]');
    await replyForm.locator('[part="signed-in"]').waitFor();
    await replyForm.locator('textarea').fill('And a reply, still signed in.');
    await replyForm.locator('button[type="submit"]').click();
    const reply = comment(page, 'And a reply, still signed in.');
    await reply.waitFor();
    expect(await reply.locator('[part="author"]').first().textContent()).toBe('Demo Reader');
    expect(await reply.locator('[part="guest"]').count()).toBe(0);
    expect(realErrors(signedIn)).toEqual([]);
    await signedIn.context.close();
  });
});
