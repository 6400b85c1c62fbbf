import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { client, createTestApp, setSiteSettings, type TestApp } from '../helpers/app.ts';
import { adminClient, createModerator, signIn, TEST_PASSWORD, type AdminClient, type SignedIn } from '../helpers/admin.ts';
import { databaseFingerprint } from '../helpers/db-state.ts';
import { outboxSettled } from '../helpers/mail.ts';

/**
 * Every admin route, taken from the app's own route table, is tried without a session, by a
 * moderator of another site, without the CSRF header, with a wrong one, and from a foreign
 * origin. A route added without a case here fails the first test.
 */

type Kind =
  | 'sign-in' // reachable without a session
  | 'own' // acts on the caller's own account only
  | 'site' // names site "demo" data: another site's moderator gets 403
  | 'admin'; // admins only
type Sample = { kind: Kind; path: string; body?: unknown };

let t: TestApp;
let admin: SignedIn;
let otherSite: SignedIn;
let samples: Record<string, Sample>;

beforeAll(async () => {
  t = await createTestApp({ settings: { moderationMode: 'all' } });
  await setSiteSettings(t.app, 'other', {}, ['https://other.example']);
  await createModerator(t.app, { email: 'admin@parley.test', role: 'admin' });
  await createModerator(t.app, { email: 'demo@parley.test', sites: ['demo'] });
  const mod = await createModerator(t.app, { email: 'other@parley.test', sites: ['other'] });
  admin = await signIn(t.app, 'admin@parley.test');
  otherSite = await signIn(t.app, 'other@parley.test');

  const api = client(t.app);
  const token = await api.reader();
  const comment = (await api.comment(token, { body: 'Held for review' })).body.comment;
  const ban = (await admin.post('/bans', { commentId: comment.id })).body.bans[0];
  const page = (await admin.get('/pages?site=demo')).body.pages[0];
  const readerId = (await admin.get(`/comments/${comment.id}`)).body.comment.readerId;
  await api.post('/api/v1/subscriptions', { site: 'demo', page: '/article', email: 'sub@reader.test' });
  await outboxSettled(t.app);
  const mail = (await admin.get('/email/outbox')).body.rows[0];
  const importJob = (await admin.post('/imports', { site: 'demo', format: 'wxr', size: 100, dryRun: true })).body;

  samples = {
    'POST /login': { kind: 'sign-in', path: '/login', body: { email: 'demo@parley.test', password: TEST_PASSWORD } },
    'POST /login/token': { kind: 'sign-in', path: '/login/token', body: { token: 'x'.repeat(43) } },
    'POST /logout': { kind: 'own', path: '/logout' },
    'GET /me': { kind: 'own', path: '/me' },
    'PUT /me/password': { kind: 'own', path: '/me/password', body: { currentPassword: TEST_PASSWORD, newPassword: 'a brand new password' } },
    'GET /queues/counts': { kind: 'site', path: '/queues/counts?site=demo' },
    'GET /queues/:queue': { kind: 'site', path: '/queues/pending?site=demo' },
    'GET /comments/:id': { kind: 'site', path: `/comments/${comment.id}` },
    'POST /comments/:id/actions': { kind: 'site', path: `/comments/${comment.id}/actions`, body: { action: 'approve' } },
    'POST /actions': { kind: 'site', path: '/actions', body: { action: 'spam', ids: [comment.id] } },
    'POST /undo': { kind: 'own', path: '/undo' },
    'GET /readers': { kind: 'site', path: '/readers?site=demo&q=reader' },
    'GET /readers/:id': { kind: 'site', path: `/readers/${readerId}` },
    'GET /bans': { kind: 'site', path: '/bans?site=demo' },
    'POST /bans': { kind: 'site', path: '/bans', body: { commentId: comment.id, email: true, ip: true } },
    'DELETE /bans/:id': { kind: 'site', path: `/bans/${ban.id}` },
    'GET /pages': { kind: 'site', path: '/pages?site=demo' },
    'POST /pages/:id/lock': { kind: 'site', path: `/pages/${page.id}/lock` },
    'POST /pages/:id/unlock': { kind: 'site', path: `/pages/${page.id}/unlock` },
    'GET /sites': { kind: 'own', path: '/sites' },
    'GET /sites/:site/settings': { kind: 'site', path: '/sites/demo/settings' },
    'PUT /sites/:site/settings': { kind: 'site', path: '/sites/demo/settings', body: { settings: { moderationMode: 'none' } } },
    'GET /moderators': { kind: 'admin', path: '/moderators' },
    'POST /moderators': { kind: 'admin', path: '/moderators', body: { email: 'new@parley.test', name: 'New', role: 'admin' } },
    'PATCH /moderators/:id': { kind: 'admin', path: `/moderators/${mod.moderator.id}`, body: { role: 'admin' } },
    'GET /audit': { kind: 'site', path: '/audit?site=demo' },
    'GET /events': { kind: 'site', path: '/events?site=demo' },
    'GET /email': { kind: 'admin', path: '/email' },
    'POST /email/test': { kind: 'admin', path: '/email/test', body: { to: 'test@parley.test' } },
    'GET /email/outbox': { kind: 'own', path: '/email/outbox' },
    'POST /email/outbox/:id/retry': { kind: 'site', path: `/email/outbox/${mail.id}/retry` },
    'GET /email/subscriptions': { kind: 'site', path: '/email/subscriptions?site=demo&page=/article' },
    'POST /imports': { kind: 'site', path: '/imports', body: { site: 'demo', format: 'wxr', size: 100 } },
    // An import job belongs to the moderator who started it: anyone else is told it does not exist.
    'PUT /imports/:id/file': { kind: 'own', path: `/imports/${importJob.id}/file`, body: '<rss></rss>' },
    'GET /imports/:id': { kind: 'own', path: `/imports/${importJob.id}` },
    'GET /export': { kind: 'site', path: '/export?site=demo' },
    'POST /pages/remap': { kind: 'site', path: '/pages/remap', body: { site: 'demo', pairs: [{ from: '/article', to: '/moved' }] } },
    'GET /reader-data': { kind: 'site', path: `/reader-data?site=demo&readerId=${readerId}` },
    'POST /reader-data/erase': { kind: 'site', path: '/reader-data/erase', body: { site: 'demo', readerId } },
  };
});
afterAll(() => t.close());

const PREFIX = '/api/v1/admin';
const adminRoutes = () => {
  const seen = new Set<string>();
  for (const r of t.app.routes) {
    if (!r.path.startsWith(`${PREFIX}/`) || r.method === 'ALL') continue;
    seen.add(`${r.method} ${r.path.slice(PREFIX.length)}`);
  }
  return [...seen].sort();
};
const isStateChange = (route: string) => !route.startsWith('GET ');
const methodOf = (route: string) => route.split(' ')[0]!;
const send = (c: AdminClient, route: string, init: Parameters<AdminClient['call']>[2] = {}) => {
  const s = samples[route]!;
  return c.call(methodOf(route), s.path, { ...(s.body !== undefined ? { body: s.body } : {}), ...init });
};

/** Runs the calls and checks the database did not change at all. */
async function unchanged(run: () => Promise<void>) {
  const before = await databaseFingerprint(t.database);
  await run();
  expect(await databaseFingerprint(t.database)).toEqual(before);
}

describe('the admin API refuses what it must, for every route in the route table', () => {
  it('every admin route has a case here, and every case is a route', () => {
    const routes = adminRoutes();
    expect(routes.length).toBeGreaterThanOrEqual(26);
    expect(routes).toEqual(Object.keys(samples).sort());
  });

  it('without a session every route but signing in answers 401, and nothing changes', async () => {
    const anonymous = adminClient(t.app);
    await unchanged(async () => {
      for (const route of adminRoutes()) {
        if (samples[route]!.kind === 'sign-in') continue;
        const res = await send(anonymous, route, { csrf: 'anything' });
        expect([route, res.status, res.body?.error?.code]).toEqual([route, 401, 'unauthorized']);
        const bare = await send(anonymous, route, { csrf: null, origin: null });
        expect([route, bare.status]).toEqual([route, 401]);
      }
    });
  });

  it('an expired or forged session cookie is no session', async () => {
    const forged = adminClient(t.app, { cookie: 'parley_session=forged-session-id', csrf: admin.session.csrf });
    await unchanged(async () => {
      expect((await forged.get('/me')).status).toBe(401);
      expect((await forged.post('/undo')).status).toBe(401);
    });
  });

  it('a moderator of another site gets 403 on every route that names this site, and nothing changes', async () => {
    await unchanged(async () => {
      for (const route of adminRoutes()) {
        const { kind } = samples[route]!;
        if (kind !== 'site' && kind !== 'admin') continue;
        const res = await send(otherSite, route);
        expect([route, res.status, res.body?.error?.code]).toEqual([route, 403, 'forbidden']);
      }
      // The caller's own views show only their own site; undo has nothing of theirs to undo.
      expect((await otherSite.get('/sites')).body.sites.map((s: { slug: string }) => s.slug)).toEqual(['other']);
      expect((await otherSite.get('/me')).body.sites.map((s: { slug: string }) => s.slug)).toEqual(['other']);
      expect((await otherSite.get('/queues/counts')).body.all).toBe(0);
      expect((await otherSite.get('/queues/all')).body.items).toEqual([]);
      expect((await otherSite.get('/audit')).body.entries).toEqual([]);
      expect((await otherSite.post('/undo')).status).toBe(409);
    });
  });

  it('a state change without the CSRF header, with a wrong one, or from a foreign origin is 403, and nothing changes', async () => {
    const changes = adminRoutes().filter(isStateChange);
    expect(changes.length).toBeGreaterThanOrEqual(14);
    await unchanged(async () => {
      for (const route of changes) {
        const missing = await send(admin, route, { csrf: null });
        expect([route, 'missing', missing.status, missing.body?.error?.code]).toEqual([route, 'missing', 403, 'csrf']);
        const foreign = await send(admin, route, { origin: 'https://evil.example' });
        expect([route, 'foreign', foreign.status, foreign.body?.error?.code]).toEqual([route, 'foreign', 403, 'csrf']);
        const crossSite = await send(admin, route, { origin: null, headers: { 'sec-fetch-site': 'cross-site' } });
        expect([route, 'cross-site', crossSite.status]).toEqual([route, 'cross-site', 403]);
        if (samples[route]!.kind === 'sign-in') continue;
        const wrong = await send(admin, route, { csrf: 'not-the-token' });
        expect([route, 'wrong', wrong.status, wrong.body?.error?.code]).toEqual([route, 'wrong', 403, 'csrf']);
        const otherToken = await send(admin, route, { csrf: otherSite.session.csrf });
        expect([route, 'other token', otherToken.status]).toEqual([route, 'other token', 403]);
      }
    });
  });

  it('reads from a foreign origin are refused too, and no admin route grants CORS', async () => {
    for (const route of adminRoutes().filter((r) => !isStateChange(r))) {
      const res = await send(admin, route, { origin: 'https://other.example' });
      expect([route, res.status]).toEqual([route, 403]);
      expect(res.headers.get('access-control-allow-origin')).toBeNull();
    }
    const preflight = await t.app.request(`${PREFIX}/actions`, {
      method: 'OPTIONS',
      headers: { origin: 'https://other.example', 'access-control-request-method': 'POST', 'access-control-request-headers': 'x-parley-csrf' },
    });
    expect(preflight.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('with a session, the CSRF token and its own origin, the same calls succeed', async () => {
    const res = await send(admin, 'POST /comments/:id/actions');
    expect(res.status).toBe(200);
    expect((await admin.get('/me')).body.csrfToken).toBe(admin.session.csrf);
  });
});

describe('the session cookie', () => {
  it('is HttpOnly, SameSite=Strict, Path=/, and logout ends the session', async () => {
    const res = await adminClient(t.app).post('/login', { email: 'demo@parley.test', password: TEST_PASSWORD }, { csrf: 'login' });
    const cookie = res.headers.get('set-cookie')!;
    expect(cookie).toMatch(/^parley_session=[\w-]{43};/);
    expect(cookie).toContain('HttpOnly');
    expect(cookie).toContain('SameSite=Strict');
    expect(cookie).toContain('Path=/');
    expect(cookie).not.toContain('Secure');
    const session = adminClient(t.app, { cookie: cookie.split(';')[0]!, csrf: res.body.csrfToken });
    expect((await session.post('/logout')).status).toBe(204);
    expect((await session.get('/me')).status).toBe(401);
  });
});
