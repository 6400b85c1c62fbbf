import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findSiteBySlug } from '../../server/store/sites.ts';
import { findPage, setPageLocked } from '../../server/store/pages.ts';
import { setSiteSettings } from '../helpers/app.ts';
import { launchBrowser, openPage } from '../helpers/browser.ts';
import { FAST_READER, seedComments, startTestServer, type TestServer } from '../helpers/server.ts';

/** Locks as the admin API does: the change, then the event every instance's caches listen to. */
async function lockPage(pageId: number, isLocked: boolean) {
  const app = server.app;
  const page = await setPageLocked(app.services.database.db, pageId, isLocked);
  app.services.events.publish({ type: 'page', siteId: page!.siteId, pageId });
}

let server: TestServer;
let browser: Browser;

beforeAll(async () => {
  server = await startTestServer({ settings: FAST_READER });
  browser = await launchBrowser();
  await seedComments(server.app, '/', [{ body: 'An approved comment from before.', name: 'Early Bird' }]);
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

const comment = (p: Page, text: string) => p.locator('parley-comment', { hasText: text });

describe('moderation as the reader sees it', () => {
  let page: Page;

  it('a held comment is shown to its author labelled "awaiting moderation", and not counted', async () => {
    await setSiteSettings(server.app, 'demo', { moderationMode: 'all' });
    ({ page } = await openPage(browser, `${server.url}/`));
    await comment(page, 'An approved comment').waitFor();
    const form = page.locator('parley-form[mode="new"]');
    await form.locator('textarea').fill('Please hold this one for review.');
    await form.getByLabel('Name').fill('Patient Reader');
    await form.locator('button[type="submit"]').click();
    const mine = comment(page, 'Please hold this one');
    await mine.waitFor();
    expect(await mine.locator('[part="pending"]').textContent()).toBe('awaiting moderation');
    await expect.poll(() => page.locator('[part="notice"]').textContent()).toBe('Your comment is awaiting moderation.');
    expect(await page.locator('parley-header h2').textContent()).toBe('1 Comment');
    // No votes or replies on something nobody else can see yet.
    expect(await mine.getByRole('button', { name: 'Vote up' }).count()).toBe(0);
    expect(await mine.getByRole('button', { name: 'Reply' }).count()).toBe(0);
  });

  it('after a reload the author still sees it labelled; another reader does not see it', async () => {
    await page.reload();
    const mine = comment(page, 'Please hold this one');
    await mine.waitFor();
    expect(await mine.locator('[part="pending"]').count()).toBe(1);
    const other = await openPage(browser, `${server.url}/`);
    await comment(other.page, 'An approved comment').waitFor();
    expect(await comment(other.page, 'Please hold this one').count()).toBe(0);
    await other.context.close();
    await setSiteSettings(server.app, 'demo', { moderationMode: 'none' });
  });

  it('a locked page says comments are closed and offers no form and no reply', async () => {
    const db = server.app.services.database.db;
    const site = await findSiteBySlug(db, 'demo');
    const row = await findPage(db, site!.id, '/');
    await lockPage(row!.id, true);
    await page.reload();
    await comment(page, 'An approved comment').waitFor();
    expect(await page.locator('[part="closed"]').textContent()).toBe('Comments are closed.');
    expect(await page.locator('parley-form').count()).toBe(0);
    expect(await comment(page, 'An approved comment').getByRole('button', { name: 'Reply' }).count()).toBe(0);
  });

  it('a page locked while the reader was typing refuses the post and then says it is closed', async () => {
    const db = server.app.services.database.db;
    const site = await findSiteBySlug(db, 'demo');
    const row = await findPage(db, site!.id, '/');
    await lockPage(row!.id, false);
    await page.reload();
    const form = page.locator('parley-form[mode="new"]');
    await form.locator('textarea').fill('Typed before the lock.');
    await form.getByLabel('Name').fill('Late Reader');
    await lockPage(row!.id, true);
    await form.locator('button[type="submit"]').click();
    await page.locator('[part="closed"]').waitFor();
    expect(await page.locator('[part="notice"]').textContent()).toBe('Comments are closed.');
  });
});
