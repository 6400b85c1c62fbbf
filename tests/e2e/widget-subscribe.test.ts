import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { smtpMailer } from '../../server/services/notify/smtp-mailer.ts';
import { launchBrowser, openPage, type OpenedPage } from '../helpers/browser.ts';
import { FAST_OUTBOX, linkTo, outboxSettled } from '../helpers/mail.ts';
import { FAST_READER, startTestServer, type TestServer } from '../helpers/server.ts';
import { SmtpSink } from '../helpers/smtp-sink.ts';

/**
 * The widget's Subscribe menu against a real SMTP server on loopback: the confirmation mail
 * arrives, its link is followed in the browser, and the menu then says "confirmed".
 */
let sink: SmtpSink;
let server: TestServer;
let browser: Browser;
/** A 2-core box shared by many test runs: SMTP round trips can take a while. */
const SLOW = { timeout: 15_000, interval: 50 };

beforeAll(async () => {
  sink = await SmtpSink.start();
  server = await startTestServer({ settings: FAST_READER, mailer: smtpMailer(sink.url()), outbox: FAST_OUTBOX });
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
  await sink?.stop();
});

const menuOf = (p: Page) => p.locator('parley-subscribe');
const subscription = (menu: Locator, kind: string) => menu.locator('li', { hasText: kind });
const comment = (p: Page, text: string) => p.locator('parley-comment', { hasText: text });

async function openMenu(p: Page): Promise<Locator> {
  await p.locator('[part="subscribe"]').click();
  const menu = menuOf(p);
  await menu.locator('form').waitFor();
  return menu;
}

describe('a guest subscribes from the menu', () => {
  let opened: OpenedPage;

  it('gives an e-mail, is told to check the inbox, and the menu lists the subscription as waiting', async () => {
    opened = await openPage(browser, `${server.url}/`);
    const page = opened.page;
    await page.getByText('Be the first to comment.').waitFor();
    expect(await menuOf(page).locator('form').count()).toBe(0);
    const menu = await openMenu(page);
    expect(await menu.getByLabel('Notify of').inputValue()).toBe('page');
    await menu.getByLabel('E-mail').fill('maya@example.org');
    await menu.getByRole('button', { name: 'Subscribe', exact: true }).click();
    await expect.poll(() => menu.getByRole('status').textContent()).toBe('Check your inbox to confirm the subscription.');
    expect(await subscription(menu, 'new follow-up comments').textContent()).toContain('check your inbox to confirm');
    // Asking twice sends one mail.
    await menu.getByRole('button', { name: 'Subscribe', exact: true }).click();
    await expect.poll(() => sink.to('maya@example.org').length, SLOW).toBe(1);
    expect(sink.to('maya@example.org')[0]!.parsed.subject).toContain('Confirm your subscription');
  });

  it('follows the link in the mail, and the menu then says confirmed; Escape closes it onto its button', async () => {
    const page = opened.page;
    const confirm = await opened.context.newPage();
    await confirm.goto(`${server.url}${linkTo(sink.to('maya@example.org')[0]!, '/api/v1/subscriptions/confirm')}`);
    expect(await confirm.locator('body').textContent()).toContain('you will be notified');
    await confirm.close();

    await page.keyboard.press('Escape');
    await expect.poll(() => menuOf(page).locator('form').count()).toBe(0);
    expect(await page.locator('[part="subscribe"]').evaluate((el) => el.matches(':focus'))).toBe(true);
    const menu = await openMenu(page);
    await expect.poll(() => subscription(menu, 'new follow-up comments').locator('strong').textContent()).toBe('confirmed');
  });

  it('unsubscribes from the menu: the subscription is gone, also after a reload', async () => {
    const page = opened.page;
    const menu = menuOf(page);
    await subscription(menu, 'new follow-up comments').getByRole('button', { name: 'Unsubscribe' }).click();
    await expect.poll(() => menu.getByRole('status').textContent()).toBe('Unsubscribed.');
    expect(await menu.locator('li').count()).toBe(0);
    await page.reload();
    await page.getByText('Be the first to comment.').waitFor();
    expect(await (await openMenu(page)).locator('li').count()).toBe(0);
    await opened.context.close();
  });
});

describe('a reader the site signed in (?sso=1)', () => {
  it('subscribes to replies without typing an address, confirmed at once (the site vouches for it), and the reply mail arrives', async () => {
    const signed = await openPage(browser, `${server.url}/?sso=1`);
    const page = signed.page;
    const form = page.locator('parley-form[mode="new"]');
    await form.locator('[part="signed-in"]').waitFor();
    // "Notify me of replies" in the form: this comment's replies come by mail.
    await form.locator('textarea').fill('Tell me when someone answers.');
    await form.getByLabel('Notify me of replies').check();
    await form.locator('button[type="submit"]').click();
    await comment(page, 'Tell me when someone answers.').waitFor();

    const menu = await openMenu(page);
    expect(await menu.getByLabel('E-mail').count()).toBe(0);
    expect(await menu.locator('form').textContent()).toContain('Mail goes to demo-reader@example.com');
    // The tick's subscription is listed, confirmed without a mail.
    await expect.poll(() => subscription(menu, 'new replies to my comments').locator('strong').textContent()).toBe('confirmed');
    await menu.getByLabel('Notify of').selectOption('page');
    await menu.getByRole('button', { name: 'Subscribe', exact: true }).click();
    await expect.poll(() => menu.getByRole('status').textContent()).toBe('Subscribed.');
    expect(await subscription(menu, 'new follow-up comments').locator('strong').textContent()).toBe('confirmed');

    // A guest answers; the signed-in reader hears once, as a reply (not also as a page subscriber).
    const guest = await openPage(browser, `${server.url}/`);
    const theirs = comment(guest.page, 'Tell me when someone answers.');
    await theirs.getByRole('button', { name: 'Reply', exact: true }).first().click();
    const reply = guest.page.locator('parley-form[mode="reply"]');
    await reply.locator('textarea').fill('Here is an answer.');
    await reply.getByLabel('Name').fill('Walk-in');
    await reply.locator('button[type="submit"]').click();
    await comment(guest.page, 'Here is an answer.').waitFor();
    await expect.poll(() => sink.to('demo-reader@example.com').length, SLOW).toBe(1);
    await outboxSettled(server.app);
    expect(sink.to('demo-reader@example.com')).toHaveLength(1);
    expect(sink.to('demo-reader@example.com')[0]!.parsed.subject).toContain('Walk-in replied to your comment');
    await guest.context.close();
    expect(signed.errors.filter((e) => !e.includes('status of 404'))).toEqual([]);
    await signed.context.close();
  });
});
