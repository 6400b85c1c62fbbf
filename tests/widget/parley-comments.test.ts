import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser } from '../helpers/browser.ts';
import { apiError, fakeComment, fakeThread, mountWidget, type ApiCall } from './harness.ts';

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(() => browser?.close());

const heading = (p: Page) => p.locator('parley-header h2');
const emptyMe = { reader: { id: 1, name: 'Me', email: null }, votes: {}, flagged: [], pending: [], editable: {}, sources: {} };

describe('<parley-comments> against a stubbed API', () => {
  it('a page nobody has commented on shows "0 Comments" and invites the first comment', async () => {
    const w = await mountWidget(browser, { api: () => apiError(404, 'page_not_found') });
    await w.page.getByText('Be the first to comment.').waitFor();
    expect(await heading(w.page).textContent()).toBe('0 Comments');
    // No identity yet, so no `/me` call and no reader created just for looking.
    expect(w.calls.map((c) => c.path)).toEqual(['threads']);
    await w.close();
  });

  it('a failed load says so in words, and "Try again" recovers', async () => {
    let attempts = 0;
    const w = await mountWidget(browser, {
      api: () => (++attempts === 1 ? apiError(500, 'internal', 'Internal error') : { status: 200, body: fakeThread([fakeComment(1)]) }),
    });
    await expect.poll(() => w.page.locator('[part="notice"]').textContent()).toBe('Something went wrong: Internal error');
    await w.page.getByRole('button', { name: 'Try again' }).click();
    await w.page.getByText('Comment 1').waitFor();
    await w.close();
  });

  it('the locale attribute wins over the page language', async () => {
    const w = await mountWidget(browser, {
      lang: 'ar',
      attributes: { locale: 'ru' },
      api: () => ({ status: 200, body: fakeThread([fakeComment(1), fakeComment(2)]) }),
    });
    await expect.poll(() => heading(w.page).textContent()).toBe('2 комментария');
    expect(await w.page.locator('parley-comments').getAttribute('dir')).toBe('ltr');
    await w.close();
  });

  it('revalidates the thread with If-None-Match and keeps the cached page on a 304', async () => {
    const w = await mountWidget(browser, {
      api: (call) => {
        if (call.query.get('sort') === 'oldest' && call.headers['if-none-match'] === 'W/"v1"') return { status: 304, headers: { ETag: 'W/"v1"' } };
        return { status: 200, body: fakeThread([fakeComment(call.query.get('sort') === 'oldest' ? 1 : 2)]), headers: { ETag: 'W/"v1"' } };
      },
    });
    await w.page.getByText('Comment 1').waitFor();
    await w.page.getByRole('button', { name: 'Newest' }).click();
    await w.page.getByText('Comment 2').waitFor();
    await w.page.getByRole('button', { name: 'Oldest' }).click();
    await w.page.getByText('Comment 1').waitFor();
    const threads = w.calls.filter((c) => c.path === 'threads');
    expect(threads.map((c) => c.headers['if-none-match'] ?? null)).toEqual([null, null, 'W/"v1"']);
    await w.close();
  });

  it('a reader identity the server says is gone is replaced by a new guest and the post goes through', async () => {
    let readers = 0;
    const w = await mountWidget(browser, {
      api: (call) => {
        if (call.path === 'threads') return apiError(404, 'page_not_found');
        if (call.path === 'readers') return { status: 201, body: { id: ++readers, token: `token${readers}` } };
        if (call.path === 'comments' && call.headers.authorization === 'Bearer token1') return apiError(401, 'reader_unknown');
        if (call.path === 'comments') return { status: 201, body: { comment: fakeComment(7, { bodyHtml: '<p>Hello</p>' }), status: 'approved', reasons: [] } };
        return apiError(404, 'not_found');
      },
    });
    const form = w.page.locator('parley-form[mode="new"]');
    await form.locator('textarea').fill('Hello');
    await form.getByLabel('Name').fill('Ann');
    await form.locator('textarea').press('Control+Enter');
    await w.page.getByText('Hello', { exact: true }).waitFor();
    expect(w.calls.map((c: ApiCall) => `${c.method} ${c.path} ${c.headers.authorization ?? ''}`.trim())).toEqual([
      'GET threads',
      'POST readers',
      'POST comments Bearer token1',
      'POST readers',
      'POST comments Bearer token2',
    ]);
    const post = w.calls.at(-1)!.body as Record<string, unknown>;
    expect(post).toMatchObject({ site: 'demo', page: '/a', body: 'Hello', author: { name: 'Ann' }, honeypot: '' });
    expect(typeof post.elapsedMs).toBe('number');
    expect(await heading(w.page).textContent()).toBe('1 Comment');
    await w.close();
  });

  it('an outage keeps the identity: the post is retried with the same token and key, and shows once', async () => {
    let posts = 0;
    const w = await mountWidget(browser, {
      api: (call) => {
        if (call.path === 'threads') return apiError(404, 'page_not_found');
        if (call.path === 'readers') return { status: 201, body: { id: 1, token: 'token1' } };
        // The database is away for the first try (a 503 with Retry-After); the retry meets a 401 that does not say the token is gone.
        if (call.path === 'comments' && ++posts === 1) return { ...apiError(503, 'unavailable', 'The database is not answering'), headers: { 'Retry-After': '1' } };
        if (call.path === 'comments' && posts === 2) return apiError(401, 'reader_required');
        if (call.path === 'comments') return { status: 201, body: { comment: fakeComment(7, { bodyHtml: '<p>Still me</p>' }), status: 'approved', reasons: [] } };
        return apiError(404, 'not_found');
      },
    });
    const form = w.page.locator('parley-form[mode="new"]');
    await form.locator('textarea').fill('Still me');
    await form.getByLabel('Name').fill('Ann');
    await form.locator('textarea').press('Control+Enter');
    // That 401 is shown to the reader, not answered by minting a new identity.
    await expect.poll(() => form.getByRole('alert').count(), { timeout: 10_000 }).toBe(1);
    await form.locator('textarea').press('Control+Enter');
    await w.page.getByText('Still me', { exact: true }).waitFor();
    const calls = w.calls.map((c: ApiCall) => `${c.method} ${c.path} ${c.headers.authorization ?? ''}`.trim());
    expect(calls).toEqual(['GET threads', 'POST readers', 'POST comments Bearer token1', 'POST comments Bearer token1', 'POST comments Bearer token1']);
    const keys = w.calls.filter((c: ApiCall) => c.path === 'comments').map((c: ApiCall) => c.headers['idempotency-key']);
    // One user action, one key across its retries; the second press is a new action with a new key.
    expect(keys[0]).toMatch(/^[0-9a-f]{32}$/);
    expect(keys[1]).toBe(keys[0]);
    expect(keys[2]).not.toBe(keys[0]);
    await w.close();
  });

  it('a refused post is explained in the reader\'s words next to the form, and the text is kept', async () => {
    const w = await mountWidget(browser, {
      token: 'known',
      api: (call) => {
        if (call.path === 'threads') return { status: 200, body: fakeThread([]) };
        if (call.path === 'me') return { status: 200, body: emptyMe };
        return apiError(422, 'banned_word', 'Contains a banned word');
      },
    });
    const form = w.page.locator('parley-form[mode="new"]');
    await form.locator('textarea').fill('Something rude');
    await form.getByLabel('Name').fill('Ann');
    await form.locator('button[type="submit"]').click();
    await expect.poll(() => form.getByRole('alert').textContent()).toBe('Your comment contains a word that is not allowed here.');
    expect(await form.locator('textarea').inputValue()).toBe('Something rude');
    expect(await form.locator('textarea').getAttribute('aria-invalid')).toBe('true');
    await w.close();
  });

  it('an edit held for moderation leaves the public thread and shows as awaiting moderation', async () => {
    const mine = fakeComment(1, { bodyHtml: '<p>First <em>draft</em></p>' });
    const w = await mountWidget(browser, {
      token: 'known',
      api: (call) => {
        if (call.path === 'threads') return { status: 200, body: fakeThread([mine, fakeComment(2)]) };
        if (call.path === 'me') return { status: 200, body: { ...emptyMe, editable: { '1': '2999-01-01T00:00:00.000Z' } } };
        if (call.method === 'PATCH') return { status: 200, body: { comment: { ...mine, bodyHtml: '<p>Second draft</p>', status: 'pending' } } };
        return apiError(404, 'not_found');
      },
    });
    const comment = w.page.locator('parley-comment[data-id="1"]');
    await comment.getByRole('button', { name: 'Edit' }).click();
    // Written on another device: the form starts from the rendered text.
    expect(await comment.locator('textarea').inputValue()).toBe('First draft');
    await comment.locator('textarea').fill('Second draft');
    await comment.getByRole('button', { name: 'Save' }).click();
    await expect.poll(() => comment.locator('[part="pending"]').textContent()).toBe('awaiting moderation');
    expect(await heading(w.page).textContent()).toBe('1 Comment');
    expect(w.calls.find((c) => c.method === 'PATCH')!.body).toEqual({ body: 'Second draft' });
    await w.close();
  });

  it('a half-written reply keeps its comment element and its text while comments above go, below arrive, and the order turns', async () => {
    const mine = fakeComment(1);
    const w = await mountWidget(browser, {
      token: 'known',
      api: (call) => {
        if (call.path === 'threads') {
          if (call.query.get('sort') === 'newest') return { status: 200, body: fakeThread([5, 4, 3, 2].map((id) => fakeComment(id))) };
          return call.query.get('cursor')
            ? { status: 200, body: fakeThread([fakeComment(4), fakeComment(5)]) }
            : { status: 200, body: fakeThread([mine, fakeComment(2), fakeComment(3)], { nextCursor: 'next' }) };
        }
        if (call.path === 'me') return { status: 200, body: { ...emptyMe, editable: { '1': '2999-01-01T00:00:00.000Z' } } };
        if (call.method === 'DELETE') return { status: 204 };
        return apiError(404, 'not_found');
      },
    });
    const third = w.page.locator('parley-comment[data-id="3"]');
    await third.getByRole('button', { name: 'Reply' }).click();
    await third.locator('textarea').fill('Half a thought');
    await third.evaluate((el) => ((el as unknown as { mark: string }).mark = 'the same element'));
    // Comment 1 goes (the list shifts up), then a page comes in below.
    const first = w.page.locator('parley-comment[data-id="1"]');
    await first.getByRole('button', { name: 'Delete' }).click();
    await first.getByRole('group', { name: 'Delete this comment?' }).getByRole('button', { name: 'Delete' }).click();
    await expect.poll(() => first.count()).toBe(0);
    await w.page.getByRole('button', { name: 'Load more comments' }).click();
    await w.page.getByText('Comment 5').waitFor();
    const ids = await w.page.locator('parley-comment').evaluateAll((list) => list.map((c) => c.getAttribute('data-id')));
    expect(ids).toEqual(['2', '3', '4', '5']);
    expect(await third.evaluate((el) => (el as unknown as { mark?: string }).mark)).toBe('the same element');
    expect(await third.locator('textarea').inputValue()).toBe('Half a thought');
    await w.page.getByRole('button', { name: 'Newest' }).click();
    await expect.poll(() => w.page.locator('parley-comment').evaluateAll((list) => list.map((c) => c.getAttribute('data-id')))).toEqual(['5', '4', '3', '2']);
    expect(await third.evaluate((el) => (el as unknown as { mark?: string }).mark)).toBe('the same element');
    expect(await third.locator('textarea').inputValue()).toBe('Half a thought');
    await w.close();
  });

  it('a host page themes it through --parley-* properties and ::part, nothing else', async () => {
    const w = await mountWidget(browser, {
      head: `<style>
        parley-comments { --parley-accent: rgb(1, 2, 3); }
        parley-comments::part(count) { color: rgb(4, 5, 6); }
        parley-comments::part(author) { color: rgb(7, 8, 9); }
      </style>`,
      api: () => ({ status: 200, body: fakeThread([fakeComment(1)]) }),
    });
    await w.page.getByText('Comment 1').waitFor();
    // The form's code loads on the compose box's first focus (a lazy chunk): open it to see its button.
    await w.page.locator('parley-form[mode="new"] textarea').focus();
    const style = (selector: string, property: string) =>
      w.page.locator(selector).first().evaluate((el, p) => getComputedStyle(el).getPropertyValue(p), property);
    expect(await style('parley-form[mode="new"] button[type="submit"]', 'background-color')).toBe('rgb(1, 2, 3)');
    expect(await style('parley-header h2', 'color')).toBe('rgb(4, 5, 6)');
    expect(await style('parley-comment .name', 'color')).toBe('rgb(7, 8, 9)');
    await w.close();
  });

  it('the compose box fetches the form on first focus, and what the reader typed and the focus carry over', async () => {
    const w = await mountWidget(browser, { api: () => ({ status: 200, body: fakeThread([fakeComment(1)]) }) });
    await w.page.getByText('Comment 1').waitFor();
    const isDefined = () => w.page.evaluate(() => !!customElements.get('parley-form'));
    expect(await isDefined()).toBe(false);
    const box = w.page.getByRole('textbox', { name: 'Your comment' });
    expect(await box.getAttribute('placeholder')).toBe('Would love your thoughts, please comment.');
    await box.focus();
    await w.page.keyboard.type('Typed while the form loads');
    await w.page.locator('parley-form[mode="new"] [part="submit"]').waitFor();
    expect(await isDefined()).toBe(true);
    const textarea = w.page.locator('parley-form[mode="new"] textarea');
    await expect.poll(() => textarea.inputValue()).toBe('Typed while the form loads');
    expect(await textarea.evaluate((el) => el.matches(':focus'))).toBe(true);
    await w.page.keyboard.type('!');
    expect(await textarea.inputValue()).toBe('Typed while the form loads!');
    await w.close();
  });

  it('"Inline Feedbacks" shows only comments on a passage of the article', async () => {
    const anchored = fakeComment(1, { anchor: { exact: 'the old towpath', prefix: '', suffix: '', start: 0, end: 15 }, bodyHtml: '<p>On the towpath</p>' });
    const w = await mountWidget(browser, { api: () => ({ status: 200, body: fakeThread([anchored, fakeComment(2)]) }) });
    await w.page.getByText('Comment 2').waitFor();
    await w.page.getByRole('button', { name: 'Inline Feedbacks' }).click();
    await expect.poll(() => w.page.locator('parley-thread').count()).toBe(1);
    expect(await w.page.getByText('On the towpath').count()).toBe(1);
    await w.page.getByRole('button', { name: 'Oldest' }).click();
    await expect.poll(() => w.page.locator('parley-thread').count()).toBe(2);
    await w.close();
  });

  it('a page closed by age says so, with no form and no reply buttons, but still shows its thread', async () => {
    const thread = fakeThread([fakeComment(1)]);
    const w = await mountWidget(browser, { api: () => ({ status: 200, body: { ...thread, page: { ...thread.page, isClosed: true } } }) });
    await w.page.getByText('Comment 1').waitFor();
    expect(await w.page.locator('[part="closed"]').textContent()).toBe('Comments are closed.');
    expect(await w.page.locator('parley-form').count()).toBe(0);
    expect(await w.page.getByRole('button', { name: 'Reply' }).count()).toBe(0);
    expect(await w.page.getByRole('button', { name: 'Vote up' }).count()).toBe(1);
    await w.close();
  });
});
