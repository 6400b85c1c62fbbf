import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminClient, createModerator, TEST_PASSWORD } from '../helpers/admin.ts';
import { client } from '../helpers/app.ts';
import { launchBrowser, openPage } from '../helpers/browser.ts';
import { FAST_READER, startTestServer, type TestServer } from '../helpers/server.ts';

// "Must show" 5 of issue 13, the moderator's keyboard: one signed-in page, one long Pending queue.
let server: TestServer;
let browser: Browser;
let a: Page;
const TOTAL = 29;

beforeAll(async () => {
  server = await startTestServer({ settings: { ...FAST_READER, moderationMode: 'all' } });
  await createModerator(server.app, { email: 'keys@example.com', role: 'moderator', sites: ['demo'] });
  await createModerator(server.app, { email: 'other@example.com', role: 'moderator', sites: ['demo'] });
  // Oldest first: ten readers, a spammer's three, ten readers, a chatty reader's two, four readers.
  const api = client(server.app);
  const post = async (token: string, body: string, name: string) => {
    const res = await api.comment(token, { page: '/', body, name });
    if (res.status !== 201) throw new Error(`seed: ${res.status}`);
  };
  const reader = (n: number) => api.reader().then((token) => post(token, `Comment number ${n} from a regular reader.`, `Reader ${n}`));
  for (let n = 1; n <= 10; n++) await reader(n);
  const spammer = await api.reader();
  for (let n = 1; n <= 3; n++) await post(spammer, `Cheap watches, offer ${n}.`, 'Spammer');
  for (let n = 11; n <= 20; n++) await reader(n);
  const chatty = await api.reader();
  for (let n = 1; n <= 2; n++) await post(chatty, `Another thought, number ${n}.`, 'Chatty');
  for (let n = 21; n <= 24; n++) await reader(n);
  browser = await launchBrowser();
  a = (await openPage(browser, `${server.url}/admin`)).page;
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

const rows = (p: Page) => p.locator('parley-admin-queue [role="row"]');
const status = (p: Page) => p.locator('parley-admin > .status');
const pendingCount = (p: Page) => p.locator('parley-admin-nav a[data-queue="pending"] .count [aria-hidden]').textContent();
/**
 * Where the moderator is: the index of the row with the focus, of the row that is the tab stop and
 * of the row drawn as current, the focused row's author, and whether it is on screen (below the
 * sticky toolbar, above the status line).
 */
const where = (p: Page) =>
  p.evaluate(() => {
    const shell = document.querySelector('parley-admin')!.shadowRoot!;
    const queue = shell.querySelector('parley-admin-queue')!.shadowRoot!;
    const list = [...queue.querySelectorAll('[role="row"]')];
    const focused = queue.activeElement;
    const box = focused?.getBoundingClientRect();
    const top = queue.querySelector('parley-admin-queue-toolbar')!.getBoundingClientRect().bottom;
    const bottom = shell.querySelector('.status')!.getBoundingClientRect().top;
    return {
      focused: focused ? list.indexOf(focused) : -1,
      tabStop: list.findIndex((r) => r.getAttribute('tabindex') === '0'),
      current: list.findIndex((r) => r.classList.contains('is-active')),
      author: focused?.shadowRoot?.querySelector('.meta strong')?.textContent ?? null,
      isInView: box ? box.top >= top - 1 && box.bottom <= bottom + 1 : false,
      scrollY: window.scrollY,
    };
  });
const authors = (p: Page) => rows(p).evaluateAll((list) => list.map((r) => r.shadowRoot!.querySelector('.meta strong')!.textContent));
/** Presses j or k until the focused row is `index`. */
async function moveTo(p: Page, index: number) {
  const from = (await where(p)).focused;
  for (let i = from; i !== index; i += index > from ? 1 : -1) await p.keyboard.press(index > from ? 'j' : 'k');
  await expect.poll(() => where(p)).toMatchObject({ focused: index, tabStop: index, current: index, isInView: true });
}

describe('the moderator works the queue from the keyboard alone', () => {
  it('j and k move a roving focus: the current row has the focus, and the page scrolls to keep it in view', async () => {
    await a.getByLabel('E-mail').fill('keys@example.com');
    await a.getByLabel('Password').fill(TEST_PASSWORD);
    await a.keyboard.press('Enter');
    await a.getByRole('heading', { name: 'Pending' }).waitFor();
    await expect.poll(() => rows(a).count()).toBe(TOTAL);
    await a.locator('parley-admin[live]').waitFor();
    await expect.poll(() => pendingCount(a)).toBe(String(TOTAL));

    await moveTo(a, 14);
    expect((await where(a)).scrollY).toBeGreaterThan(0);
    expect(await rows(a).and(a.locator('[tabindex="0"]')).count()).toBe(1);
    await moveTo(a, 9);
    await moveTo(a, 20);
  });

  it('closing the help, with Escape or with its Close button, gives the focus back to the current row', async () => {
    const before = await where(a);
    const help = a.getByRole('dialog', { name: 'Keyboard shortcuts' });
    for (const close of [() => a.keyboard.press('Escape'), () => help.getByRole('button', { name: 'Close' }).click()]) {
      await a.keyboard.press('?');
      await help.waitFor();
      await close();
      await help.waitFor({ state: 'hidden' });
      await expect.poll(() => where(a)).toEqual(before);
    }
    // Back in the grid, j goes on from there.
    await moveTo(a, before.focused + 1);
  });

  it('when another moderator settles the focused comment, the focus moves to the row now at its place', async () => {
    const { focused } = await where(a);
    const id = Number(await rows(a).nth(focused).getAttribute('data-id'));
    // Another moderator, through the API (no Origin header: not a browser).
    const login = await adminClient(server.app).post('/login', { email: 'other@example.com', password: TEST_PASSWORD }, { csrf: 'login', origin: null });
    const session = { cookie: login.headers.get('set-cookie')!.split(';')[0]!, csrf: login.body.csrfToken as string };
    const other = { post: (path: string, body: unknown = {}) => adminClient(server.app, session).post(path, body, { origin: null }) };
    expect((await other.post(`/comments/${id}/actions`, { action: 'spam' })).status).toBe(200);
    await expect.poll(() => rows(a).count()).toBe(TOTAL - 1);
    await expect.poll(() => where(a)).toMatchObject({ focused, tabStop: focused, current: focused, isInView: true });
    await expect.poll(() => pendingCount(a)).toBe(String(TOTAL - 1));
    // Their undo puts it back for the cases below; it arrives live at its place.
    expect((await other.post('/undo')).status).toBe(200);
    await expect.poll(() => rows(a).count()).toBe(TOTAL);
    await expect.poll(() => pendingCount(a)).toBe(String(TOTAL));
  });

  it('approving moves on to the row now at its place; undo brings the comment back there, current and focused', async () => {
    await moveTo(a, 7);
    const approved = (await where(a)).author;
    await a.keyboard.press('a');
    await expect.poll(() => status(a).textContent()).toBe('Approved 1 comment.');
    await expect.poll(() => rows(a).count()).toBe(TOTAL - 1);
    await expect.poll(() => where(a)).toMatchObject({ focused: 7, tabStop: 7, current: 7, isInView: true });
    expect((await where(a)).author).not.toBe(approved);
    await expect.poll(() => pendingCount(a)).toBe(String(TOTAL - 1));

    await a.keyboard.press('u');
    await expect.poll(() => status(a).textContent()).toBe('The last action was undone.');
    await expect.poll(() => where(a)).toMatchObject({ focused: 7, tabStop: 7, current: 7, author: approved, isInView: true });
    expect(await rows(a).count()).toBe(TOTAL);
    await expect.poll(() => pendingCount(a)).toBe(String(TOTAL));
  });

  it('b offers to reject the author\'s pending comments; confirming bans and rejects them in one step, and they leave the queue', async () => {
    const first = (await authors(a)).indexOf('Spammer');
    await moveTo(a, first);
    await a.keyboard.press('b');
    const dialog = a.getByRole('dialog', { name: 'Ban Spammer' });
    await dialog.waitFor();
    await dialog.getByRole('group', { name: 'Their 3 comments waiting for review' }).waitFor();
    expect(await dialog.getByRole('radio', { name: 'Reject them' }).isChecked()).toBe(true);
    await a.keyboard.press('Enter');
    await expect.poll(() => status(a).textContent()).toBe('Spammer is banned; 3 pending comments rejected.');
    await expect.poll(() => authors(a)).not.toContain('Spammer');
    expect(await rows(a).count()).toBe(TOTAL - 3);
    await expect.poll(() => where(a)).toMatchObject({ focused: first, tabStop: first, current: first, isInView: true });
    await expect.poll(() => pendingCount(a)).toBe(String(TOTAL - 3));

    // One undo takes back the ban and the three rejections, and the first of them is current again.
    await a.keyboard.press('u');
    await expect.poll(() => status(a).textContent()).toBe('The last action was undone.');
    await expect.poll(() => where(a)).toMatchObject({ focused: first, current: first, author: 'Spammer' });
    expect(await rows(a).count()).toBe(TOTAL);
    await expect.poll(() => pendingCount(a)).toBe(String(TOTAL));
  });

  it('keeping them bans the author and leaves their comments for review', async () => {
    const first = (await authors(a)).indexOf('Chatty');
    await moveTo(a, first);
    await a.keyboard.press('b');
    const dialog = a.getByRole('dialog', { name: 'Ban Chatty' });
    await dialog.waitFor();
    await dialog.getByRole('group', { name: 'Their 2 comments waiting for review' }).waitFor();
    await dialog.getByRole('radio', { name: 'Keep them for review' }).check();
    await dialog.getByRole('button', { name: 'Ban', exact: true }).click();
    await expect.poll(() => status(a).textContent()).toBe('Chatty is banned.');
    await expect.poll(() => where(a)).toMatchObject({ focused: first, current: first, author: 'Chatty' });
    expect((await authors(a)).filter((name) => name === 'Chatty')).toHaveLength(2);
    expect(await pendingCount(a)).toBe(String(TOTAL));
  });
});
