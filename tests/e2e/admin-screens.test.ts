import { readFileSync } from 'node:fs';
import { sql } from 'drizzle-orm';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { issueSignInToken, signInLink } from '../../server/services/admin/sessions.ts';
import { findSiteBySlug } from '../../server/store/sites.ts';
import { deleteModeratorSessions } from '../../server/store/sessions.ts';
import { rowsOf } from '../../server/store/comments.ts';
import { createModerator, TEST_PASSWORD } from '../helpers/admin.ts';
import { client } from '../helpers/app.ts';
import { launchBrowser, openPage } from '../helpers/browser.ts';
import { databaseFingerprint } from '../helpers/db-state.ts';
import { FIXTURES, importedComments } from '../helpers/migrate.ts';
import { FAST_READER, seedComments, startTestServer, type TestServer } from '../helpers/server.ts';

// The screens around the queue: sign-in paths, settings, moderators, live counts, another language.
let server: TestServer;
let browser: Browser;
let a: Page;
let chiefId: number;

beforeAll(async () => {
  server = await startTestServer({ settings: { ...FAST_READER, moderationMode: 'first' } });
  chiefId = (await createModerator(server.app, { email: 'chief@example.com', role: 'admin' })).moderator.id;
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

const status = (p: Page) => p.locator('parley-admin > .status');
const navCount = (p: Page, queue: string) => p.locator(`parley-admin-nav a[data-queue="${queue}"] .count [aria-hidden]`).textContent();
const go = async (p: Page, name: string, heading: string | RegExp) => {
  await p.locator('parley-admin-nav').getByRole('link', { name: new RegExp(`^${name}`) }).click();
  await p.getByRole('heading', { name: heading }).waitFor();
};

describe('signing in', () => {
  it('a wrong password says so without saying which part was wrong', async () => {
    a = (await openPage(browser, `${server.url}/admin`)).page;
    await a.getByLabel('E-mail').fill('chief@example.com');
    await a.getByLabel('Password').fill('not the password');
    await a.getByRole('button', { name: 'Sign in' }).click();
    await expect.poll(() => a.getByRole('alert').textContent()).toBe('Wrong e-mail or password.');
  });

  it('a one-time sign-in link signs in once, and leaves no token in the address bar', async () => {
    const link = signInLink(server.app.services, await issueSignInToken(server.app.services, chiefId));
    const first = (await openPage(browser, link)).page;
    await first.getByRole('heading', { name: 'Pending' }).waitFor();
    expect(first.url()).not.toContain('login-token');
    const again = (await openPage(browser, link)).page;
    await again.getByText('This sign-in link is invalid or has expired.', { exact: false }).waitFor();
    await again.getByLabel('E-mail').waitFor();
  });

  it('a session that ends sends the moderator back to sign in, with the reason', async () => {
    await a.getByLabel('Password').fill(TEST_PASSWORD);
    await a.getByRole('button', { name: 'Sign in' }).click();
    await a.getByRole('heading', { name: 'Pending' }).waitFor();
    await deleteModeratorSessions(server.app.services.database.db, chiefId);
    await a.locator('parley-admin-nav').getByRole('link', { name: /^Spam/ }).click();
    await a.getByText('Your session has ended. Sign in again.').waitFor();
    await a.getByLabel('Password').fill(TEST_PASSWORD);
    await a.getByLabel('E-mail').fill('chief@example.com');
    await a.getByRole('button', { name: 'Sign in' }).click();
    await a.locator('parley-admin[live]').waitFor();
  });
});

describe('around the queue', () => {
  it('counts in the navigation follow new comments live, on any screen', async () => {
    await go(a, 'Settings', /^Settings/);
    await expect.poll(() => navCount(a, 'pending')).toBe('0');
    await seedComments(server.app, '/', [{ body: 'Arrives while the moderator reads settings.' }, { body: 'And another one.' }]);
    await expect.poll(() => navCount(a, 'pending')).toBe('2');
    await expect.poll(() => navCount(a, 'all')).toBe('2');
  });

  it('saves settings: mode, word lists and numbers reach the site', async () => {
    await a.getByLabel('Every comment waits for a moderator').check();
    await a.getByLabel('Suspect words (held for review), one per line').fill('bargain\n  cheap  \n');
    await a.getByLabel('Banned words (rejected), one per line').fill('scam');
    await a.getByLabel('Most links allowed before a comment is held').fill('4');
    await a.getByLabel('Flags that send a comment back to review').fill('5');
    await a.getByRole('button', { name: 'Save' }).click();
    await expect.poll(() => status(a).textContent()).toBe('Settings saved.');
    const site = (await findSiteBySlug(server.app.services.database.db, 'demo'))!;
    expect(site.settings).toMatchObject({ moderationMode: 'all', suspectWords: ['bargain', 'cheap'], bannedWords: ['scam'], linkLimit: 4, flagThreshold: 5 });
    expect(site.allowedOrigins).toEqual([server.url]);
  });

  it('lists a ban under Readers & bans with who, why and by whom, opens the reader\'s history, and lifts it', async () => {
    await go(a, 'Pending', 'Pending');
    // The heading shows before the queue has loaded: j needs a row to move to (it raced under load).
    await a.locator('parley-admin-queue parley-admin-item[role="row"]').first().waitFor();
    await a.keyboard.press('j');
    await a.keyboard.press('b');
    const dialog = a.getByRole('dialog', { name: 'Ban Reader' });
    await dialog.waitFor();
    // Their comment stays for review, so the history below shows nothing rejected.
    await dialog.getByRole('radio', { name: 'Keep them for review' }).check();
    await a.getByLabel('Reason (shown in the audit log)').fill('Insults other readers');
    await a.keyboard.press('Enter');
    await expect.poll(() => status(a).textContent()).toBe('Reader is banned.');
    await go(a, 'Readers', 'Readers & bans');
    const ban = a.locator('parley-admin-readers tbody tr');
    await expect.poll(() => ban.count()).toBe(1);
    const cells = async () => (await ban.locator('td').allInnerTexts()).map((c) => c.replace(/\s+/g, ' ').trim());
    expect((await cells()).slice(0, 4)).toEqual(['reader', 'Reader', 'Insults other readers', 'chief chief@example.com']);
    await ban.getByRole('link', { name: 'Reader' }).click();
    await a.getByRole('heading', { name: 'Reader Reader' }).waitFor();
    expect(await a.locator('parley-admin-readers section').textContent()).toContain('0 approved · 0 rejected');
    await ban.getByRole('button', { name: 'Lift the ban on Reader' }).click();
    await expect.poll(() => status(a).textContent()).toBe('The ban is lifted.');
    await a.getByText('No active bans.').waitFor();
  });

  it('finds a reader by part of their e-mail address, in any case, and opens their history', async () => {
    const api = client(server.app);
    await api.comment(await api.reader(), { page: '/', body: 'A note on engines.', name: 'Ada Lovelace', email: 'ada@analytical.example' });
    await a.getByLabel('Find a reader by name, e-mail or id').fill('ANALYTICAL.example');
    await a.getByRole('button', { name: 'Find', exact: true }).click();
    await expect.poll(() => status(a).textContent()).toBe('1 reader found.');
    const found = a.getByRole('region', { name: 'Readers matching “ANALYTICAL.example”' });
    expect(await found.getByRole('cell', { name: 'ada@analytical.example' }).count()).toBe(1);
    await found.getByRole('link', { name: 'Ada Lovelace' }).click();
    await a.getByRole('heading', { name: 'Reader Ada Lovelace' }).waitFor();
  });

  it('the audit log says what changed, field by field, before → after', async () => {
    await go(a, 'Audit', 'Audit log');
    const settings = a.locator('parley-admin-audit tr[data-action="settings"]').first();
    const line = (field: string) => settings.locator('dl.changes > div', { has: a.locator('dt', { hasText: new RegExp(`^${field}$`) }) }).locator('dd').textContent();
    expect(await line('settings.moderationMode')).toBe('first → all');
    expect(await line('settings.linkLimit')).toMatch(/^(\d+|—) → 4$/);
    expect(await settings.locator('dt', { hasText: /^allowedOrigins$/ }).count()).toBe(0);
    expect(await settings.textContent()).not.toContain('{');
  });

  it('adds a moderator without a password and shows the one-time link to hand over', async () => {
    await go(a, 'Moderators', 'Moderators');
    await a.getByLabel('Name').fill('Night Shift');
    await a.getByLabel('E-mail').fill('night@example.com');
    await a.getByLabel('Parley demo').check();
    await a.getByRole('button', { name: 'Add', exact: true }).click();
    await expect.poll(() => status(a).textContent()).toBe('Night Shift can now sign in.');
    const link = await a.getByLabel('One-time sign-in link to hand over').inputValue();
    expect(link).toMatch(new RegExp(`^${server.url}/admin#login-token=[A-Za-z0-9_-]+$`));
    await a.getByRole('cell', { name: 'night@example.com' }).waitFor();
    // Opting them in to the "comments wait for review" mail: the server keeps it.
    const alerts = a.getByLabel('Mail Night Shift when comments wait for review');
    expect(await alerts.isChecked()).toBe(false);
    await alerts.check();
    await expect.poll(() => status(a).textContent()).toBe('Night Shift will be mailed when comments wait for review.');
    await expect.poll(() => a.getByLabel('Mail Night Shift when comments wait for review').isChecked()).toBe(true);
    // The new moderator signs in with it and sees only the site they were given.
    const night = (await openPage(browser, link)).page;
    await night.getByText('Signed in as Night Shift').waitFor();
    expect(await night.locator('parley-admin-nav').getByRole('link', { name: 'Moderators' }).count()).toBe(0);
    expect(await night.locator('parley-admin-nav').getByRole('link', { name: 'Email' }).count()).toBe(0);
  });

  it('with no SMTP server, Email says mails are kept, not sent, and a guest\'s confirmation mail is read in the dev mailbox', async () => {
    const subscribed = await client(server.app).post('/api/v1/subscriptions', { site: 'demo', page: '/', title: 'Home', email: 'newcomer@reader.test' }, { headers: { origin: server.url } });
    expect(subscribed.status).toBe(201);
    const mailStatus = async () => rowsOf<{ status: string }>(await server.database.db.execute(sql`select status from outbox where recipient = 'newcomer@reader.test'`))[0]?.status;
    await expect.poll(mailStatus, { timeout: 15_000 }).toBe('kept');
    await go(a, 'Email', /^Email$/);
    await a.getByText('No SMTP server is configured, so no mail is sent', { exact: false }).waitFor();
    expect(await a.getByLabel('Send to').count()).toBe(0);
    await a.getByRole('heading', { name: 'Dev mailbox' }).waitFor();
    const row = a.locator('parley-admin-outbox tbody tr[data-mail-id]', { hasText: 'newcomer@reader.test' });
    expect(await row.locator('td.subject .muted').textContent()).toBe('subscription confirmation');
    expect(await row.locator('td').nth(2).textContent()).toBe('kept, not sent');
    const read = row.getByRole('button', { name: /^Read / });
    await read.click();
    expect(await read.getAttribute('aria-expanded')).toBe('true');
    const letter = a.getByRole('region', { name: /to newcomer@reader\.test$/ });
    const confirm = letter.getByRole('link', { name: /\/api\/v1\/subscriptions\/confirm\?/ });
    expect(await confirm.getAttribute('href')).toMatch(new RegExp(`^${server.url}/api/v1/subscriptions/confirm\\?`));
    await read.click();
    await letter.waitFor({ state: 'detached' });
  });

  it('speaks Russian to a browser that asks for it', async () => {
    const ru = (await openPage(browser, `${server.url}/admin`, { locale: 'ru-RU' })).page;
    await ru.getByRole('heading', { name: 'Вход для модераторов' }).waitFor();
    expect(await ru.evaluate(() => document.documentElement.lang)).toBe('ru');
    expect(await ru.getByLabel('Пароль').count()).toBe(1);
  });
});

// Issue 14, the admin view's side: import with a dry run first, export, a reader's data.
describe('moving in and out from the admin view', () => {
  const ARTICLE = '/2020/01/hello-world/';
  const written = async () => {
    const f = await databaseFingerprint(server.database);
    return [f.pages, f.comments, f.readers, f.imported_items];
  };
  const upload = async (isDryRun: boolean) => {
    await a.getByLabel('File to import').setInputFiles(FIXTURES + 'wordpress.wxr');
    await a.getByLabel(/^Dry run/).setChecked(isDryRun);
    await a.getByRole('button', { name: 'Start' }).click();
    await a.locator('parley-admin-import #import-phase', { hasText: 'Done.' }).waitFor();
  };
  const report = (item: string) => a.locator(`parley-admin-import [data-report="${item}"]`).first().textContent();
  const thread = async () => (await client(server.app).get(`/api/v1/threads?site=demo&page=${encodeURIComponent(ARTICLE)}`)).body;

  it('a dry run shows the report the CLI prints and writes nothing', async () => {
    await go(a, 'Import', 'Import & export');
    const before = await written();
    await upload(true);
    await a.getByText('Dry run: nothing was written. The import would bring:').waitFor();
    expect(await report('comments')).toContain('Comments: 13 (13 new, 0 already imported)');
    expect(await report('skipped')).toMatch(/Skipped: pingbacks 1, trackbacks 1/);
    expect(await written()).toEqual(before);
  });

  it('a real import runs its progress bar to the end, reports the counts, and the thread is there', async () => {
    await upload(false);
    await a.getByText('Imported:').waitFor();
    expect(await a.locator('parley-admin-import progress').evaluate((p: HTMLProgressElement) => [p.value, p.max])).toEqual([1, 1]);
    expect(await report('comments')).toContain('Comments: 13 (13 new, 0 already imported)');
    expect(await report('by-status')).toMatch(/approved \d+/);
    expect((await importedComments(server.app)).size).toBe(13);
    expect((await thread()).page).toMatchObject({ commentCount: 7 });
  });

  it('"Export all comments" downloads the site export with the imported comments', async () => {
    const [download] = await Promise.all([a.waitForEvent('download'), a.getByRole('link', { name: 'Export all comments' }).click()]);
    expect(download.suggestedFilename()).toBe('parley-demo.json');
    const file = JSON.parse(readFileSync((await download.path())!, 'utf8'));
    const article = file.pages.find((p: { key: string }) => p.key === ARTICLE);
    expect(article.comments.map((c: { author: { name: string } }) => c.author.name)).toContain('Zoë Ångström');
  });

  it('downloads a reader\'s data, and erases it behind a confirmation: their comment becomes a placeholder', async () => {
    const comment = (await importedComments(server.app)).get('wxr:comment:102')!;
    const [row] = rowsOf<{ readerId: number }>(await server.database.db.execute(sql`select reader_id::int as "readerId" from comments where id = ${comment.id}`));
    await a.evaluate((id) => (location.hash = `#/readers/${id}`), row!.readerId);
    await a.getByRole('heading', { name: 'Reader محمد الأحمد' }).waitFor();
    const [download] = await Promise.all([a.waitForEvent('download'), a.getByRole('button', { name: 'Download reader’s data' }).click()]);
    expect(readFileSync((await download.path())!, 'utf8')).toContain('مرحبا');

    await a.getByRole('button', { name: 'Erase reader’s data' }).click();
    const dialog = a.getByRole('dialog', { name: 'Erase the data of محمد الأحمد?' });
    await dialog.getByText(/become “deleted” placeholders/).waitFor();
    await dialog.getByRole('button', { name: 'Erase the data' }).click();
    await expect.poll(() => status(a).textContent()).toBe('The reader’s data is erased: one comment is now a placeholder, 0 subscriptions removed.');
    const erased = (await importedComments(server.app)).get('wxr:comment:102')!;
    expect(erased).toMatchObject({ status: 'deleted', parentSourceId: 'wxr:comment:101' });
    expect(JSON.stringify(await thread())).not.toContain('محمد');
  });

  it('moves the thread to a new page key, where the API then serves it', async () => {
    const before = (await thread()).page.commentCount;
    await go(a, 'Import', 'Import & export');
    await a.getByLabel(/^Old page key/).fill(ARTICLE);
    await a.getByLabel('New page key').fill('/news/hello-world');
    await a.getByRole('button', { name: 'Move' }).click();
    await expect.poll(() => status(a).textContent()).toMatch(/^\/2020\/01\/hello-world\/ → \/news\/hello-world: moved \d+ comments\.$/);
    const moved = (await client(server.app).get('/api/v1/threads?site=demo&page=%2Fnews%2Fhello-world')).body;
    expect(moved.page.commentCount).toBe(before);
    expect((await thread()).page.commentCount).toBe(0);
  });
});
