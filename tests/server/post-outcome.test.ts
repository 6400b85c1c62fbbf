import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { client, createTestApp, setSiteSettings, type TestApp } from '../helpers/app.ts';
import { storedComment } from '../helpers/rows.ts';

// What the author of a new comment is told must be what happened to it, in every site mode.
let t: TestApp;
let api: ReturnType<typeof client>;
beforeAll(async () => {
  t = await createTestApp({ settings: { rateLimitPerMinute: 10_000 } });
  api = client(t.app);
});
afterAll(() => t.close());

/** A reader who opened the article a moment ago and typed for two seconds. */
const quickPost = (token: string, page: string, body: string) =>
  api.call('POST', '/api/v1/comments', {
    token,
    body: { site: 'demo', page, body, author: { name: 'Quick Reader' }, renderedAt: t.clock.now().getTime() - 2_500, elapsedMs: 2_000 },
  });

describe('a quick short comment gets the honest result for the site’s mode', () => {
  for (const [mode, status, reasons] of [
    ['none', 'approved', []],
    ['first', 'pending', ['first comment']],
    ['all', 'pending', ['pre-moderation']],
  ] as const) {
    it(`mode ${mode}: ${status}${reasons.length ? ` (${reasons[0]})` : ''}, and stored that way, not as spam`, async () => {
      await setSiteSettings(t.app, 'demo', { moderationMode: mode });
      const page = `/quick-${mode}`;
      const res = await quickPost(await api.reader(), page, 'Nice piece!');
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({ status, reasons: [...reasons] });
      expect((await storedComment(t.app, res.body.comment.id))?.status).toBe(status);
    });
  }
});

describe('held, spam and rejected are told apart', () => {
  it('link-less pharmacy spam is held as spam; the author is told so, with no reasons to tune on', async () => {
    await setSiteSettings(t.app, 'demo', { moderationMode: 'none' });
    const token = await api.reader();
    const res = await quickPost(token, '/pills', 'Buy cheap viagra and cialis online, no prescription, fast delivery worldwide!');
    expect(res.body).toMatchObject({ status: 'spam', reasons: [] });
    expect(res.body.comment.status).toBe('spam');
    // Their own view says the same on the next page load.
    const me = await api.get('/api/v1/me?site=demo&page=/pills', { token });
    expect(me.body.pending.map((c: { status: string }) => c.status)).toEqual(['spam']);
  });

  it('all-caps shouting waits for a moderator, and the author is told why', async () => {
    const res = await quickPost(await api.reader(), '/caps', 'THE COUNCIL HAS LOST ITS MIND AND NOBODY IS LISTENING TO US');
    expect(res.body.status).toBe('pending');
    expect(res.body.reasons).toEqual(['looks like spam: shouting']);
  });

  it('a banned word is rejected outright: 422 with its own message, nothing stored', async () => {
    await setSiteSettings(t.app, 'demo', { bannedWords: ['swindle'] });
    const res = await quickPost(await api.reader(), '/banned', 'What a swindle this is');
    expect(res.status).toBe(422);
    expect(res.body.error.code).toBe('banned_word');
    expect((await api.get('/api/v1/threads?site=demo&page=/banned')).body.comments).toEqual([]);
  });
});
