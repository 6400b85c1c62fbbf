import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, setSiteSettings, type TestApp } from '../helpers/app.ts';
import { ADMIN_PREFIX, adminSamples, routeTable, type AdminSample } from '../helpers/access.ts';
import { adminClient, createModerator, signIn, TEST_PASSWORD, type AdminClient, type SignedIn } from '../helpers/admin.ts';
import { databaseFingerprint } from '../helpers/db-state.ts';

/**
 * Every admin route, taken from the app's own route table, is tried without a session, by a
 * moderator of another site, without the CSRF header, with a wrong one, and from a foreign
 * origin. A route added without a case here fails the first test.
 */

type Sample = AdminSample;

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

  samples = await adminSamples(t.app, admin, mod.moderator.id);
});
afterAll(() => t.close());

const PREFIX = ADMIN_PREFIX;
const adminRoutes = () => routeTable(t.app, `${PREFIX}/`).map((r) => r.replace(` ${PREFIX}`, ' '));
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
    // Without a trusted proxy, X-Forwarded-Proto is anyone's to send: it does not make the cookie Secure.
    const res = await adminClient(t.app).post('/login', { email: 'demo@parley.test', password: TEST_PASSWORD }, { csrf: 'login', headers: { 'x-forwarded-proto': 'https' } });
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
