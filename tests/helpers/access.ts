import type { ParleyApp } from '../../server/app.ts';
import { client } from './app.ts';
import { TEST_PASSWORD, type SignedIn } from './admin.ts';
import { outboxSettled } from './mail.ts';

/**
 * The admin API's routes, one working request each, with who may call it. Shared by the
 * authorization test (admin-authorization.test.ts) and the access table (access-table.test.ts),
 * so a new admin route gets its sample once.
 */
export type AdminKind =
  | 'sign-in' // reachable without a session
  | 'own' // acts on the caller's own account only
  | 'site' // names site "demo" data: another site's moderator gets 403
  | 'admin'; // admins only
export type AdminSample = { kind: AdminKind; path: string; body?: unknown };

export const ADMIN_PREFIX = '/api/v1/admin';

/**
 * Builds one sample per admin route on site "demo". Needs an admin (`admin`), a moderator
 * `demo@parley.test` of "demo" with TEST_PASSWORD, and `otherModeratorId` (a moderator to change);
 * the site should hold comments for review (`moderationMode: 'all'`).
 */
export async function adminSamples(app: ParleyApp, admin: SignedIn, otherModeratorId: number): Promise<Record<string, AdminSample>> {
  const api = client(app);
  const token = await api.reader();
  const comment = (await api.comment(token, { body: 'Held for review' })).body.comment;
  const ban = (await admin.post('/bans', { commentId: comment.id })).body.bans[0];
  const page = (await admin.get('/pages?site=demo')).body.pages[0];
  const readerId = (await admin.get(`/comments/${comment.id}`)).body.comment.readerId;
  await api.post('/api/v1/subscriptions', { site: 'demo', page: '/article', email: 'sub@reader.test' });
  await outboxSettled(app);
  const mail = (await admin.get('/email/outbox')).body.rows[0];
  const importJob = (await admin.post('/imports', { site: 'demo', format: 'wxr', size: 100, dryRun: true })).body;
  return {
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
    'GET /readers': { kind: 'site', path: '/readers?site=demo&q=guest' },
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
    'PATCH /moderators/:id': { kind: 'admin', path: `/moderators/${otherModeratorId}`, body: { role: 'admin' } },
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
}

/** Every `METHOD /path` in the app's route table under `prefix` (middleware's `ALL` left out), sorted. */
export function routeTable(app: ParleyApp, prefix = '/', exclude?: string): string[] {
  const seen = new Set<string>();
  for (const r of app.routes) {
    if (r.method === 'ALL' || !r.path.startsWith(prefix) || (exclude && r.path.startsWith(exclude))) continue;
    seen.add(`${r.method} ${r.path}`);
  }
  return [...seen].sort();
}
