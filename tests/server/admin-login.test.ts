import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../server/app.ts';
import { ensureFirstAdmin } from '../../server/services/admin/bootstrap-admin.ts';
import { addModerator } from '../../server/services/admin/moderators.ts';
import { hashPassword, verifyPassword } from '../../server/services/admin/passwords.ts';
import { createTestApp, PUBLIC_URL, TestClock, type TestApp } from '../helpers/app.ts';
import { adminClient, createModerator, signIn, TEST_PASSWORD } from '../helpers/admin.ts';
import { createTestDatabase } from '../helpers/database.ts';

let t: TestApp;
beforeAll(async () => {
  // Behind a proxy this deployment trusts: X-Forwarded-For and X-Forwarded-Proto count.
  t = await createTestApp({ config: { trustProxy: true } });
  await createModerator(t.app, { email: 'mod@parley.test', sites: ['demo'] });
  for (const name of ['colleague', 'newcomer', 'target']) await createModerator(t.app, { email: `${name}@parley.test`, sites: ['demo'] });
});
afterAll(() => t.close());

const attempt = (email: string, password: string, ip?: string) =>
  adminClient(t.app).post('/login', { email, password }, { csrf: 'login', ...(ip ? { headers: { 'x-forwarded-for': ip } } : {}) });

describe('signing in', () => {
  it('the right password opens a session with the moderator, a CSRF token and their sites', async () => {
    const res = await attempt('MOD@parley.test', TEST_PASSWORD);
    expect(res.status).toBe(200);
    expect(res.body.moderator).toMatchObject({ email: 'mod@parley.test', role: 'moderator', hasPassword: true });
    expect(res.body.csrfToken).toMatch(/^[\w-]{43}$/);
    expect(res.body.sites.map((s: { slug: string }) => s.slug)).toEqual(['demo']);
  });

  it('an unknown e-mail and a wrong password get the same answer', async () => {
    const unknown = await attempt('nobody@parley.test', 'whatever it is');
    const wrong = await attempt('mod@parley.test', 'not the password');
    expect(unknown.status).toBe(401);
    expect(wrong.status).toBe(401);
    expect(unknown.body).toEqual(wrong.body);
    expect(unknown.headers.get('set-cookie')).toBeNull();
  });

  it('one address guessing one account: 5 failures, then a wait that doubles with each further failure; the right password clears it', async () => {
    t.clock.advance(2 * 3_600_000);
    const ip = '203.0.113.5';
    for (let i = 0; i < 5; i++) expect((await attempt('mod@parley.test', `guess number ${i}`, ip)).status).toBe(401);
    const held = await attempt('mod@parley.test', TEST_PASSWORD, ip);
    expect([held.status, held.body.error.code, held.headers.get('retry-after')]).toEqual([429, 'rate_limited', '1']);
    t.clock.advance(1_000);
    expect((await attempt('mod@parley.test', 'guess number 6', ip)).status).toBe(401);
    expect((await attempt('mod@parley.test', TEST_PASSWORD, ip)).headers.get('retry-after')).toBe('2');
    t.clock.advance(2_000);
    expect((await attempt('mod@parley.test', 'guess number 7', ip)).status).toBe(401);
    expect((await attempt('mod@parley.test', TEST_PASSWORD, ip)).headers.get('retry-after')).toBe('4');
    // Meanwhile the same account from another address, and another account from this one, are not held.
    expect((await attempt('mod@parley.test', TEST_PASSWORD, '198.51.100.7')).status).toBe(200);
    expect((await attempt('colleague@parley.test', TEST_PASSWORD, ip)).status).toBe(200);
    t.clock.advance(4_000);
    expect((await attempt('mod@parley.test', TEST_PASSWORD, ip)).status).toBe(200);
    // Cleared: the next wrong password is a plain 401 again, not a longer wait.
    expect((await attempt('mod@parley.test', 'one more typo', ip)).status).toBe(401);
    expect((await attempt('mod@parley.test', TEST_PASSWORD, ip)).status).toBe(200);
  });

  it('many wrong passwords behind one proxy address slow that address down for a minute at most, and never hold back a moderator who signed in there before', async () => {
    t.clock.advance(2 * 3_600_000);
    const proxy = '192.0.2.1';
    expect((await attempt('colleague@parley.test', TEST_PASSWORD, proxy)).status).toBe(200);
    // Someone behind the proxy sprays guesses over many accounts, waiting out every hold.
    let failures = 0;
    let longest = 0;
    for (let i = 0; failures < 24; i++) {
      const res = await attempt(`ghost${i}@parley.test`, 'a guess', proxy);
      if (res.status === 429) {
        const wait = Number(res.headers.get('retry-after'));
        longest = Math.max(longest, wait);
        t.clock.advance(wait * 1000);
      } else {
        expect(res.status).toBe(401);
        failures++;
      }
    }
    expect(longest).toBeGreaterThan(1);
    expect(longest).toBeLessThanOrEqual(60);
    // The colleague, who has signed in from here before, gets in at once.
    expect((await attempt('colleague@parley.test', TEST_PASSWORD, proxy)).status).toBe(200);
    // A newcomer behind the same proxy waits at most a minute, then gets in.
    const slowed = await attempt('newcomer@parley.test', TEST_PASSWORD, proxy);
    expect(slowed.status).toBe(429);
    const wait = Number(slowed.headers.get('retry-after'));
    expect(wait).toBeLessThanOrEqual(60);
    t.clock.advance(wait * 1000);
    expect((await attempt('newcomer@parley.test', TEST_PASSWORD, proxy)).status).toBe(200);
  });

  it('one account guessed from many addresses is slowed everywhere but at its own known address', async () => {
    t.clock.advance(2 * 3_600_000);
    const home = '198.51.100.20';
    expect((await attempt('target@parley.test', TEST_PASSWORD, home)).status).toBe(200);
    for (let i = 0; i < 12; i++) {
      const res = await attempt('target@parley.test', `guess ${i}`, `10.9.${i}.1`);
      if (res.status === 429) t.clock.advance(Number(res.headers.get('retry-after')) * 1000);
      else expect(res.status).toBe(401);
    }
    const elsewhere = await attempt('target@parley.test', 'another guess', '10.9.200.1');
    expect(elsewhere.status).toBe(429);
    expect(Number(elsewhere.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(Number(elsewhere.headers.get('retry-after'))).toBeLessThanOrEqual(60);
    // Even the right password waits there: a guess that happens to be right gets no shortcut.
    expect((await attempt('target@parley.test', TEST_PASSWORD, '10.9.201.1')).status).toBe(429);
    expect((await attempt('target@parley.test', TEST_PASSWORD, home)).status).toBe(200);
  });

  it('an unknown e-mail is throttled the same way: the 429 tells nothing either', async () => {
    t.clock.advance(2 * 3_600_000);
    for (let i = 0; i < 5; i++) expect((await attempt('ghost@parley.test', `guess ${i}`, '203.0.113.9')).status).toBe(401);
    expect((await attempt('ghost@parley.test', 'guess 6', '203.0.113.9')).status).toBe(429);
  });

  it('a malformed body is a 422, not a failed attempt', async () => {
    const res = await adminClient(t.app).post('/login', { email: 'not an e-mail', password: '' }, { csrf: 'login' });
    expect(res.status).toBe(422);
  });

  it('a moderator who signed in by link sets a password without an old one, then signs in with it', async () => {
    const created = await addModerator(t.app.services, null, { email: 'link@parley.test', name: 'Link', role: 'moderator', siteIds: [] });
    const token = created.signInLink!.split('=')[1];
    const res = await adminClient(t.app).post('/login/token', { token }, { csrf: 'login' });
    const session = adminClient(t.app, { cookie: res.headers.get('set-cookie')!.split(';')[0]!, csrf: res.body.csrfToken });
    expect((await session.put('/me/password', { newPassword: 'short' })).status).toBe(422);
    expect((await session.put('/me/password', { newPassword: 'a fresh long password' })).status).toBe(204);
    const signedIn = await signIn(t.app, 'link@parley.test', 'a fresh long password');
    // From now on the old password is asked for.
    const wrongCurrent = await signedIn.put('/me/password', { currentPassword: 'not it at all', newPassword: 'another long password' });
    expect(wrongCurrent.status).toBe(403);
    expect((await signedIn.put('/me/password', { currentPassword: 'a fresh long password', newPassword: 'another long password' })).status).toBe(204);
  });
});

describe('sessions', () => {
  const cookieOf = (res: { headers: Headers }) => res.headers.get('set-cookie')!.split(';')[0]!;
  const session = (res: { headers: Headers; body: any }) => adminClient(t.app, { cookie: cookieOf(res), csrf: res.body.csrfToken });

  it('signing in always makes a new session id: a planted one is not taken over, an old one ends', async () => {
    t.clock.advance(2 * 3_600_000);
    const planted = 'parley_session=' + 'p'.repeat(43);
    const first = await adminClient(t.app).post('/login', { email: 'mod@parley.test', password: TEST_PASSWORD }, { csrf: 'login', cookie: planted });
    expect(first.status).toBe(200);
    expect(cookieOf(first)).not.toBe(planted);
    expect((await adminClient(t.app, { cookie: planted, csrf: null }).get('/me')).status).toBe(401);
    // Signing in again from the same browser replaces its session.
    const again = await adminClient(t.app).post('/login', { email: 'mod@parley.test', password: TEST_PASSWORD }, { csrf: 'login', cookie: cookieOf(first) });
    expect(cookieOf(again)).not.toBe(cookieOf(first));
    expect((await session(first).get('/me')).status).toBe(401);
    expect((await session(again).get('/me')).status).toBe(200);
  });

  it('signing out ends every session of that moderator, and no one else\'s', async () => {
    const a = session(await attempt('mod@parley.test', TEST_PASSWORD, '198.51.100.1'));
    const b = session(await attempt('mod@parley.test', TEST_PASSWORD, '198.51.100.2'));
    const colleague = session(await attempt('colleague@parley.test', TEST_PASSWORD, '192.0.2.1'));
    expect((await a.post('/logout')).status).toBe(204);
    expect((await a.get('/me')).status).toBe(401);
    expect((await b.get('/me')).status).toBe(401);
    expect((await colleague.get('/me')).status).toBe(200);
  });

  it('changing the password ends the other sessions and keeps this one', async () => {
    const a = session(await attempt('newcomer@parley.test', TEST_PASSWORD, '198.51.100.1'));
    const b = session(await attempt('newcomer@parley.test', TEST_PASSWORD, '198.51.100.2'));
    expect((await a.put('/me/password', { currentPassword: TEST_PASSWORD, newPassword: 'a newer long password' })).status).toBe(204);
    expect((await a.get('/me')).status).toBe(200);
    expect((await b.get('/me')).status).toBe(401);
    expect((await attempt('newcomer@parley.test', 'a newer long password', '198.51.100.1')).status).toBe(200);
  });

  it('the cookie is HttpOnly and SameSite=Strict, and Secure when the trusted proxy says the request came over https', async () => {
    const plain = await attempt('colleague@parley.test', TEST_PASSWORD, '192.0.2.1');
    expect(plain.headers.get('set-cookie')).toMatch(/HttpOnly/);
    expect(plain.headers.get('set-cookie')).toMatch(/SameSite=Strict/);
    expect(plain.headers.get('set-cookie')).not.toMatch(/Secure/);
    const https = await adminClient(t.app).post('/login', { email: 'colleague@parley.test', password: TEST_PASSWORD }, { csrf: 'login', headers: { 'x-forwarded-for': '192.0.2.1', 'x-forwarded-proto': 'https' } });
    expect(https.headers.get('set-cookie')).toMatch(/; Secure/);
  });
});

describe('passwords', () => {
  it('are stored as scrypt with a salt, and verified', async () => {
    const a = await hashPassword('same password');
    const b = await hashPassword('same password');
    expect(a).toMatch(/^scrypt\$32768\$8\$1\$[\w-]{22}\$[\w-]{43}$/);
    expect(a).not.toBe(b);
    expect(await verifyPassword('same password', a)).toBe(true);
    expect(await verifyPassword('Same password', a)).toBe(false);
    expect(await verifyPassword('same password', null)).toBe(false);
    expect(await verifyPassword('same password', 'garbage')).toBe(false);
  });
});

describe('the first admin', () => {
  it('without credentials in the environment is admin@localhost with a one-time sign-in link, then a password to sign in with', async () => {
    const database = await createTestDatabase();
    const app = createApp({ database, clock: new TestClock(), config: { publicUrl: PUBLIC_URL } });
    await app.ready;
    const first = await ensureFirstAdmin(app.services);
    expect(first).toMatchObject({ email: 'admin@localhost', signInLink: expect.stringMatching(/^http:\/\/parley\.test\/admin#login-token=[\w-]{43}$/) });
    const token = first!.signInLink!.split('=')[1];
    // Until it has a password, a restart prints a fresh link.
    const again = await ensureFirstAdmin(app.services);
    expect(again!.signInLink).not.toBe(first!.signInLink);
    const res = await adminClient(app).post('/login/token', { token }, { csrf: 'login' });
    expect(res.status).toBe(200);
    expect(res.body.moderator).toMatchObject({ email: 'admin@localhost', role: 'admin', hasPassword: false });
    const session = adminClient(app, { cookie: res.headers.get('set-cookie')!.split(';')[0]!, csrf: res.body.csrfToken });
    expect((await session.put('/me/password', { newPassword: 'the admin password' })).status).toBe(204);
    expect(await ensureFirstAdmin(app.services)).toBeNull();
    // And then signs in with that address and password, as the sign-in form sends them.
    const signedIn = await adminClient(app).post('/login', { email: 'admin@localhost', password: 'the admin password' }, { csrf: 'login' });
    expect(signedIn.status).toBe(200);
    expect(signedIn.body.moderator).toMatchObject({ email: 'admin@localhost', role: 'admin', hasPassword: true });
    await app.close();
    await database.close();
  });

  it('with PARLEY_ADMIN_EMAIL and PARLEY_ADMIN_PASSWORD (passed in by main.ts) signs in with those', async () => {
    const database = await createTestDatabase();
    const app = createApp({
      database,
      clock: new TestClock(),
      config: { publicUrl: 'https://comments.example', bootstrapAdmin: { email: 'Owner@Example.com', password: 'owner password 1' } },
    });
    await app.ready;
    expect(await ensureFirstAdmin(app.services)).toEqual({ email: 'Owner@Example.com', signInLink: null });
    const res = await adminClient(app).post('/login', { email: 'owner@example.com', password: 'owner password 1' }, { csrf: 'login', origin: 'https://comments.example' });
    expect(res.status).toBe(200);
    // Behind https the cookie is Secure as well.
    expect(res.headers.get('set-cookie')).toContain('Secure');
    await app.close();
    await database.close();
  });
});
