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
  t = await createTestApp();
  await createModerator(t.app, { email: 'mod@parley.test', sites: ['demo'] });
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

  it('after 10 bad attempts the next sign-in is refused with 429 and Retry-After, even with the right password', async () => {
    t.clock.advance(15 * 60_000);
    for (let i = 0; i < 10; i++) expect((await attempt('mod@parley.test', `guess number ${i}`)).status).toBe(401);
    const refused = await attempt('mod@parley.test', TEST_PASSWORD);
    expect(refused.status).toBe(429);
    expect(refused.body.error.code).toBe('rate_limited');
    const retryAfter = Number(refused.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(15 * 60);
    t.clock.advance(retryAfter * 1000);
    expect((await attempt('mod@parley.test', TEST_PASSWORD)).status).toBe(200);
  });

  it('an unknown e-mail is limited the same way: the 429 tells nothing either', async () => {
    t.clock.advance(15 * 60_000);
    for (let i = 0; i < 10; i++) expect((await attempt('ghost@parley.test', `guess ${i}`)).status).toBe(401);
    expect((await attempt('ghost@parley.test', 'guess 11')).status).toBe(429);
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
