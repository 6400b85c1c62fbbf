import { createHmac } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readers } from '../../server/store/schema/index.ts';
import { disableSso, rotateSsoSecret, signSso } from '../../server/services/readers/sso.ts';
import { client, createTestApp, PUBLIC_URL, setSiteSettings, type TestApp } from '../helpers/app.ts';
import { createModerator, signIn, type SignedIn } from '../helpers/admin.ts';
import { databaseFingerprint } from '../helpers/db-state.ts';
import { bulkSettings } from '../helpers/rows.ts';

let t: TestApp;
let api: ReturnType<typeof client>;
let secret: string;
let otherSecret: string;
let nowS: number;
let admin: SignedIn;

beforeAll(async () => {
  t = await createTestApp({ settings: bulkSettings });
  api = client(t.app);
  await setSiteSettings(t.app, 'other', bulkSettings);
  secret = await rotateSsoSecret(t.app.services, 'demo');
  otherSecret = await rotateSsoSecret(t.app.services, 'other');
  nowS = Math.floor(t.clock.now().getTime() / 1000);
  await createModerator(t.app, { email: 'root@example.com', role: 'admin' });
  admin = await signIn(t.app, 'root@example.com');
});
afterAll(() => t.close());

const user = (fields: Record<string, unknown> = {}) => ({ id: 'u-1', name: 'Ada Lovelace', email: 'Ada@Example.com', exp: nowS + 600, ...fields });
const signIn_ = (sso: string, site = 'demo', headers: Record<string, string> = {}) => api.post('/api/v1/readers/sso', { site, sso }, { headers });
const readerRow = async (id: number) => (await t.app.services.database.db.select().from(readers).where(eq(readers.id, id)))[0]!;
const b64 = (s: string) => Buffer.from(s, 'utf8').toString('base64url');
const hmac = (key: string, encoded: string) => createHmac('sha256', key).update(encoded).digest('base64url');
/** A correctly signed value over any payload text, even one that is not JSON. */
const signRaw = (text: string, key = secret) => `${b64(text)}.${hmac(key, b64(text))}`;

describe('signing in with a value the site signed', () => {
  it('a valid sso value gives a token, and the reader is stored with the signed name and e-mail', async () => {
    const res = await signIn_(signSso(secret, user()));
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ id: expect.any(Number), token: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/), name: 'Ada Lovelace' });
    const row = await readerRow(res.body.id);
    expect(row).toMatchObject({ externalId: 'u-1', name: 'Ada Lovelace', email: 'ada@example.com' });
    expect(row.tokenHash).not.toContain(res.body.token);
  });

  it('a signed-in reader posts as a non-guest under the signed name, whatever name the form sends', async () => {
    const { body } = await signIn_(signSso(secret, user({ id: 'poster', name: 'Grace Hopper' })));
    const res = await api.comment(body.token, { body: 'Signed in and posting', name: 'Someone Else', email: 'fake@example.com' });
    expect(res.status).toBe(201);
    expect(res.body.comment.author).toMatchObject({ name: 'Grace Hopper', isGuest: false });
    const thread = await api.get('/api/v1/threads?site=demo&page=/article');
    const shown = thread.body.comments.find((c: { id: number }) => c.id === res.body.comment.id);
    expect(shown.author).toMatchObject({ name: 'Grace Hopper', isGuest: false });
    expect(await readerRow(body.id)).toMatchObject({ name: 'Grace Hopper', email: 'ada@example.com' });
  });

  it('a guest still posts as a guest under the name they typed', async () => {
    const token = await api.reader();
    const res = await api.comment(token, { body: 'Just a guest here', name: 'Passer-by' });
    expect(res.body.comment.author).toMatchObject({ name: 'Passer-by', isGuest: true });
  });

  it('the same user id twice is the same reader; the token rotates and the name follows the site', async () => {
    const first = await signIn_(signSso(secret, user({ id: 'same', name: 'Old Name' })));
    const second = await signIn_(signSso(secret, user({ id: 'same', name: 'New Name', email: undefined })));
    expect(second.body.id).toBe(first.body.id);
    expect(second.body.token).not.toBe(first.body.token);
    expect(await readerRow(first.body.id)).toMatchObject({ name: 'New Name', email: null });
    // One token per reader: the older one is gone, the new one posts under the new name.
    expect((await api.comment(first.body.token, { body: 'with the old token' })).status).toBe(401);
    const posted = await api.comment(second.body.token, { body: 'with the new token' });
    expect(posted.body.comment.author.name).toBe('New Name');
    const me = await api.get('/api/v1/me?site=demo&page=/article', { token: second.body.token });
    expect(me.body.reader).toMatchObject({ name: 'New Name' });
  });

  it('a numeric user id is the same user as its decimal text', async () => {
    const a = await signIn_(signSso(secret, user({ id: 42 })));
    const b = await signIn_(signSso(secret, user({ id: '42' })));
    expect(a.status).toBe(200);
    expect(b.body.id).toBe(a.body.id);
  });

  it('first sign-ins of one user racing each other make one reader row', async () => {
    const answers = await Promise.all(Array.from({ length: 8 }, () => signIn_(signSso(secret, user({ id: 'racer' })))));
    expect(answers.map((a) => a.status)).toEqual(Array(8).fill(200));
    expect(new Set(answers.map((a) => a.body.id)).size).toBe(1);
    const rows = await t.app.services.database.db.select().from(readers).where(eq(readers.externalId, 'racer'));
    expect(rows).toHaveLength(1);
  });

  it('the same user id on two sites is two readers', async () => {
    const here = await signIn_(signSso(secret, user({ id: 'both' })));
    const there = await signIn_(signSso(otherSecret, user({ id: 'both' })), 'other');
    expect(there.status).toBe(200);
    expect(there.body.id).not.toBe(here.body.id);
  });

  it("a signed-in reader without an e-mail may post where guests must give one, and the site's name limit is not theirs", async () => {
    await setSiteSettings(t.app, 'demo', { requireEmail: true, maxNameLength: 5 });
    try {
      const { body } = await signIn_(signSso(secret, user({ id: 'no-mail', name: 'A rather long signed name', email: undefined })));
      const res = await api.comment(body.token, { body: 'No e-mail needed when signed in' });
      expect(res.status).toBe(201);
      expect(res.body.comment.author.name).toBe('A rather long signed name');
      expect((await api.comment(await api.reader(), { body: 'guest without e-mail', name: 'Gus' })).status).toBe(422);
    } finally {
      await setSiteSettings(t.app, 'demo', { requireEmail: false, maxNameLength: 50 });
    }
  });

  it('a ban on a signed-in reader holds for the user, not the device', async () => {
    const first = await signIn_(signSso(secret, user({ id: 'troll' })));
    const ban = await admin.post('/bans', { readerId: first.body.id, site: 'demo', reason: 'trolling' });
    expect(ban.status).toBe(201);
    // Signing in again (another device) lands on the same, banned reader.
    const again = await signIn_(signSso(secret, user({ id: 'troll' })));
    expect(again.body.id).toBe(first.body.id);
    const res = await api.comment(again.body.token, { body: 'back on a new laptop' });
    expect(res.status).toBe(403);
    expect(res.body.error.code).toBe('banned');
  });
});

describe('a value that is not good is refused with 401 sso_invalid, and nothing is written', () => {
  const refused = async (sso: string, site = 'demo') => {
    const before = await databaseFingerprint(t.database);
    const res = await signIn_(sso, site);
    expect(res.status, sso.slice(0, 80)).toBe(401);
    expect(res.body).toEqual({ error: { code: 'sso_invalid', message: expect.stringMatching(/^Sign-in failed: .+/), field: 'sso' } });
    expect(await databaseFingerprint(t.database)).toEqual(before);
    return res.body.error.message as string;
  };

  it('a forged signature', async () => {
    expect(await refused(signSso('not-the-secret', user()))).toMatch(/signature/);
    const [payload] = signSso(secret, user()).split('.');
    const [, signature] = signSso(secret, user({ id: 'someone-else' })).split('.');
    await refused(`${payload}.${signature}`);
    // A changed payload under the old signature.
    const [, goodSig] = signSso(secret, user()).split('.');
    await refused(`${b64(JSON.stringify(user({ id: 'admin' })))}.${goodSig}`);
  });

  it("another site's signature, and this site's value sent to another site", async () => {
    await refused(signSso(otherSecret, user()));
    await refused(signSso(secret, user()), 'other');
  });

  it('an expired value, one expiring now, and one more than 24 hours ahead', async () => {
    expect(await refused(signSso(secret, user({ exp: nowS - 1 })))).toMatch(/expired/);
    await refused(signSso(secret, user({ exp: nowS })));
    expect(await refused(signSso(secret, user({ exp: nowS + 24 * 3600 + 1 })))).toMatch(/24 hours/);
    expect((await signIn_(signSso(secret, user({ exp: nowS + 24 * 3600 })))).status).toBe(200);
  });

  it('a value that expires while the clock moves on', async () => {
    const sso = signSso(secret, user({ exp: nowS + 60 }));
    t.clock.advance(61_000);
    try {
      await refused(sso);
    } finally {
      t.clock.advance(-61_000);
    }
  });

  it('malformed values', async () => {
    const good = signSso(secret, user());
    for (const sso of ['', '.', 'abc', `${good}.x`, `.${good.split('.')[1]}`, `${good.split('.')[0]}.`, good.replace('.', ' .'), `${good}=`, good.replace(/.$/, '+'), 'a'.repeat(5000)]) {
      await refused(sso);
    }
  });

  it('correctly signed payloads that are not a user', async () => {
    const naughty = [
      'not json',
      '[1,2]',
      'null',
      '"x"',
      JSON.stringify({ name: 'No id', exp: nowS + 60 }),
      JSON.stringify({ id: 'no-name', exp: nowS + 60 }),
      JSON.stringify({ id: 'no-exp', name: 'N' }),
      JSON.stringify(user({ id: '' })),
      JSON.stringify(user({ id: 'x'.repeat(201) })),
      JSON.stringify(user({ id: { $ne: null } })),
      JSON.stringify(user({ id: -1 })),
      JSON.stringify(user({ id: 'nul\u0000id' })),
      JSON.stringify(user({ name: '' })),
      JSON.stringify(user({ name: '   ' })),
      JSON.stringify(user({ name: 'line\nbreak' })),
      JSON.stringify(user({ name: 'nul\u0000name' })),
      JSON.stringify(user({ name: 'lone \ud800 surrogate' })),
      JSON.stringify(user({ name: 'x'.repeat(101) })),
      JSON.stringify(user({ name: ['Ada'] })),
      JSON.stringify(user({ email: 'not an e-mail' })),
      JSON.stringify(user({ email: 'a@b.c\r\nBcc: all@example.com' })),
      JSON.stringify(user({ exp: String(nowS + 60) })),
      JSON.stringify(user({ exp: nowS + 60.5 })),
      JSON.stringify(user({ exp: 1e308 })),
    ];
    for (const text of naughty) await refused(signRaw(text));
    expect(await refused(signRaw('not json'))).toMatch(/not JSON/);
    expect(await refused(signRaw(JSON.stringify(user({ name: '' }))))).toMatch(/payload name/);
  });

  it('a site without single sign-on refuses every value', async () => {
    await setSiteSettings(t.app, 'plain', bulkSettings);
    expect(await refused(signSso(secret, user()), 'plain')).toMatch(/not enabled/);
    await rotateSsoSecret(t.app.services, 'plain');
    await disableSso(t.app.services, 'plain');
    await refused(signSso(secret, user()), 'plain');
  });

  it('a new secret retires values signed with the old one', async () => {
    const key = await rotateSsoSecret(t.app.services, 'other');
    await refused(signSso(otherSecret, user()), 'other');
    otherSecret = key;
    expect((await signIn_(signSso(otherSecret, user()), 'other')).status).toBe(200);
  });
});

describe('the edge around it', () => {
  it('an unknown site is a 404, a missing value a 422, a foreign origin a 403; nothing is written', async () => {
    const before = await databaseFingerprint(t.database);
    expect((await signIn_(signSso(secret, user()), 'nope')).status).toBe(404);
    const missing = await api.post('/api/v1/readers/sso', { site: 'demo' });
    expect(missing.status).toBe(422);
    expect(missing.body.error).toMatchObject({ code: 'validation', field: 'sso' });
    expect((await api.post('/api/v1/readers/sso', { site: 'demo', sso: 5 })).status).toBe(422);
    const foreign = await signIn_(signSso(secret, user()), 'demo', { origin: 'https://evil.example' });
    expect(foreign.status).toBe(403);
    expect(foreign.body.error.code).toBe('origin_not_allowed');
    expect(await databaseFingerprint(t.database)).toEqual(before);
  });

  it('the secret is in no public or admin answer; admin settings only say that sign-on is on', async () => {
    const settings = await admin.get('/sites/demo/settings');
    expect(settings.status).toBe(200);
    expect(settings.body.ssoEnabled).toBe(true);
    expect((await admin.get('/sites/plain/settings')).body.ssoEnabled).toBe(false);
    // A settings write answers with the view too, and its audit entry keeps the site's settings.
    expect((await admin.put('/sites/demo/settings', { settings: { linkLimit: 3 } })).body.ssoEnabled).toBe(true);

    const { body } = await signIn_(signSso(secret, user({ id: 'reader-for-routes' })));
    await api.comment(body.token, { body: 'a comment so the lists have something' });
    const texts: string[] = [];
    const fill = (path: string) => path.replace(':site', 'demo').replace(':queue', 'all').replace(/:[a-z]+/gi, '1');
    for (const r of t.app.routes) {
      if (r.method !== 'GET' || r.path.includes('*') || r.path.endsWith('/events')) continue;
      const path = fill(r.path);
      if (path.startsWith('/api/v1/admin/')) {
        texts.push(JSON.stringify((await admin.get(`${path.slice('/api/v1/admin'.length)}?site=demo`)).body));
      } else {
        const res = await t.app.request(`${path}?site=demo&page=/article`, { headers: { authorization: `Bearer ${body.token}` } });
        texts.push(await res.text());
      }
    }
    const demo = await t.app.request('/?sso=1');
    texts.push(await demo.text());
    expect(texts.length).toBeGreaterThan(10);
    for (const text of texts) {
      expect(text).not.toContain(secret);
      expect(text).not.toContain(otherSecret);
    }
  });
});

describe('the demo page', () => {
  it('?sso=1 embeds a value signed for a demo user that signs in, not cached by anyone else', async () => {
    const res = await t.app.request('/?sso=1');
    expect(res.headers.get('cache-control')).toBe('private, no-store');
    const html = await res.text();
    const sso = html.match(/data-site="demo" data-sso="([A-Za-z0-9_-]+\.[A-Za-z0-9_-]+)"/)?.[1];
    expect(sso).toBeDefined();
    const signed = await signIn_(sso!, 'demo', { origin: PUBLIC_URL });
    expect(signed.status).toBe(200);
    expect(signed.body.name).toBe('Demo Reader');
    expect(await (await t.app.request('/')).text()).not.toContain('data-sso');
  });
});
