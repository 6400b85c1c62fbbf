import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../server/app.ts';
import { ensureDemoSite } from '../../server/services/sites/bootstrap.ts';
import type { SpamCheckInput } from '../../server/services/moderation/spam-checker.ts';
import { client, createTestApp, PUBLIC_URL, setSiteSettings, TestClock, type TestApp } from '../helpers/app.ts';
import { countRows, databaseFingerprint } from '../helpers/db-state.ts';

let t: TestApp;
let api: ReturnType<typeof client>;
beforeAll(async () => {
  t = await createTestApp({ settings: { bannedWords: ['scam'], suspectWords: ['crypto'], linkLimit: 2 } });
  api = client(t.app);
});
afterAll(() => t.close());

const thread = async (page = '/article') => (await api.get(`/api/v1/threads?site=demo&page=${encodeURIComponent(page)}`)).body;

describe('moderation through the API', () => {
  it('a rejected comment stores nothing but its attempt: no comment, no page', async () => {
    const token = await api.reader();
    const { rate_limits: rateBefore, ...before } = await databaseFingerprint(t.database);
    const res = await api.comment(token, { page: '/never-commented', body: 'This is a scam' });
    expect(res.status).toBe(422);
    expect(res.body.error).toMatchObject({ code: 'banned_word', field: 'body' });
    const { rate_limits: rateAfter, ...after } = await databaseFingerprint(t.database);
    expect(after).toEqual(before);
    // Attempts count towards the rate limit, accepted or not: a flood of rejected posts is still a flood.
    expect(rateAfter).not.toEqual(rateBefore);
  });

  it('a suspect word holds the comment with that reason; only its author sees it', async () => {
    const token = await api.reader();
    const res = await api.comment(token, { page: '/suspect', body: 'Put it all in Crypto' });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ status: 'pending', reasons: ['suspect word: crypto'] });
    const page = await thread('/suspect');
    expect(page.comments).toHaveLength(0);
    const me = await api.get('/api/v1/me?site=demo&page=/suspect', { token });
    expect(me.body.pending.map((c: { id: number }) => c.id)).toEqual([res.body.comment.id]);
  });

  it('too many links hold the comment with the count', async () => {
    const token = await api.reader();
    const res = await api.comment(token, { page: '/links', body: 'See https://a.example and https://b.example and also https://c.example for the details' });
    expect(res.body).toMatchObject({ status: 'pending', reasons: ['links: 3'] });
  });

  it('posting the same comment twice is refused the second time', async () => {
    const token = await api.reader();
    expect((await api.comment(token, { page: '/dup', body: 'First!' })).status).toBe(201);
    const again = await api.comment(token, { page: '/dup', body: 'first! ' });
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('duplicate');
    expect((await thread('/dup')).page.commentCount).toBe(1);
  });

  it('a filled honeypot is stored as spam, and the author is told it was held as spam, with no reasons', async () => {
    const token = await api.reader();
    const res = await api.call('POST', '/api/v1/comments', {
      token,
      body: { site: 'demo', page: '/bots', body: 'Nice post', author: { name: 'Bot' }, honeypot: 'http://x.example' },
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ status: 'spam', reasons: [] });
    expect((await thread('/bots')).comments).toHaveLength(0);
  });

  it('time to post counts from the first touch of the form, not the page load: a quick short comment is published', async () => {
    const token = await api.reader();
    const post = (body: string, elapsedMs: number) =>
      api.call('POST', '/api/v1/comments', {
        token,
        // The page loaded half a second before the post: that says nothing about the person.
        body: { site: 'demo', page: '/fast', body, author: { name: 'Quick' }, renderedAt: t.clock.now().getTime() - 500, elapsedMs },
      });
    expect((await post('Great read, thanks!', 2_000)).body).toMatchObject({ status: 'approved' });
    expect((await post('Filled in by a machine', 150)).body).toMatchObject({ status: 'spam', reasons: [] });
    expect((await thread('/fast')).comments.map((c: { bodyHtml: string }) => c.bodyHtml)).toEqual(['<p>Great read, thanks!</p>']);
  });

  it('the time the form was in use, measured by the browser, wins over a skewed browser clock', async () => {
    const token = await api.reader();
    const post = (body: string, extra: Record<string, number>) =>
      api.call('POST', '/api/v1/comments', { token, body: { site: 'demo', page: '/skew', body, author: { name: 'Skewed' }, ...extra } });
    // The browser's clock runs 10 s fast: renderedAt alone would look like a post from the future.
    const fastClock = t.clock.now().getTime() + 10_000;
    expect((await post('Typed for twenty seconds', { renderedAt: fastClock - 20_000 + 10_000, elapsedMs: 20_000 })).body).toMatchObject({ status: 'approved' });
    expect((await post('Pasted in half a second', { renderedAt: fastClock - 30_000, elapsedMs: 500 })).body).toMatchObject({ status: 'spam' });
  });

  it('the sixth comment in a minute gets 429 with Retry-After, and the next minute is open again', async () => {
    const token = await api.reader();
    for (let i = 1; i <= 5; i++) expect((await api.comment(token, { page: '/busy', body: `Point number ${i}` })).status).toBe(201);
    const before = await countRows(t.database, 'comments');
    const refused = await api.comment(token, { page: '/busy', body: 'Point number 6' });
    expect(refused.status).toBe(429);
    expect(refused.body.error.code).toBe('rate_limited');
    const retryAfter = Number(refused.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(60);
    expect(await countRows(t.database, 'comments')).toBe(before);
    t.clock.advance(retryAfter * 1000);
    expect((await api.comment(token, { page: '/busy', body: 'Point number 6' })).status).toBe(201);
  });

  it('a site can raise its rate limit', async () => {
    await setSiteSettings(t.app, 'demo', { rateLimitPerMinute: 20 });
    const token = await api.reader();
    for (let i = 1; i <= 8; i++) expect((await api.comment(token, { page: '/raised', body: `Reply ${i}` })).status).toBe(201);
    await setSiteSettings(t.app, 'demo', { rateLimitPerMinute: 5 });
  });

  it('an edit goes through the pipeline: a banned word is refused and the text stays', async () => {
    const token = await api.reader();
    const created = await api.comment(token, { page: '/edits', body: 'Original words' });
    const id = created.body.comment.id;
    const refused = await api.patch(`/api/v1/comments/${id}`, { body: 'Now a scam' }, { token });
    expect(refused.status).toBe(422);
    expect(refused.body.error.code).toBe('banned_word');
    expect((await thread('/edits')).comments[0].bodyHtml).toBe('<p>Original words</p>');
  });

  it('an edit that adds a suspect word takes an approved comment back to review', async () => {
    const token = await api.reader();
    const created = await api.comment(token, { page: '/edits-2', body: 'Plain words' });
    expect(created.body.status).toBe('approved');
    const edited = await api.patch(`/api/v1/comments/${created.body.comment.id}`, { body: 'Plain words about crypto' }, { token });
    expect(edited.status).toBe(200);
    const page = await thread('/edits-2');
    expect(page.comments).toHaveLength(0);
    expect(page.page.commentCount).toBe(0);
  });

  it('at the flag threshold an approved comment returns to review as "reported ×N"', async () => {
    const author = await api.reader();
    const created = await api.comment(author, { page: '/flagged', body: 'A strong opinion' });
    const id = created.body.comment.id;
    for (let i = 0; i < 3; i++) {
      const flagger = await api.reader();
      expect((await api.post(`/api/v1/comments/${id}/flags`, { reason: 'abuse' }, { token: flagger })).status).toBe(200);
      expect((await thread('/flagged')).comments.length).toBe(i < 2 ? 1 : 0);
    }
    const { rowsOf } = await import('../../server/store/comments.ts');
    const { sql } = await import('drizzle-orm');
    const [row] = rowsOf<{ status: string; reasons: string[] }>(await t.database.db.execute(sql`select status, reasons from comments where id = ${id}`));
    expect(row).toMatchObject({ status: 'pending', reasons: ['reported ×3'] });
  });
});

describe('the pluggable spam checker', () => {
  it('is asked with the comment when configured, and its "spam" verdict holds the comment as spam', async () => {
    const calls: SpamCheckInput[] = [];
    const app = createApp({
      database: t.database,
      clock: new TestClock(),
      config: { publicUrl: PUBLIC_URL },
      spamChecker: { isSpam: async (input) => (calls.push(input), input.body.includes('pills')) },
    });
    await app.ready;
    await ensureDemoSite(app.services);
    const own = client(app);
    const token = await own.reader();
    expect((await own.comment(token, { page: '/checked', body: 'Cheap pills here' })).body).toMatchObject({ status: 'spam', reasons: [] });
    expect((await own.comment(token, { page: '/checked', body: 'A fair point' })).body).toMatchObject({ status: 'approved' });
    expect(calls.map((c) => c.body)).toEqual(['Cheap pills here', 'A fair point']);
    await app.close();
  });

  it('a checker that fails does not stop people commenting', async () => {
    const app = createApp({
      database: t.database,
      clock: new TestClock(),
      config: { publicUrl: PUBLIC_URL },
      spamChecker: { isSpam: async () => { throw new Error('service down'); } },
    });
    await app.ready;
    const own = client(app);
    const token = await own.reader();
    expect((await own.comment(token, { page: '/checked-2', body: 'Still works' })).body).toMatchObject({ status: 'approved' });
    await app.close();
  });
});
