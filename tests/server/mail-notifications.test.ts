import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { smtpMailer } from '../../server/services/notify/smtp-mailer.ts';
import { client, createTestApp, setSiteSettings, type TestApp } from '../helpers/app.ts';
import { createModerator, signIn } from '../helpers/admin.ts';
import { FAST_OUTBOX, headerValue, linkTo, outboxSettled } from '../helpers/mail.ts';
import { SmtpSink } from '../helpers/smtp-sink.ts';

/** A 2-core box shared by many test runs: SMTP round trips can take a while. */
const SLOW = { timeout: 15_000, interval: 50 };
let sink: SmtpSink;
let t: TestApp;
let api: ReturnType<typeof client>;
/** A browser following a link from a mail. */
const HTML = { accept: 'text/html,application/xhtml+xml' };
const ARTICLE = { page: '/news/big-story', url: 'https://news.example/news/big-story', title: 'Big story' };

beforeAll(async () => {
  sink = await SmtpSink.start();
  t = await createTestApp({ mailer: smtpMailer(sink.url()), outbox: FAST_OUTBOX, settings: { minSecondsToPost: 0, rateLimitPerMinute: 10_000 } });
  api = client(t.app);
});
afterAll(async () => {
  await t.close();
  await sink.stop();
});

async function post(token: string, fields: { body: string; name: string; email?: string; parentId?: number; notifyReplies?: boolean; page?: string }) {
  const res = await api.post(
    '/api/v1/comments',
    {
      site: 'demo',
      page: fields.page ?? ARTICLE.page,
      url: ARTICLE.url,
      title: ARTICLE.title,
      body: fields.body,
      author: { name: fields.name, ...(fields.email ? { email: fields.email } : {}) },
      ...(fields.parentId ? { parentId: fields.parentId } : {}),
      ...(fields.notifyReplies ? { notifyReplies: true } : {}),
    },
    { token },
  );
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body as { comment: { id: number }; status: string };
}

async function subscribe(email: string, token?: string, page = ARTICLE.page) {
  const res = await api.post('/api/v1/subscriptions', { site: 'demo', page, url: ARTICLE.url, title: ARTICLE.title, email }, token ? { token } : {});
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body as { state: string };
}

/** Subscribes and follows the confirmation mail's link, as the address's owner would. */
async function subscribeConfirmed(email: string, token?: string, page = ARTICLE.page) {
  const before = sink.to(email).length;
  expect((await subscribe(email, token, page)).state).toBe('confirmation_sent');
  await expect.poll(() => sink.to(email).length, SLOW).toBe(before + 1);
  const confirmation = sink.to(email).at(-1)!;
  const page200 = await t.app.request(linkTo(confirmation, '/api/v1/subscriptions/confirm'), { headers: HTML });
  expect(page200.status).toBe(200);
  expect(await page200.text()).toContain('you will be notified');
}

describe('subscribing to a page by e-mail', () => {
  it('a subscriber confirms, then gets exactly one mail for a new comment, with permalink and both unsubscribe headers', async () => {
    expect((await subscribe('alice@reader.test')).state).toBe('confirmation_sent');
    await expect.poll(() => sink.to('alice@reader.test').length, SLOW).toBe(1);
    const confirmation = sink.to('alice@reader.test')[0]!;
    expect(confirmation.parsed.subject).toBe('Confirm your subscription to comments on “Big story”');
    expect(confirmation.parsed.to).toMatchObject({ value: [{ address: 'alice@reader.test' }] });
    const confirmed = await t.app.request(linkTo(confirmation, '/api/v1/subscriptions/confirm'), { headers: HTML });
    expect(confirmed.status).toBe(200);
    expect(confirmed.headers.get('content-security-policy')).toContain("default-src 'none'");

    const author = await api.reader();
    const { comment } = await post(author, { body: 'Thanks for **this** story', name: 'Bob' });
    await expect.poll(() => sink.to('alice@reader.test').length, SLOW).toBe(2);
    await outboxSettled(t.app);
    expect(sink.to('alice@reader.test')).toHaveLength(2);

    const mail = sink.to('alice@reader.test')[1]!;
    expect(mail.envelope.to).toEqual(['alice@reader.test']);
    expect(mail.parsed.subject).toBe('New comment on “Big story” by Bob');
    expect(mail.parsed.text).toContain(`https://news.example/news/big-story#comment-${comment.id}`);
    expect(mail.parsed.text).toContain('Thanks for this story');
    expect(mail.parsed.html).toContain('<strong>this</strong>');
    expect(mail.parsed.html).toContain(`href="https://news.example/news/big-story#comment-${comment.id}"`);
    expect(headerValue(mail, 'List-Unsubscribe')).toMatch(/^<http:\/\/parley\.test\/api\/v1\/unsubscribe\?s=\d+&t=[\w-]+>$/);
    expect(headerValue(mail, 'List-Unsubscribe-Post')).toBe('List-Unsubscribe=One-Click');
    expect(mail.parsed.text).toContain(linkTo(mail, '/api/v1/unsubscribe'));
  });

  it('asking again for the same address sends no second confirmation', async () => {
    await subscribe('again@reader.test');
    await subscribe('again@reader.test');
    await subscribe('AGAIN@reader.test');
    await outboxSettled(t.app);
    expect(sink.to('again@reader.test')).toHaveLength(1);
  });

  it('an unconfirmed address gets the confirmation and nothing else', async () => {
    await subscribe('lazy@reader.test');
    const author = await api.reader();
    await post(author, { body: 'A comment the lazy subscriber never hears of', name: 'Carol' });
    await post(author, { body: 'And another one', name: 'Carol' });
    await outboxSettled(t.app);
    expect(sink.to('lazy@reader.test').map((m) => m.parsed.subject)).toEqual(['Confirm your subscription to comments on “Big story”']);
  });

  it('a wrong or truncated link changes nothing and says so', async () => {
    const res = await t.app.request('/api/v1/subscriptions/confirm?s=1&t=forged', { headers: HTML });
    expect(res.status).toBe(404);
    expect(await res.text()).toContain('This link is not valid');
    const api404 = await api.get('/api/v1/unsubscribe?s=1&t=forged');
    expect(api404.status).toBe(404);
    expect(api404.body.error.code).toBe('not_found');
  });
});

describe('replies and authors', () => {
  it('a reader who ticked "notify me of replies" gets the reply mail, and is not mailed about their own comment', async () => {
    const dana = await api.reader();
    await subscribeConfirmed('dana@reader.test', dana, '/replies-page');
    const own = await post(dana, { page: '/replies-page', body: 'My own take', name: 'Dana', email: 'dana@reader.test', notifyReplies: true });
    await outboxSettled(t.app);
    // Her own comment: no mail; her reply subscription: trusted, since she confirmed this address.
    expect(sink.to('dana@reader.test')).toHaveLength(1);

    const eve = await api.reader();
    const reply = await post(eve, { page: '/replies-page', body: 'I disagree', name: 'Eve', parentId: own.comment.id });
    await expect.poll(() => sink.to('dana@reader.test').length, SLOW).toBe(2);
    await outboxSettled(t.app);
    expect(sink.to('dana@reader.test')).toHaveLength(2);
    const mail = sink.to('dana@reader.test')[1]!;
    expect(mail.parsed.subject).toBe('Eve replied to your comment on “Big story”');
    expect(mail.parsed.text).toContain(`#comment-${reply.comment.id}`);
  });

  it('a guest who ticks "notify me of replies" with a new address must confirm it first', async () => {
    const frank = await api.reader();
    const own = await post(frank, { page: '/replies-page', body: 'First time here', name: 'Frank', email: 'frank@reader.test', notifyReplies: true });
    await expect.poll(() => sink.to('frank@reader.test').length, SLOW).toBe(1);
    const other = await api.reader();
    await post(other, { page: '/replies-page', body: 'Welcome!', name: 'Gus', parentId: own.comment.id });
    await outboxSettled(t.app);
    expect(sink.to('frank@reader.test').map((m) => m.parsed.subject)).toEqual(['Confirm your subscription to comments on “Big story”']);
  });
});

describe('"new replies to my comments" from the Subscribe menu', () => {
  it('covers every comment of mine on the page: a reply to one mails me, a new thread does not, and Unsubscribe stops it', async () => {
    const hana = await api.reader();
    const mine = await post(hana, { page: '/menu-page', body: 'An opinion of mine', name: 'Hana', email: 'hana@reader.test' });
    const res = await api.post('/api/v1/subscriptions', { site: 'demo', page: '/menu-page', email: 'hana@reader.test', kind: 'replies' }, { token: hana });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ kind: 'replies', commentId: null, state: 'confirmation_sent' });
    await expect.poll(() => sink.to('hana@reader.test').length, SLOW).toBe(1);
    await t.app.request(linkTo(sink.to('hana@reader.test')[0]!, '/api/v1/subscriptions/confirm'), { headers: HTML });
    const listed = await api.get('/api/v1/subscriptions?site=demo&page=/menu-page', { token: hana });
    expect(listed.body.subscriptions).toEqual([{ id: res.body.id, kind: 'replies', commentId: null, state: 'subscribed' }]);

    const ivan = await api.reader();
    await post(ivan, { page: '/menu-page', body: 'A thread of my own', name: 'Ivan' });
    const reply = await post(ivan, { page: '/menu-page', body: 'Replying to Hana', name: 'Ivan', parentId: mine.comment.id });
    await expect.poll(() => sink.to('hana@reader.test').length, SLOW).toBe(2);
    await outboxSettled(t.app);
    expect(sink.to('hana@reader.test').map((m) => m.parsed.subject)).toEqual([
      'Confirm your subscription to comments on “Big story”',
      'Ivan replied to your comment on “Big story”',
    ]);
    expect(sink.to('hana@reader.test')[1]!.parsed.text).toContain(`#comment-${reply.comment.id}`);

    // Only its owner ends it from the widget; then replies stop.
    expect((await api.del(`/api/v1/subscriptions/${res.body.id}`, { token: ivan })).status).toBe(404);
    expect((await api.del(`/api/v1/subscriptions/${res.body.id}`, { token: hana })).status).toBe(204);
    expect((await api.get('/api/v1/subscriptions?site=demo&page=/menu-page', { token: hana })).body.subscriptions).toEqual([]);
    await post(ivan, { page: '/menu-page', body: 'Another reply', name: 'Ivan', parentId: mine.comment.id });
    await outboxSettled(t.app);
    expect(sink.to('hana@reader.test')).toHaveLength(2);
  });

  it('refuses a page subscription naming a comment, and the "notify me of replies" tick without an address', async () => {
    const res = await api.post('/api/v1/subscriptions', { site: 'demo', page: '/menu-page', email: 'x@reader.test', kind: 'page', commentId: 1 });
    expect([res.status, res.body.error.code, res.body.error.field]).toEqual([422, 'validation', 'commentId']);
    const token = await api.reader();
    const tick = await api.post('/api/v1/comments', { site: 'demo', page: '/menu-page', body: 'No address given', author: { name: 'Jo' }, notifyReplies: true }, { token });
    expect([tick.status, tick.body.error.code, tick.body.error.field]).toEqual([422, 'validation', 'author.email']);
  });
});

describe('unsubscribing', () => {
  it('the one-click POST (RFC 8058) stops the mail at once', async () => {
    await subscribeConfirmed('oneclick@reader.test', undefined, '/unsub-page');
    const author = await api.reader();
    await post(author, { page: '/unsub-page', body: 'One', name: 'Hal' });
    await expect.poll(() => sink.to('oneclick@reader.test').length, SLOW).toBe(2);
    const mail = sink.to('oneclick@reader.test')[1]!;
    const target = new URL(headerValue(mail, 'List-Unsubscribe')!.slice(1, -1));
    const res = await t.app.request(`${target.pathname}${target.search}`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'List-Unsubscribe=One-Click',
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ outcome: 'unsubscribed' });

    await post(author, { page: '/unsub-page', body: 'Two', name: 'Hal' });
    await outboxSettled(t.app);
    expect(sink.to('oneclick@reader.test')).toHaveLength(2);
  });

  it('the link in the mail shows a plain page whose button unsubscribes, without signing in', async () => {
    await subscribeConfirmed('link@reader.test', undefined, '/unsub-page');
    const author = await api.reader();
    await post(author, { page: '/unsub-page', body: 'Three', name: 'Ivy' });
    await expect.poll(() => sink.to('link@reader.test').length, SLOW).toBe(2);
    const path = linkTo(sink.to('link@reader.test')[1]!, '/api/v1/unsubscribe');

    const ask = await t.app.request(path, { headers: HTML });
    const html = await ask.text();
    expect(ask.status).toBe(200);
    expect(html).toContain('Stop notifications about “Big story” to link@reader.test?');
    // A GET alone (a mail scanner following links) unsubscribes nobody: the form posts back.
    expect(html).toContain(`<form method="post" action="${path.replace(/&/g, '&amp;')}">`);
    const done = await t.app.request(path, { method: 'POST', headers: { ...HTML, origin: 'http://parley.test' } });
    expect(await done.text()).toContain('You are unsubscribed');

    await post(author, { page: '/unsub-page', body: 'Four', name: 'Ivy' });
    await outboxSettled(t.app);
    expect(sink.to('link@reader.test')).toHaveLength(2);
  });
});

describe('moderation decides who hears', () => {
  it('a held comment sends nothing until approved, then exactly one mail per subscriber', async () => {
    await subscribeConfirmed('held1@reader.test', undefined, '/held-page');
    await subscribeConfirmed('held2@reader.test', undefined, '/held-page');
    await setSiteSettings(t.app, 'demo', { moderationMode: 'all' });
    const author = await api.reader();
    const held = await post(author, { page: '/held-page', body: 'Waiting for a moderator', name: 'Jay' });
    expect(held.status).toBe('pending');
    await outboxSettled(t.app);
    expect(sink.to('held1@reader.test')).toHaveLength(1);

    await createModerator(t.app, { email: 'mod@parley.test', role: 'admin' });
    const admin = await signIn(t.app, 'mod@parley.test');
    expect((await admin.post('/actions', { action: 'approve', ids: [held.comment.id] })).status).toBe(200);
    await expect.poll(() => sink.to('held2@reader.test').length, SLOW).toBe(2);
    // Rejected and approved again: the dedupe key keeps it to one mail each.
    await admin.post('/actions', { action: 'reject', ids: [held.comment.id] });
    await admin.post('/actions', { action: 'approve', ids: [held.comment.id] });
    await outboxSettled(t.app);
    expect(sink.to('held1@reader.test')).toHaveLength(2);
    expect(sink.to('held2@reader.test')).toHaveLength(2);

    // A rejected comment never notifies.
    const rejected = await post(author, { page: '/held-page', body: 'Never to be seen', name: 'Jay' });
    await admin.post('/actions', { action: 'reject', ids: [rejected.comment.id] });
    await outboxSettled(t.app);
    expect(sink.to('held1@reader.test')).toHaveLength(2);
    await setSiteSettings(t.app, 'demo', { moderationMode: 'none' });
  });

  it('held comments mail the moderators who opted in, once per window, and nobody else', async () => {
    await createModerator(t.app, { email: 'alerts-admin@parley.test', role: 'admin' });
    const alerted = (await createModerator(t.app, { email: 'alerted@parley.test', sites: ['demo'] })).moderator;
    await createModerator(t.app, { email: 'quiet@parley.test', sites: ['demo'] });
    const admin = await signIn(t.app, 'alerts-admin@parley.test');
    const on = await admin.patch(`/moderators/${alerted.id}`, { isAlertedOfPending: true });
    expect([on.status, on.body.isAlertedOfPending]).toEqual([200, true]);
    expect((await admin.get('/moderators')).body.moderators.filter((m: { isAlertedOfPending: boolean }) => m.isAlertedOfPending).map((m: { email: string }) => m.email)).toEqual(['alerted@parley.test']);

    await setSiteSettings(t.app, 'demo', { moderationMode: 'all', pendingAlertMinutes: 15 });
    const author = await api.reader();
    await post(author, { page: '/alert-page', body: 'First one to review', name: 'Kit' });
    await post(author, { page: '/alert-page', body: 'Second one to review', name: 'Kit' });
    // Batched: the alert waits for the end of its 15-minute window, then counts what is still held.
    t.clock.advance(15 * 60_000);
    await expect.poll(() => sink.to('alerted@parley.test').length, SLOW).toBe(1);
    await outboxSettled(t.app);
    expect(sink.to('alerted@parley.test').map((m) => m.parsed.subject)).toEqual(['2 comments are waiting for moderation on Parley demo']);
    expect(sink.to('quiet@parley.test')).toHaveLength(0);
    expect(sink.to('alerts-admin@parley.test')).toHaveLength(0);
    await setSiteSettings(t.app, 'demo', { moderationMode: 'none' });
  });
});
