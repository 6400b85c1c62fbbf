import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { linkToken } from '../../server/services/notify/links.ts';
import { comments, pages, subscriptions } from '../../server/store/schema/index.ts';
import { client, createTestApp, PUBLIC_URL, type TestApp } from '../helpers/app.ts';
import { createModerator, signIn, TEST_PASSWORD, type SignedIn } from '../helpers/admin.ts';
import { counterMismatches } from '../helpers/counters.ts';
import { answerProblem, changedTables, rowCounts, send, variants, type Answer, type RouteSample, type RowCounts, type Sent } from '../helpers/fuzz.ts';
import { unsafeHtml } from '../helpers/naughty.ts';
import { bulkSettings } from '../helpers/rows.ts';

/**
 * Naughty strings (and numbers, arrays, objects) in every field of every route: JSON bodies, query
 * strings, path params and headers. Never a 5xx; every 4xx in the one error shape with nothing
 * written; every 2xx stores what was sent and renders it safely. Routes come from `app.routes`, so
 * a route added without a sample here fails the first test of its group.
 */

let t: TestApp;
let n = 0;
const unique = () => `${++n}`;

type Check = (sent: Sent, answer: Answer, before: RowCounts, after: RowCounts) => Promise<string | null> | string | null;

/** Sends every variant of a sample and returns every problem found, labelled, so one run shows them all. */
async function fuzz(sample: RouteSample, onSuccess: Check = () => null, after2xx?: (sent: Sent, answer: Answer) => Promise<void>): Promise<string[]> {
  const problems: string[] = [];
  for (const sent of variants(sample)) {
    const before = await rowCounts(t.app);
    const answer = await send(t.app, sent);
    const after = await rowCounts(t.app);
    const problem =
      answerProblem(answer) ??
      (answer.status >= 400
        ? changedTables(before, after).length > 0
          ? `a ${answer.status} wrote rows: ${changedTables(before, after).join(', ')}`
          : null
        : await onSuccess(sent, answer, before, after));
    if (problem) problems.push(`${sample.route} — ${sent.label}: ${problem}`);
    if (answer.status < 400) await after2xx?.(sent, answer);
  }
  return problems;
}

const routesUnder = (prefix: string, exclude?: string) => {
  const seen = new Set<string>();
  for (const r of t.app.routes) {
    if (!r.path.startsWith(prefix) || (exclude && r.path.startsWith(exclude)) || r.method === 'ALL') continue;
    seen.add(`${r.method} ${r.path}`);
  }
  return [...seen].sort();
};

/** Only these tables may change on a 2xx, and by these amounts (a range for "0 or 1"). */
function expectDelta(before: RowCounts, after: RowCounts, allowed: Record<string, [number, number]>): string | null {
  const wrong = Object.keys(before).filter((k) => {
    const [lo, hi] = allowed[k] ?? [0, 0];
    const d = after[k]! - before[k]!;
    return d < lo || d > hi;
  });
  return wrong.length ? `a 2xx changed rows unexpectedly: ${changedTables(before, after).join(', ') || wrong.join(', ')}` : null;
}

async function storedCommentProblem(id: number, sentBody: string): Promise<string | null> {
  const [row] = await t.app.services.database.db.select().from(comments).where(eq(comments.id, id));
  if (!row) return `comment ${id} answered but not stored`;
  if (row.bodyMd !== sentBody.trim()) return `body_md does not round-trip: sent ${JSON.stringify(sentBody.slice(0, 80))}, stored ${JSON.stringify(row.bodyMd.slice(0, 80))}`;
  const unsafe = unsafeHtml(row.bodyHtml);
  return unsafe ? `stored body_html has ${unsafe}: ${row.bodyHtml.slice(0, 200)}` : null;
}

describe('hostile input to the public API', () => {
  let token: string;
  let own: number;
  let other: number;
  let doomed: number;
  let cursor: string;
  const samples: Record<string, RouteSample> = {};

  beforeAll(async () => {
    t = await createTestApp({ settings: { ...bulkSettings, linkLimit: 100 } });
    const api = client(t.app);
    token = await api.reader();
    const otherToken = await api.reader();
    own = (await api.comment(token, { page: '/hostile', body: 'mine to edit' })).body.comment.id;
    doomed = (await api.comment(token, { page: '/hostile', body: 'mine to delete' })).body.comment.id;
    other = (await api.comment(otherToken, { page: '/hostile', body: 'someone else' })).body.comment.id;
    await api.comment(otherToken, { page: '/hostile', body: 'a reply', parentId: other });
    cursor = (await api.get('/api/v1/threads?site=demo&page=/hostile&limit=1')).body.nextCursor;
    const reader = () => ({ authorization: `Bearer ${token}` });
    const sub = (await api.post('/api/v1/subscriptions', { site: 'demo', page: '/hostile', email: 'linked@example.com' })).body;
    expect(sub.state).toBe('confirmation_sent');
    const subId = (await t.app.services.database.db.select().from(subscriptions))[0]!.id;
    const link = (purpose: 'confirm' | 'unsubscribe') => ({ s: String(subId), t: linkToken(t.app.services.config.secret, purpose, subId) });
    // The reader's own subscription, for the widget's Unsubscribe (DELETE /subscriptions/:id).
    const ownSub = (await api.post('/api/v1/subscriptions', { site: 'demo', page: '/hostile', email: 'own@example.com', kind: 'replies' }, { token })).body.id as number;
    const none = () => ({});
    const page = { site: 'demo', page: '/hostile' };
    const writeHeaders = ['authorization', 'origin', 'content-type'];
    const readHeaders = ['authorization', 'origin', 'if-none-match'];
    const list: RouteSample[] = [
      { route: 'POST /api/v1/readers', body: () => ({ site: 'demo' }), headers: none, fuzzHeaders: ['origin', 'content-type'] },
      {
        route: 'POST /api/v1/comments',
        body: () => ({
          site: 'demo',
          page: '/hostile',
          url: 'https://news.example/hostile',
          title: 'A hostile page',
          // No parentId: feedback on a passage starts a thread (replies are fuzzed in validation tests).
          body: `a fuzzed comment ${unique()}`,
          author: { name: 'Fuzz', email: 'fuzz@example.com' },
          anchor: { exact: 'a passage', prefix: 'before ', suffix: ' after', start: 7, end: 16, page: '/hostile' },
          honeypot: '',
          renderedAt: 0,
          elapsedMs: 60_000,
        }),
        headers: reader,
        fuzzHeaders: writeHeaders,
      },
      { route: 'PATCH /api/v1/comments/:id', params: { id: String(own) }, body: () => ({ body: `edited ${unique()}` }), headers: reader, fuzzHeaders: writeHeaders },
      { route: 'DELETE /api/v1/comments/:id', params: { id: String(doomed) }, headers: reader, fuzzHeaders: ['authorization', 'origin'] },
      { route: 'PUT /api/v1/comments/:id/vote', params: { id: String(other) }, body: () => ({ value: 1 }), headers: reader, fuzzHeaders: writeHeaders },
      { route: 'POST /api/v1/comments/:id/flags', params: { id: String(other) }, body: () => ({ reason: 'spam', note: 'a note' }), headers: reader, fuzzHeaders: writeHeaders },
      { route: 'POST /api/v1/readers/sso', body: () => ({ site: 'demo', sso: 'eyJpZCI6MX0.c2lnbmF0dXJl' }), headers: none, fuzzHeaders: ['origin', 'content-type'] },
      { route: 'POST /api/v1/preview', body: () => ({ site: 'demo', body: 'a *preview*' }), headers: none, fuzzHeaders: ['origin', 'content-type'] },
      { route: 'GET /api/v1/threads', query: { ...page, sort: 'newest', cursor, limit: '5' }, headers: none, fuzzHeaders: readHeaders },
      { route: 'GET /api/v1/comments/:id/replies', params: { id: String(other) }, query: { cursor: '', limit: '5' }, headers: none, fuzzHeaders: readHeaders },
      { route: 'GET /api/v1/comments/:id', params: { id: String(other) }, headers: none, fuzzHeaders: readHeaders },
      { route: 'GET /api/v1/counts', query: page, headers: none, fuzzHeaders: readHeaders },
      { route: 'GET /api/v1/me', query: page, headers: reader, fuzzHeaders: readHeaders },
      { route: 'GET /api/v1/events', query: page, headers: none, fuzzHeaders: readHeaders },
      { route: 'GET /api/v1/openapi.json', headers: none, fuzzHeaders: readHeaders },
      {
        route: 'POST /api/v1/subscriptions',
        body: () => ({ site: 'demo', page: '/hostile', url: 'https://news.example/hostile', title: 'A hostile page', email: `fuzz${unique()}@example.com`, commentId: other }),
        headers: none,
        fuzzHeaders: writeHeaders,
      },
      { route: 'GET /api/v1/subscriptions', query: page, headers: reader, fuzzHeaders: readHeaders },
      { route: 'DELETE /api/v1/subscriptions/:id', params: { id: String(ownSub) }, headers: reader, fuzzHeaders: ['authorization', 'origin'] },
      { route: 'GET /api/v1/subscriptions/confirm', query: link('confirm'), headers: none, fuzzHeaders: readHeaders },
      { route: 'GET /api/v1/unsubscribe', query: link('unsubscribe'), headers: none, fuzzHeaders: readHeaders },
      { route: 'POST /api/v1/unsubscribe', query: link('unsubscribe'), headers: none, fuzzHeaders: ['origin'] },
    ];
    for (const s of list) samples[s.route] = s;
  });
  afterAll(() => t.close());

  it('every public route has a sample', () => {
    expect(routesUnder('/api/v1/', '/api/v1/admin')).toEqual(Object.keys(samples).sort());
  });

  it('POST /comments: a 2xx stores the body as sent, renders it safely and writes one comment', async () => {
    const problems = await fuzz(samples['POST /api/v1/comments']!, async (sent, answer, before, after) => {
      const body = sent.body as { body: string; page: string };
      return (
        expectDelta(before, after, { comments: [1, 1], pages: [0, 1] }) ??
        unsafeHtml(answer.body.comment.bodyHtml) ??
        (await storedCommentProblem(answer.body.comment.id, body.body)) ??
        ((await t.app.services.database.db.select().from(pages).where(eq(pages.key, body.page))).length === 1 ? null : `page ${JSON.stringify(body.page)} not stored as sent`)
      );
    });
    expect(problems).toEqual([]);
  }, 180_000);

  it('PATCH /comments/:id: a 2xx stores the edit as sent and writes no row', async () => {
    const problems = await fuzz(samples['PATCH /api/v1/comments/:id']!, async (sent, answer, before, after) =>
      expectDelta(before, after, {}) ?? unsafeHtml(answer.body.comment.bodyHtml) ?? (await storedCommentProblem(answer.body.comment.id, (sent.body as { body: string }).body)),
    );
    expect(problems).toEqual([]);
  });

  it('POST /preview: a 2xx renders safely and stores nothing', async () => {
    const problems = await fuzz(samples['POST /api/v1/preview']!, (_sent, answer, before, after) => expectDelta(before, after, {}) ?? unsafeHtml(answer.body.html));
    expect(problems).toEqual([]);
  });

  it('the other writes: never a 5xx, a 4xx writes nothing, a 2xx writes only its own rows', async () => {
    const allowed: Record<string, Record<string, [number, number]>> = {
      'POST /api/v1/readers': { readers: [1, 1] },
      'DELETE /api/v1/comments/:id': {},
      'PUT /api/v1/comments/:id/vote': { votes: [-1, 1] },
      // A second flag by the same reader is answered 200 and changes nothing.
      'POST /api/v1/comments/:id/flags': { flags: [0, 1] },
      // Without SSO enabled on the site every attempt is a 401; with it, one reader is made or found.
      'POST /api/v1/readers/sso': { readers: [0, 1] },
      // One subscription per address and target, and at most one confirmation mail with it.
      'POST /api/v1/subscriptions': { subscriptions: [0, 1], outbox: [0, 1], pages: [0, 1] },
      'POST /api/v1/unsubscribe': {},
      // Ending a subscription sets a date on its row: no row comes or goes.
      'DELETE /api/v1/subscriptions/:id': {},
    };
    const problems: string[] = [];
    for (const [route, delta] of Object.entries(allowed)) {
      problems.push(...(await fuzz(samples[route]!, (_s, _a, before, after) => expectDelta(before, after, delta))));
    }
    expect(problems).toEqual([]);
  });

  it('the reads: never a 5xx, always the error shape, never a write', async () => {
    const problems: string[] = [];
    for (const route of Object.keys(samples).filter((r) => r.startsWith('GET '))) {
      problems.push(...(await fuzz(samples[route]!, (_s, _a, before, after) => expectDelta(before, after, {}))));
    }
    expect(problems).toEqual([]);
  });

  it('afterwards every counter matches its rows and no prototype was polluted', async () => {
    expect(await counterMismatches(t.database)).toEqual([]);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(({} as Record<string, unknown>).isAdmin).toBeUndefined();
  });
});

const P = '/api/v1/admin';
const ADMIN_ROUTES = [
  'POST /login', 'POST /login/token', 'POST /logout', 'GET /me', 'PUT /me/password',
  'GET /queues/counts', 'GET /queues/:queue', 'GET /comments/:id', 'POST /comments/:id/actions', 'POST /actions', 'POST /undo',
  'GET /readers', 'GET /readers/:id', 'GET /bans', 'POST /bans', 'DELETE /bans/:id', 'GET /pages', 'POST /pages/:id/lock', 'POST /pages/:id/unlock',
  'GET /sites', 'GET /sites/:site/settings', 'PUT /sites/:site/settings', 'GET /moderators', 'POST /moderators', 'PATCH /moderators/:id',
  'GET /audit', 'GET /events',
  'GET /email', 'POST /email/test', 'GET /email/outbox', 'POST /email/outbox/:id/retry', 'GET /email/subscriptions',
  'POST /imports', 'PUT /imports/:id/file', 'GET /imports/:id', 'GET /export', 'POST /pages/remap', 'GET /reader-data', 'POST /reader-data/erase',
].map((r) => r.replace(' ', ` ${P}`));

describe('hostile input to the admin API, signed in, with the CSRF header', () => {
  let admin: SignedIn;
  let password = TEST_PASSWORD;
  const samples: Record<string, RouteSample> = {};

  beforeAll(async () => {
    t = await createTestApp({ settings: { ...bulkSettings, moderationMode: 'all' } });
    await createModerator(t.app, { email: 'admin@parley.test', role: 'admin' });
    const target = await createModerator(t.app, { email: 'target@parley.test', sites: ['demo'] });
    admin = await signIn(t.app, 'admin@parley.test');
    const api = client(t.app);
    const token = await api.reader();
    const held = (await api.comment(token, { page: '/admin-hostile', body: 'held for review' })).body.comment.id as number;
    const second = (await api.comment(token, { page: '/admin-hostile', body: 'held as well' })).body.comment.id as number;
    const ban = (await admin.post('/bans', { commentId: held })).body.bans[0].id as number;
    await api.post('/api/v1/subscriptions', { site: 'demo', page: '/admin-hostile', email: 'sub@example.com' });
    const mailId = (await admin.get('/email/outbox')).body.rows[0].id as number;
    const importId = (await admin.post('/imports', { site: 'demo', format: 'wxr', size: 64, dryRun: true })).body.id as string;
    const page = (await admin.get('/pages?site=demo')).body.pages[0];
    const readerId = (await admin.get(`/comments/${held}`)).body.comment.readerId as number;
    const session = () => ({ cookie: admin.session.cookie!, 'x-parley-csrf': admin.session.csrf!, origin: PUBLIC_URL });
    const signInHeaders = () => ({ 'x-parley-csrf': 'login', origin: PUBLIC_URL });
    const headers = ['origin', 'content-type', 'authorization', 'cookie', 'x-parley-csrf'];
    const list: RouteSample[] = [
      { route: `POST ${P}/login`, body: () => ({ email: 'nobody@parley.test', password: 'not the password' }), headers: signInHeaders, fuzzHeaders: ['origin', 'content-type', 'x-parley-csrf'] },
      { route: `POST ${P}/login/token`, body: () => ({ token: 'x'.repeat(43) }), headers: signInHeaders, fuzzHeaders: ['origin', 'content-type', 'x-parley-csrf'] },
      { route: `POST ${P}/logout`, headers: session, fuzzHeaders: ['origin', 'cookie', 'x-parley-csrf'] },
      { route: `GET ${P}/me`, headers: session, fuzzHeaders: headers },
      { route: `PUT ${P}/me/password`, body: () => ({ currentPassword: password, newPassword: `a new password ${unique()}` }), headers: session, fuzzHeaders: headers },
      { route: `GET ${P}/queues/counts`, query: { site: 'demo' }, headers: session, fuzzHeaders: headers },
      {
        route: `GET ${P}/queues/:queue`,
        params: { queue: 'pending' },
        query: { site: 'demo', pageId: String(page.id), text: 'held', readerId: String(readerId), cursor: '', limit: '5' },
        headers: session,
        fuzzHeaders: headers,
      },
      { route: `GET ${P}/comments/:id`, params: { id: String(held) }, headers: session, fuzzHeaders: headers },
      { route: `POST ${P}/comments/:id/actions`, params: { id: String(held) }, body: () => ({ action: 'approve' }), headers: session, fuzzHeaders: headers },
      { route: `POST ${P}/actions`, body: () => ({ action: 'pin', ids: [second] }), headers: session, fuzzHeaders: headers },
      { route: `POST ${P}/undo`, headers: session, fuzzHeaders: headers },
      { route: `GET ${P}/readers`, query: { site: 'demo', q: 'guest', cursor: '', limit: '5' }, headers: session, fuzzHeaders: headers },
      { route: `GET ${P}/readers/:id`, params: { id: String(readerId) }, headers: session, fuzzHeaders: headers },
      { route: `GET ${P}/bans`, query: { site: 'demo', active: 'true', cursor: '', limit: '5' }, headers: session, fuzzHeaders: headers },
      {
        route: `POST ${P}/bans`,
        body: () => ({ commentId: second, readerId, site: 'demo', email: false, ip: false, reason: 'fuzz', days: 1 }),
        headers: session,
        fuzzHeaders: headers,
      },
      { route: `DELETE ${P}/bans/:id`, params: { id: String(ban) }, headers: session, fuzzHeaders: headers },
      { route: `GET ${P}/pages`, query: { site: 'demo', text: 'hostile', cursor: '', limit: '5' }, headers: session, fuzzHeaders: headers },
      { route: `POST ${P}/pages/:id/lock`, params: { id: String(page.id) }, headers: session, fuzzHeaders: headers },
      { route: `POST ${P}/pages/:id/unlock`, params: { id: String(page.id) }, headers: session, fuzzHeaders: headers },
      { route: `GET ${P}/sites`, headers: session, fuzzHeaders: headers },
      { route: `GET ${P}/sites/:site/settings`, params: { site: 'demo' }, headers: session, fuzzHeaders: headers },
      {
        route: `PUT ${P}/sites/:site/settings`,
        params: { site: 'demo' },
        body: () => ({
          name: 'Demo',
          allowedOrigins: ['https://news.example'],
          settings: {
            moderationMode: 'all',
            editWindowMinutes: 15,
            maxDepth: 5,
            maxBodyLength: 5000,
            maxNameLength: 50,
            requireEmail: false,
            linkLimit: 2,
            flagThreshold: 3,
            closeAfterDays: 0,
            bannedWords: ['spamword'],
            suspectWords: ['deal'],
            trustThreshold: 1,
            rateLimitPerMinute: 10_000,
            minSecondsToPost: 0,
            banAction: 'reject',
          },
        }),
        headers: session,
        fuzzHeaders: headers,
      },
      { route: `GET ${P}/moderators`, headers: session, fuzzHeaders: headers },
      {
        route: `POST ${P}/moderators`,
        body: () => ({ email: `new${unique()}@parley.test`, name: 'New', role: 'moderator', siteIds: [1], password: 'a long enough password' }),
        headers: session,
        fuzzHeaders: headers,
      },
      {
        route: `PATCH ${P}/moderators/:id`,
        params: { id: String(target.moderator.id) },
        body: () => ({ name: 'Target', role: 'moderator', siteIds: [1], isDisabled: false, password: 'a long enough password' }),
        headers: session,
        fuzzHeaders: headers,
      },
      { route: `GET ${P}/audit`, query: { site: 'demo', moderatorId: '1', cursor: '', limit: '5' }, headers: session, fuzzHeaders: headers },
      { route: `GET ${P}/events`, query: { site: 'demo' }, headers: session, fuzzHeaders: headers },
      { route: `GET ${P}/email`, headers: session, fuzzHeaders: headers },
      { route: `POST ${P}/email/test`, body: () => ({ to: 'test@example.com' }), headers: session, fuzzHeaders: headers },
      { route: `GET ${P}/email/outbox`, query: { status: 'failed', before: '1000', limit: '5' }, headers: session, fuzzHeaders: headers },
      { route: `POST ${P}/email/outbox/:id/retry`, params: { id: String(mailId) }, headers: session, fuzzHeaders: headers },
      { route: `GET ${P}/email/subscriptions`, query: { site: 'demo', page: '/admin-hostile' }, headers: session, fuzzHeaders: headers },
      { route: `POST ${P}/imports`, body: () => ({ site: 'demo', format: 'wxr', size: 64, dryRun: true }), headers: session, fuzzHeaders: headers },
      { route: `PUT ${P}/imports/:id/file`, params: { id: importId }, body: () => ({ rss: 'not a WXR file' }), headers: session, fuzzHeaders: headers },
      { route: `GET ${P}/imports/:id`, params: { id: importId }, headers: session, fuzzHeaders: headers },
      { route: `GET ${P}/export`, query: { site: 'demo' }, headers: session, fuzzHeaders: headers },
      { route: `POST ${P}/pages/remap`, body: () => ({ site: 'demo', pairs: [{ from: '/nowhere', to: '/elsewhere' }] }), headers: session, fuzzHeaders: headers },
      { route: `GET ${P}/reader-data`, query: { site: 'demo', email: 'nobody@example.com' }, headers: session, fuzzHeaders: headers },
      { route: `POST ${P}/reader-data/erase`, body: () => ({ site: 'demo', email: 'nobody@example.com' }), headers: session, fuzzHeaders: headers },
    ];
    for (const s of list) samples[s.route] = s;
  });
  afterAll(() => t.close());

  it('every admin route has a sample', () => {
    expect(routesUnder('/api/v1/admin/')).toEqual([...ADMIN_ROUTES].sort());
    expect(Object.keys(samples).sort()).toEqual([...ADMIN_ROUTES].sort());
  });

  // Listed here so each route is its own test; the first test checks the list against app.routes.
  for (const route of ADMIN_ROUTES) {
    it(`${route}: never a 5xx, a 4xx in the error shape writes nothing, answered HTML stays safe`, async () => {
      const sample = samples[route]!;
      const problems = await fuzz(sample, undefined, async (sent, answer) => {
        // A 2xx that ends or re-keys the session: sign in again so the next variant is signed in.
        if (route.endsWith('/logout') || route.endsWith('/me/password')) {
          if (route.endsWith('/me/password')) password = (sent.body as { newPassword: string }).newPassword;
          admin = await signIn(t.app, 'admin@parley.test', password);
        }
        // An import's report also has a `comments` field: a tally, not a list.
        const listed: unknown = answer.body?.comments;
        for (const c of (Array.isArray(listed) ? listed : []) as Array<{ bodyHtml: string }>) {
          const unsafe = unsafeHtml(c.bodyHtml);
          if (unsafe) problems.push(`${route} — ${sent.label}: bodyHtml has ${unsafe}`);
        }
      });
      expect(problems).toEqual([]);
    }, 180_000);
  }

  it('afterwards every counter matches its rows', async () => {
    expect(await counterMismatches(t.database)).toEqual([]);
  });
});
