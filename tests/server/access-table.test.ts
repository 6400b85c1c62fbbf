import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { linkToken } from '../../server/services/notify/links.ts';
import { subscriptions } from '../../server/store/schema/index.ts';
import { ADMIN_PREFIX, adminSamples, routeTable, type AdminSample } from '../helpers/access.ts';
import { client, createTestApp, PUBLIC_URL, setSiteSettings, type TestApp } from '../helpers/app.ts';
import { createModerator, signIn, TEST_PASSWORD, type SignedIn } from '../helpers/admin.ts';
import { databaseFingerprint } from '../helpers/db-state.ts';

/**
 * Access, as a table: every route of the app's own route table × every kind of caller, each cell
 * with the answer it must get (status and error code), and for public reads whether the browser
 * may read it (CORS). A route without a row fails the first test. Denied cells run first, and
 * the database must be exactly as before them.
 */

const CALLERS = [
  'no credentials',
  'guest reader',
  'another reader',
  'reader of another site',
  'moderator of another site',
  'moderator',
  'admin',
  'no CSRF header',
  'foreign Origin',
] as const;
type Caller = (typeof CALLERS)[number];

/** The news site that embeds "demo", and the one that embeds "other": allowed by "other" only. */
const DEMO_ORIGIN = 'https://news.example';
const FOREIGN_ORIGIN = 'https://other.example';

type Req = { method: string; path: string; body?: unknown; rawBody?: string };
/** `[status, error code]`; a 2xx has no code. `cors`: a browser on the caller's origin may read the answer. */
type Want = { status: number; code?: string; cors?: boolean };
type Row = {
  /** The request, made fresh for each cell that may change something (a comment to delete, …). */
  request: (caller: Caller) => Promise<Req> | Req;
  want: (caller: Caller) => Want;
  /** The cell ends or re-keys its caller's session: give the caller a fresh one first. */
  freshSession?: boolean;
};

let t: TestApp;
let tokens: { owner: string; another: string; otherSite: string };
let sessions: Record<'admin' | 'moderator' | 'otherModerator', SignedIn>;
let rows: Record<string, Row>;

const ok = (status = 200): Want => ({ status });
const no = (status: number, code: string): Want => ({ status, code });

async function signInAll() {
  sessions = {
    admin: await signIn(t.app, 'admin@parley.test'),
    moderator: await signIn(t.app, 'demo@parley.test'),
    otherModerator: await signIn(t.app, 'other@parley.test'),
  };
}

/** The headers a caller sends: public routes from the embedding page, admin routes from the admin page. */
function headersOf(caller: Caller, isAdmin: boolean): Record<string, string> {
  const own = isAdmin ? PUBLIC_URL : DEMO_ORIGIN;
  const bearer = (token: string) => ({ authorization: `Bearer ${token}`, origin: own });
  const session = (s: SignedIn, csrf = true) => ({ cookie: s.session.cookie!, ...(csrf ? { 'x-parley-csrf': s.session.csrf! } : {}), origin: own });
  // The rightful caller: the owning reader on a public route, the admin on an admin route.
  const rightful = (csrf: boolean) => (isAdmin ? session(sessions.admin, csrf) : bearer(tokens.owner));
  switch (caller) {
    case 'no credentials':
      return { origin: own, ...(isAdmin ? { 'x-parley-csrf': 'anything' } : {}) };
    case 'guest reader':
      return { ...bearer(tokens.owner), ...(isAdmin ? { 'x-parley-csrf': 'anything' } : {}) };
    case 'another reader':
      return { ...bearer(tokens.another), ...(isAdmin ? { 'x-parley-csrf': 'anything' } : {}) };
    case 'reader of another site':
      // From the page of its own site, which that site allows.
      return { ...bearer(tokens.otherSite), origin: isAdmin ? own : FOREIGN_ORIGIN, ...(isAdmin ? { 'x-parley-csrf': 'anything' } : {}) };
    case 'moderator of another site':
      return session(sessions.otherModerator);
    case 'moderator':
      return session(sessions.moderator);
    case 'admin':
      return session(sessions.admin);
    case 'no CSRF header':
      return rightful(false);
    case 'foreign Origin':
      return { ...rightful(true), origin: FOREIGN_ORIGIN };
  }
}

async function call(req: Req, headers: Record<string, string>) {
  const body = req.rawBody ?? (req.body === undefined ? undefined : JSON.stringify(req.body));
  const res = await t.app.request(req.path, { method: req.method, headers: { ...headers, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) }, body });
  const type = res.headers.get('content-type') ?? '';
  let code: string | undefined;
  if (type.includes('text/event-stream')) await res.body?.cancel();
  else if (type.includes('application/json') && res.status >= 400) code = ((await res.json()) as { error?: { code?: string } }).error?.code;
  else await res.arrayBuffer();
  return { status: res.status, code, acao: res.headers.get('access-control-allow-origin') };
}

// ---- Expectations by kind of route --------------------------------------------------------------

/** Open to anyone (health, static files, the spec, link pages): the same answer for every caller. */
const open = (status = 200) => (): Want => ok(status);

/** A public read of "demo" data: anyone reads it; only demo's own origins get CORS. */
const publicRead = (status = 200) => (caller: Caller): Want => ({ status, cors: caller !== 'foreign Origin' && caller !== 'reader of another site' });

/** A public read or write that needs a reader token (no cookie stands in for one). */
const readerOnly = (ownerStatus: number, other: Partial<Record<Caller, Want>> = {}) => (caller: Caller): Want => {
  if (other[caller]) return other[caller]!;
  switch (caller) {
    case 'no credentials':
    case 'moderator of another site':
    case 'moderator':
    case 'admin':
      return no(401, 'reader_required');
    case 'foreign Origin':
      return no(403, 'origin_not_allowed');
    case 'reader of another site':
      // Its token, from its own site's page: "demo"'s comments are not found, and its origin may not post to "demo".
      return ownerStatus === 201 ? no(403, 'origin_not_allowed') : no(404, 'comment_not_found');
    default:
      return ok(ownerStatus);
  }
};

/** A public write that needs no reader (make a reader, preview, subscribe): only the origin matters. */
const anyoneFromSiteOrigin = (status: number, other: Partial<Record<Caller, Want>> = {}) => (caller: Caller): Want =>
  other[caller] ?? (caller === 'foreign Origin' || caller === 'reader of another site' ? no(403, 'origin_not_allowed') : ok(status));

/** An admin route: its kind (own, site, admin, sign-in) and its success status. */
const adminRoute = (sample: AdminSample, method: string, status: number, other: Partial<Record<Caller, Want>> = {}) => (caller: Caller): Want => {
  if (other[caller]) return other[caller]!;
  const isChange = method !== 'GET';
  if (caller === 'foreign Origin') return no(403, 'csrf');
  if (caller === 'no CSRF header' && isChange) return no(403, 'csrf');
  if (sample.kind === 'sign-in') return ok(status);
  switch (caller) {
    case 'no credentials':
    case 'guest reader':
    case 'another reader':
    case 'reader of another site':
      return no(401, 'unauthorized');
    case 'moderator of another site':
      return sample.kind === 'own' ? ok(status) : no(403, 'forbidden');
    case 'moderator':
      return sample.kind === 'admin' ? no(403, 'forbidden') : ok(status);
    default:
      return ok(status);
  }
};

beforeAll(async () => {
  // No widget build: the static routes answer the same with or without `npm run build:widget`.
  t = await createTestApp({ settings: { moderationMode: 'all' }, config: { widgetDist: mkdtempSync(join(tmpdir(), 'parley-no-widget-')) } });
  await setSiteSettings(t.app, 'demo', { moderationMode: 'none', editWindowMinutes: 60, rateLimitPerMinute: 10_000, minSecondsToPost: 0 }, [DEMO_ORIGIN]);
  await setSiteSettings(t.app, 'other', {}, [FOREIGN_ORIGIN]);
  await createModerator(t.app, { email: 'admin@parley.test', role: 'admin' });
  await createModerator(t.app, { email: 'demo@parley.test', sites: ['demo'] });
  const otherMod = await createModerator(t.app, { email: 'other@parley.test', sites: ['other'] });
  await signInAll();
  const api = client(t.app);
  tokens = { owner: await api.reader(), another: await api.reader(), otherSite: await api.reader('other') };

  // The admin samples hold a comment for review: with moderation on for their set-up only.
  await setSiteSettings(t.app, 'demo', { moderationMode: 'all' });
  const admin = adminSamples(t.app, sessions.admin, otherMod.moderator.id);
  const adminRows = await admin;
  await setSiteSettings(t.app, 'demo', { moderationMode: 'none' });

  let made = 0;
  const ownComment = async () => {
    const res = await api.comment(tokens.owner, { page: '/access', body: `my comment number ${++made}` });
    if (res.body.comment?.status !== 'approved') throw new Error(`fixture comment: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body.comment.id as number;
  };
  const shared = await ownComment();
  const ownSubscription = async () => {
    const res = await api.post('/api/v1/subscriptions', { site: 'demo', page: '/access', email: `mine${++made}@reader.test` }, { token: tokens.owner });
    if (res.status !== 201) throw new Error(`fixture subscription: ${res.status} ${JSON.stringify(res.body)}`);
    return (res.body as { id: number }).id;
  };
  const sub = await api.post('/api/v1/subscriptions', { site: 'demo', page: '/access', email: 'links@reader.test' });
  expect(sub.status).toBe(201);
  const subId = (await t.app.services.database.db.select().from(subscriptions)).at(-1)!.id;
  const link = (purpose: 'confirm' | 'unsubscribe') => `s=${subId}&t=${linkToken(t.app.services.config.secret, purpose, subId)}`;
  const page = 'site=demo&page=/access';
  const get = (path: string) => () => ({ method: 'GET', path });

  rows = {
    'GET /healthz': { request: get('/healthz'), want: open() },
    'GET /readyz': { request: get('/readyz'), want: open() },
    'GET /metrics': { request: get('/metrics'), want: open() },
    'GET /': { request: get('/'), want: open() },
    'GET /admin': { request: get('/admin'), want: open(503) },
    'GET /admin/': { request: get('/admin/'), want: open(301) },
    'GET /embed.js': { request: get('/embed.js'), want: open(503) },
    'GET /count.js': { request: get('/count.js'), want: open(503) },
    'GET /assets/:file': { request: get('/assets/nothing.js'), want: open(503) },
    'GET /api/v1/openapi.json': { request: get('/api/v1/openapi.json'), want: open() },
    'GET /api/v1/threads': { request: get(`/api/v1/threads?${page}`), want: publicRead() },
    'GET /api/v1/counts': { request: get(`/api/v1/counts?${page}`), want: publicRead() },
    'GET /api/v1/events': { request: get(`/api/v1/events?${page}`), want: publicRead() },
    'GET /api/v1/comments/:id': { request: get(`/api/v1/comments/${shared}`), want: publicRead() },
    'GET /api/v1/comments/:id/replies': { request: get(`/api/v1/comments/${shared}/replies`), want: publicRead() },
    // The viewer's own state: a reader of another site is simply nobody here.
    'GET /api/v1/me': { request: get(`/api/v1/me?${page}`), want: publicRead() },
    'GET /api/v1/subscriptions': {
      request: get(`/api/v1/subscriptions?${page}`),
      want: readerOnly(200, { 'foreign Origin': { status: 200, cors: false }, 'reader of another site': { ...no(401, 'unauthorized'), cors: false } }),
    },
    // The widget's Unsubscribe: only the reader who subscribed, from their site's page.
    'DELETE /api/v1/subscriptions/:id': {
      request: async () => ({ method: 'DELETE', path: `/api/v1/subscriptions/${await ownSubscription()}` }),
      want: readerOnly(204, { 'another reader': no(404, 'not_found'), 'reader of another site': no(404, 'not_found') }),
    },
    'GET /api/v1/subscriptions/confirm': { request: get(`/api/v1/subscriptions/confirm?${link('confirm')}`), want: open() },
    'GET /api/v1/unsubscribe': { request: get(`/api/v1/unsubscribe?${link('unsubscribe')}`), want: open() },
    'POST /api/v1/unsubscribe': { request: () => ({ method: 'POST', path: `/api/v1/unsubscribe?${link('unsubscribe')}` }), want: anyoneFromSiteOrigin(200) },
    'POST /api/v1/readers': { request: () => ({ method: 'POST', path: '/api/v1/readers', body: { site: 'demo' } }), want: anyoneFromSiteOrigin(201) },
    // SSO is off on "demo": nobody signs in that way, and a foreign page is refused first.
    'POST /api/v1/readers/sso': {
      request: () => ({ method: 'POST', path: '/api/v1/readers/sso', body: { site: 'demo', sso: 'eyJpZCI6MX0.c2lnbmF0dXJl' } }),
      want: (caller) => (caller === 'foreign Origin' || caller === 'reader of another site' ? no(403, 'origin_not_allowed') : no(401, 'sso_invalid')),
    },
    'POST /api/v1/preview': { request: () => ({ method: 'POST', path: '/api/v1/preview', body: { site: 'demo', body: 'a *preview*' } }), want: anyoneFromSiteOrigin(200) },
    'POST /api/v1/subscriptions': {
      request: () => ({ method: 'POST', path: '/api/v1/subscriptions', body: { site: 'demo', page: '/access', email: `s${Math.random()}@reader.test` } }),
      want: anyoneFromSiteOrigin(201),
    },
    'POST /api/v1/comments': {
      request: () => ({ method: 'POST', path: '/api/v1/comments', body: { site: 'demo', page: '/access', body: `a comment ${Math.random()}`, author: { name: 'Guest' } } }),
      want: readerOnly(201),
    },
    'PATCH /api/v1/comments/:id': {
      request: async () => ({ method: 'PATCH', path: `/api/v1/comments/${await ownComment()}`, body: { body: `edited ${++made}` } }),
      want: readerOnly(200, { 'another reader': no(403, 'not_owner') }),
    },
    'DELETE /api/v1/comments/:id': {
      request: async () => ({ method: 'DELETE', path: `/api/v1/comments/${await ownComment()}` }),
      want: readerOnly(204, { 'another reader': no(403, 'not_owner') }),
    },
    'PUT /api/v1/comments/:id/vote': {
      request: async () => ({ method: 'PUT', path: `/api/v1/comments/${await ownComment()}/vote`, body: { value: 1 } }),
      want: readerOnly(200),
    },
    'POST /api/v1/comments/:id/flags': {
      request: async () => ({ method: 'POST', path: `/api/v1/comments/${await ownComment()}/flags`, body: { reason: 'spam' } }),
      want: readerOnly(200),
    },
  };

  const status: Record<string, number> = {
    'POST /logout': 204,
    'PUT /me/password': 204,
    'POST /moderators': 201,
    'POST /imports': 201,
    'POST /bans': 201,
    'PUT /imports/:id/file': 202,
  };
  // Who passes the guard but is still told no by the route itself.
  const notYours = no(404, 'not_found');
  const overrides: Record<string, Partial<Record<Caller, Want>>> = {
    // Nobody has this one-time link.
    'POST /login/token': Object.fromEntries(CALLERS.filter((c) => c !== 'no CSRF header' && c !== 'foreign Origin').map((c) => [c, no(401, 'unauthorized')])),
    // The import job is the admin's: anyone else is told it does not exist.
    'GET /imports/:id': { 'moderator of another site': notYours, moderator: notYours },
    'PUT /imports/:id/file': { 'moderator of another site': notYours, moderator: notYours },
    // Nothing of theirs to undo.
    'POST /undo': { 'moderator of another site': no(409, 'conflict') },
    // The mail was sent: there is nothing to retry (the guard let them through).
    'POST /email/outbox/:id/retry': { moderator: no(409, 'conflict'), admin: no(409, 'conflict') },
  };
  for (const [route, sample] of Object.entries(adminRows)) {
    const [method] = route.split(' ') as [string];
    const full = route.replace(' ', ` ${ADMIN_PREFIX}`);
    // The same password again: every cell changes it, and the next sign-in still works.
    if (route === 'PUT /me/password') sample.body = { currentPassword: TEST_PASSWORD, newPassword: TEST_PASSWORD };
    rows[full] = {
      request: () => ({ method, path: `${ADMIN_PREFIX}${sample.path}`, ...(typeof sample.body === 'string' ? { rawBody: sample.body } : sample.body !== undefined ? { body: sample.body } : {}) }),
      want: adminRoute(sample, method, status[route] ?? 200, overrides[route]),
      // Signing in from a browser that holds a session ends that session (a new id every time).
      ...(route === 'POST /logout' || route === 'PUT /me/password' || route === 'POST /login' ? { freshSession: true } : {}),
    };
  }
}, 120_000);
afterAll(() => t.close());

type Cell = { route: string; caller: Caller; want: Want };

function cells(): Cell[] {
  const out: Cell[] = [];
  for (const route of Object.keys(rows).sort()) for (const caller of CALLERS) out.push({ route, caller, want: rows[route]!.want(caller) });
  return out;
}

/** The cell's request, made before it is sent: fixtures it needs are not part of what it changes. */
async function prepare(cell: Cell): Promise<Req> {
  const row = rows[cell.route]!;
  if (row.freshSession && cell.want.status < 400) await signInAll();
  return row.request(cell.caller);
}

async function send(cell: Cell, req: Req): Promise<string | null> {
  const isAdmin = cell.route.includes(`${ADMIN_PREFIX}/`);
  const got = await call(req, headersOf(cell.caller, isAdmin));
  const wantCors = cell.want.cors;
  const problems: string[] = [];
  if (got.status !== cell.want.status || (cell.want.code !== undefined && got.code !== cell.want.code)) {
    problems.push(`got ${got.status} ${got.code ?? ''}, want ${cell.want.status} ${cell.want.code ?? ''}`);
  }
  if (wantCors !== undefined && (got.acao !== null) !== wantCors) problems.push(`CORS ${got.acao ?? 'none'}, want ${wantCors ? 'granted' : 'none'}`);
  return problems.length ? `${cell.route} × ${cell.caller}: ${problems.join('; ')}` : null;
}

describe('access, as a table: every route × every kind of caller', () => {
  it('every route in the app has a row, and every row is a route', () => {
    expect(routeTable(t.app)).toEqual(Object.keys(rows).sort());
  });

  it('every cell gets its answer; the refusals change nothing', async () => {
    const all = cells();
    const refused = all.filter((c) => c.want.status >= 400);
    const allowed = all.filter((c) => c.want.status < 400 && !rows[c.route]!.freshSession);
    const sessionEnders = all.filter((c) => c.want.status < 400 && rows[c.route]!.freshSession);
    const problems: string[] = [];
    const prepared: Array<[Cell, Req]> = [];
    for (const cell of refused) prepared.push([cell, await prepare(cell)]);
    const before = await databaseFingerprint(t.database);
    for (const [cell, req] of prepared) {
      const p = await send(cell, req);
      if (p) problems.push(p);
    }
    const after = await databaseFingerprint(t.database);
    const changed = Object.keys(before).filter((k) => before[k] !== after[k]);
    for (const cell of [...allowed, ...sessionEnders]) {
      const p = await send(cell, await prepare(cell));
      if (p) problems.push(p);
    }
    expect(problems).toEqual([]);
    expect(changed).toEqual([]);
    console.info(`access table: ${Object.keys(rows).length} routes × ${CALLERS.length} callers = ${all.length} cells (${refused.length} refused, ${all.length - refused.length} allowed)`);
  }, 120_000);
});

describe('a site\'s allowed origins', () => {
  it('only an admin may change them; a moderator of the site may save them unchanged with other settings', async () => {
    const settings = async () => (await sessions.admin.get('/sites/demo/settings')).body.site.allowedOrigins;
    const before = await settings();
    const widened = await sessions.moderator.put('/sites/demo/settings', { allowedOrigins: [...before, 'https://evil.example'] });
    expect([widened.status, widened.body.error.code, widened.body.error.field]).toEqual([403, 'forbidden', 'allowedOrigins']);
    expect(await settings()).toEqual(before);
    expect((await sessions.moderator.put('/sites/demo/settings', { allowedOrigins: before, settings: { maxDepth: 4 } })).status).toBe(200);
    expect((await sessions.admin.put('/sites/demo/settings', { allowedOrigins: [...before, 'https://second.example'] })).status).toBe(200);
    expect(await settings()).toEqual([...before, 'https://second.example']);
  });
});
