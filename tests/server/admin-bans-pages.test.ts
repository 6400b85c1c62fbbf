import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp, type ParleyApp } from '../../server/app.ts';
import { client, createTestApp, PUBLIC_URL, setSiteSettings, type TestApp } from '../helpers/app.ts';
import { createModerator, signIn, type SignedIn } from '../helpers/admin.ts';

let t: TestApp;
let api: ReturnType<typeof client>;
let admin: SignedIn;
/** A second instance behind a trusted proxy, so tests can post from chosen IPs. */
let proxied: ParleyApp;
beforeAll(async () => {
  t = await createTestApp({ settings: { rateLimitPerMinute: 100 } });
  proxied = createApp({ database: t.database, clock: t.clock, config: { publicUrl: PUBLIC_URL, trustProxy: true } });
  await proxied.ready;
  api = client(t.app);
  await createModerator(t.app, { email: 'chief@parley.test', role: 'admin' });
  admin = await signIn(t.app, 'chief@parley.test');
});
afterAll(async () => {
  await proxied.close();
  await t.close();
});

const postAs = (token: string, body: string, page = '/bans', ip = '203.0.113.9', email?: string) =>
  proxied.request('/api/v1/comments', {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, 'x-forwarded-for': ip },
    body: JSON.stringify({ site: 'demo', page, body, author: { name: 'Troll', ...(email ? { email } : {}) } }),
  });

describe('bans', () => {
  it('a banned author\'s next post is rejected with a clear message, and nothing is stored', async () => {
    const token = await api.reader();
    const first = await api.comment(token, { page: '/bans', body: 'Something rude' });
    const res = await admin.post('/bans', { commentId: first.body.comment.id, reason: 'abuse' });
    expect(res.status).toBe(201);
    expect(res.body.bans).toHaveLength(1);
    expect(res.body.bans[0]).toMatchObject({ kind: 'reader', readerId: expect.any(Number), isActive: true, reason: 'abuse' });
    const next = await api.comment(token, { page: '/bans', body: 'Something else rude' });
    expect(next.status).toBe(403);
    expect(next.body.error).toMatchObject({ code: 'banned', message: 'You are banned from commenting on this site' });
    const history = await admin.get(`/readers/${res.body.bans[0].readerId}`);
    expect(history.body.activeBans).toHaveLength(1);
    expect(history.body.recent).toHaveLength(1);
    const listed = (await admin.get('/bans?site=demo&active=true')).body.bans[0];
    expect(listed).toMatchObject({ reason: 'abuse', reader: { id: res.body.bans[0].readerId, name: 'Guest' }, valueHint: null, bannedBy: { email: 'chief@parley.test' } });
  });

  it('a ban for N days says until when, and ends by itself', async () => {
    const token = await api.reader();
    const first = await api.comment(token, { page: '/bans-timed', body: 'Hot take' });
    await admin.post('/bans', { commentId: first.body.comment.id, days: 1 });
    const refused = await api.comment(token, { page: '/bans-timed', body: 'Another hot take' });
    expect(refused.body.error.message).toMatch(/^You are banned from commenting on this site until 2026-01-02 /);
    t.clock.advance(86_400_000 + 1000);
    expect((await api.comment(token, { page: '/bans-timed', body: 'Back again' })).status).toBe(201);
  });

  it('banning the e-mail and IP stops a new guest identity from the same person', async () => {
    const token = await api.reader();
    const first = await postAs(token, 'First rant', '/bans-ip', '203.0.113.50', 'troll@example.com');
    const id = ((await first.json()) as { comment: { id: number } }).comment.id;
    const res = await admin.post('/bans', { commentId: id, email: true, ip: true });
    expect(res.body.bans.map((b: { kind: string }) => b.kind).sort()).toEqual(['email', 'ip', 'reader']);
    const fresh = await api.reader();
    expect((await postAs(fresh, 'Same person, new token', '/bans-ip', '203.0.113.50')).status).toBe(403);
    const otherIp = await api.reader();
    expect((await postAs(otherIp, 'New token, same e-mail', '/bans-ip', '198.51.100.1', 'TROLL@example.com')).status).toBe(403);
    const innocent = await api.reader();
    expect((await postAs(innocent, 'Unrelated person', '/bans-ip', '198.51.100.2')).status).toBe(201);
  });

  it('lifting a ban lets the reader post again; the ban list shows it lifted', async () => {
    const token = await api.reader();
    const first = await api.comment(token, { page: '/bans-lift', body: 'Oops' });
    const ban = (await admin.post('/bans', { commentId: first.body.comment.id })).body.bans[0];
    const lifted = await admin.del(`/bans/${ban.id}`);
    expect(lifted.body).toMatchObject({ id: ban.id, isActive: false });
    expect((await api.comment(token, { page: '/bans-lift', body: 'Sorry about that' })).status).toBe(201);
    const list = await admin.get('/bans?site=demo&active=false');
    expect(list.body.bans.map((b: { id: number }) => b.id)).toContain(ban.id);
  });

  it('with banAction "hold" a banned reader\'s comment waits for a moderator instead', async () => {
    await admin.put('/sites/demo/settings', { settings: { banAction: 'hold' } });
    const token = await api.reader();
    const first = await api.comment(token, { page: '/bans-hold', body: 'Borderline' });
    await admin.post('/bans', { commentId: first.body.comment.id });
    const next = await api.comment(token, { page: '/bans-hold', body: 'Borderline again' });
    expect(next.body).toMatchObject({ status: 'pending', reasons: ['banned reader'] });
    await admin.put('/sites/demo/settings', { settings: { banAction: 'reject' } });
  });

  it('undo of a ban lifts it', async () => {
    const token = await api.reader();
    const first = await api.comment(token, { page: '/bans-undo', body: 'Meant well' });
    await admin.post('/bans', { commentId: first.body.comment.id });
    expect((await admin.post('/undo')).status).toBe(200);
    expect((await api.comment(token, { page: '/bans-undo', body: 'Thanks' })).status).toBe(201);
  });
});

describe('a ban that settles the author\'s pending comments', () => {
  /** Three held comments by one reader and one by another, on a site that holds everything. */
  async function heldComments(page: string) {
    await admin.put('/sites/demo/settings', { settings: { moderationMode: 'all' } });
    const token = await api.reader();
    const ids: number[] = [];
    for (const body of ['Cheap pills one', 'Cheap pills two', 'Cheap pills three']) ids.push((await api.comment(token, { page, body })).body.comment.id);
    const bystander = (await api.comment(await api.reader(), { page, body: 'An honest question' })).body.comment.id as number;
    await admin.put('/sites/demo/settings', { settings: { moderationMode: 'none' } });
    return { token, ids, bystander };
  }
  const pendingIds = async () => ((await admin.get('/queues/pending?site=demo&limit=100')).body.items as Array<{ comment: { id: number } }>).map((i) => i.comment.id);

  it('with pendingComments "reject" they are rejected in the ban\'s own step and audit batch; one undo brings all back', async () => {
    const { token, ids, bystander } = await heldComments('/bans-pending');
    const res = await admin.post('/bans', { commentId: ids[1], reason: 'pill spam', pendingComments: 'reject' });
    expect(res.status).toBe(201);
    expect(res.body.bans).toHaveLength(1);
    expect(res.body.rejected.map((c: { id: number; status: string }) => [c.id, c.status])).toEqual(ids.map((id) => [id, 'rejected']));
    const pending = await pendingIds();
    expect(pending).toContain(bystander);
    expect(pending.filter((id) => ids.includes(id))).toEqual([]);

    const entries = (await admin.get('/audit?site=demo&limit=4')).body.entries as Array<{ action: string; targetId: string; batchId: string; before: { status?: string }; after: { status?: string } }>;
    expect(entries.map((e) => e.action).sort()).toEqual(['ban', 'reject', 'reject', 'reject']);
    expect(new Set(entries.map((e) => e.batchId)).size).toBe(1);
    const rejects = entries.filter((e) => e.action === 'reject');
    expect(rejects.map((e) => Number(e.targetId)).sort((x, y) => x - y)).toEqual(ids);
    expect(rejects.every((e) => e.before.status === 'pending' && e.after.status === 'rejected')).toBe(true);

    const undone = await admin.post('/undo');
    expect(undone.status).toBe(200);
    expect(undone.body.undone).toHaveLength(4);
    expect(undone.body.comments.map((c: { status: string }) => c.status)).toEqual(['pending', 'pending', 'pending']);
    expect((await pendingIds()).filter((id) => ids.includes(id)).sort((x, y) => x - y)).toEqual(ids);
    expect((await api.comment(token, { page: '/bans-pending', body: 'Unbanned again' })).status).toBe(201);
  });

  it('with pendingComments "keep", or none given, they stay pending for review', async () => {
    for (const choice of ['keep', undefined]) {
      const { ids } = await heldComments('/bans-keep');
      const res = await admin.post('/bans', { commentId: ids[0], ...(choice ? { pendingComments: choice } : {}) });
      expect(res.status).toBe(201);
      expect(res.body.rejected).toEqual([]);
      expect((await pendingIds()).filter((id) => ids.includes(id)).sort((x, y) => x - y)).toEqual(ids);
      expect((await admin.get('/audit?site=demo&limit=1')).body.entries[0].action).toBe('ban');
    }
  });

  it('any other value is refused with a clear error, and neither bans nor rejects', async () => {
    const { token, ids } = await heldComments('/bans-bad');
    for (const pendingComments of ['delete', 'REJECT', true, null]) {
      const res = await admin.post('/bans', { commentId: ids[0], pendingComments });
      expect(res.status).toBe(422);
      expect(res.body.error).toEqual({ code: 'validation', message: 'Pending comments: must be one of "reject", "keep"', field: 'pendingComments' });
    }
    expect((await pendingIds()).filter((id) => ids.includes(id)).sort((x, y) => x - y)).toEqual(ids);
    expect((await api.comment(token, { page: '/bans-bad', body: 'Not banned' })).status).toBe(201);
  });
});

describe('finding a reader', () => {
  const find = async (q: string, extra = '') => (await admin.get(`/readers?site=demo&q=${encodeURIComponent(q)}${extra}`)).body;
  const names = async (q: string) => (await find(q)).readers.map((r: { name: string }) => r.name);

  it('by part of the name or the e-mail, in any case; wildcards are plain characters', async () => {
    for (const [name, email] of [['Ada Lovelace', 'ada@analytical.example'], ['Grace_Hopper', 'GRACE@navy.example'], ['100% Real', 'real@percent.example']]) {
      await api.comment(await api.reader(), { page: '/find', body: `Hello from ${name}`, name, email });
    }
    expect(await names('lovelace')).toEqual(['Ada Lovelace']);
    expect(await names('grace@NAVY')).toEqual(['Grace_Hopper']);
    expect((await find('ANALYTICAL')).readers[0]).toMatchObject({ name: 'Ada Lovelace', email: 'ada@analytical.example', isGuest: true, siteId: expect.any(Number) });
    expect(await names('%')).toEqual(['100% Real']);
    expect(await names('e_h')).toEqual(['Grace_Hopper']);
    expect(await names('nobody by that name')).toEqual([]);
  });

  it('pages with a cursor, newest first', async () => {
    const first = await find('example', '&limit=2');
    expect(first.readers.map((r: { name: string }) => r.name)).toEqual(['100% Real', 'Grace_Hopper']);
    const next = await find('example', `&limit=2&cursor=${first.nextCursor}`);
    expect(next.readers.map((r: { name: string }) => r.name)).toContain('Ada Lovelace');
  });

  it('a query too long, empty or over two lines is a 422 naming q; another site\'s moderator gets 403', async () => {
    for (const q of ['x'.repeat(101), '', 'a\nb']) {
      const res = await admin.get(`/readers?site=demo&q=${encodeURIComponent(q)}`);
      expect(res.status).toBe(422);
      expect(res.body.error).toMatchObject({ code: 'validation', field: 'q' });
    }
    await setSiteSettings(t.app, 'other', {}, ['https://other.example']);
    await createModerator(t.app, { email: 'elsewhere@parley.test', sites: ['other'] });
    const elsewhere = await signIn(t.app, 'elsewhere@parley.test');
    expect((await elsewhere.get('/readers?site=demo&q=ada')).status).toBe(403);
  });
});

describe('page lock', () => {
  it('a locked page refuses posts and the thread says so; unlocking reopens it', async () => {
    const token = await api.reader();
    await api.comment(token, { page: '/lockable', body: 'Before the lock' });
    const pages = await admin.get('/pages?site=demo&text=lockable');
    const page = pages.body.pages[0];
    expect(page).toMatchObject({ key: '/lockable', isLocked: false, commentCount: 1 });
    const locked = await admin.post(`/pages/${page.id}/lock`);
    expect(locked.body.isLocked).toBe(true);
    expect((await api.get('/api/v1/threads?site=demo&page=/lockable')).body.page.isLocked).toBe(true);
    const refused = await api.comment(token, { page: '/lockable', body: 'After the lock' });
    expect(refused.status).toBe(403);
    expect(refused.body.error).toMatchObject({ code: 'page_locked', message: 'Comments are closed on this page' });
    await admin.post(`/pages/${page.id}/unlock`);
    expect((await api.comment(token, { page: '/lockable', body: 'After the unlock' })).status).toBe(201);
  });

  it('the audit log shows the lock and the unlock with before and after', async () => {
    const entries = (await admin.get('/audit?site=demo&limit=3')).body.entries;
    expect(entries.slice(0, 2)).toMatchObject([
      { action: 'unlock', targetType: 'page', before: { isLocked: true }, after: { isLocked: false } },
      { action: 'lock', targetType: 'page', before: { isLocked: false }, after: { isLocked: true } },
    ]);
  });
});

describe('site settings', () => {
  it('reads the full settings and allowed origins', async () => {
    const res = await admin.get('/sites/demo/settings');
    expect(res.status).toBe(200);
    expect(res.body.site).toMatchObject({ slug: 'demo', allowedOrigins: ['http://parley.test'] });
    expect(res.body.settings).toMatchObject({ moderationMode: 'none', flagThreshold: 3 });
  });

  it('a partial update merges, origins are replaced, and the audit keeps before and after', async () => {
    const res = await admin.put('/sites/demo/settings', {
      allowedOrigins: ['http://parley.test', 'https://news.example'],
      settings: { suspectWords: ['deal'], linkLimit: 1, flagThreshold: 5 },
    });
    expect(res.status).toBe(200);
    expect(res.body.settings).toMatchObject({ suspectWords: ['deal'], linkLimit: 1, flagThreshold: 5, moderationMode: 'none' });
    const created = await api.comment(await api.reader(), { page: '/settings', body: 'What a deal' });
    expect(created.body).toMatchObject({ status: 'pending', reasons: ['suspect word: deal'] });
    const [entry] = (await admin.get('/audit?site=demo&limit=1')).body.entries;
    expect(entry).toMatchObject({ action: 'settings', targetType: 'site' });
    expect(entry.before.allowedOrigins).toEqual(['http://parley.test']);
    expect(entry.after.settings).toMatchObject({ suspectWords: ['deal'] });
  });

  it('bad settings are a 422 naming the field, and nothing changes', async () => {
    for (const body of [
      { settings: { moderationMode: 'sometimes' } },
      { settings: { linkLimit: -1 } },
      { allowedOrigins: ['https://news.example/path'] },
      { settings: { bannedWords: [''] } },
      { settings: { bannedWords: ['a\u0000b'] } },
      { settings: { suspectWords: ['\ud800'] } },
      { settings: { suspectWords: ['   '] } },
      { name: 'two\nlines' },
    ]) {
      const res = await admin.put('/sites/demo/settings', body);
      expect(res.status).toBe(422);
      expect(res.body.error.code).toBe('validation');
    }
    expect((await admin.get('/sites/demo/settings')).body.settings.linkLimit).toBe(1);
  });

  it('undo of a settings change puts the old ones back', async () => {
    expect((await admin.post('/undo')).status).toBe(200);
    const res = await admin.get('/sites/demo/settings');
    expect(res.body.settings.suspectWords).toEqual([]);
    expect(res.body.site.allowedOrigins).toEqual(['http://parley.test']);
  });
});

describe('moderators', () => {
  it('an admin adds a moderator with a password, who can then sign in to their site only', async () => {
    const demoId = (await admin.get('/sites')).body.sites.find((s: { slug: string }) => s.slug === 'demo').id;
    const res = await admin.post('/moderators', { email: 'Helper@Parley.test', name: 'Helper', role: 'moderator', siteIds: [demoId], password: 'a good long password' });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ moderator: { email: 'helper@parley.test', role: 'moderator', siteIds: [demoId], hasPassword: true }, signInLink: null });
    const helper = await signIn(t.app, 'helper@parley.test', 'a good long password');
    expect(helper.me.sites.map((s: { slug: string }) => s.slug)).toEqual(['demo']);
    expect((await helper.get('/moderators')).status).toBe(403);
  });

  it('without a password the answer is a one-time sign-in link that works once', async () => {
    const res = await admin.post('/moderators', { email: 'linked@parley.test', name: 'Linked', role: 'admin' });
    expect(res.body.signInLink).toMatch(/^http:\/\/parley\.test\/admin#login-token=[\w-]{43}$/);
    const token = res.body.signInLink.split('=')[1];
    const first = await admin.post('/login/token', { token }, { cookie: null, csrf: 'login' });
    expect(first.status).toBe(200);
    expect(first.body.moderator).toMatchObject({ email: 'linked@parley.test', hasPassword: false });
    const again = await admin.post('/login/token', { token }, { cookie: null, csrf: 'login' });
    expect(again.status).toBe(401);
  });

  it('a taken e-mail is a 409; an admin cannot disable themselves', async () => {
    expect((await admin.post('/moderators', { email: 'chief@parley.test', name: 'Again', role: 'admin' })).status).toBe(409);
    expect((await admin.patch(`/moderators/${admin.me.moderator.id}`, { isDisabled: true })).status).toBe(409);
  });

  it('disabling a moderator ends their sessions', async () => {
    const created = await admin.post('/moderators', { email: 'leaving@parley.test', name: 'Leaving', role: 'moderator', siteIds: [], password: 'another long password' });
    const leaving = await signIn(t.app, 'leaving@parley.test', 'another long password');
    expect((await leaving.get('/me')).status).toBe(200);
    const res = await admin.patch(`/moderators/${created.body.moderator.id}`, { isDisabled: true });
    expect(res.body.isDisabled).toBe(true);
    expect((await leaving.get('/me')).status).toBe(401);
    const list = await admin.get('/moderators');
    expect(list.body.moderators.map((m: { email: string }) => m.email)).toContain('leaving@parley.test');
  });
});
