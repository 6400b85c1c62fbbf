import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/app.ts';
import { createModerator, signIn, type SignedIn } from '../helpers/admin.ts';
import { databaseFingerprint } from '../helpers/db-state.ts';

let t: TestApp;
let admin: SignedIn;
beforeAll(async () => {
  t = await createTestApp();
  await createModerator(t.app, { email: 'admin@parley.test', role: 'admin' });
  admin = await signIn(t.app, 'admin@parley.test');
});
afterAll(() => t.close());

const isErrorShape = (body: unknown) =>
  typeof body === 'object' && body !== null && typeof (body as { error?: { code?: unknown } }).error?.code === 'string';

it('bad input to the admin API is a 4xx with the error shape, never a 5xx, and changes nothing', async () => {
  const before = await databaseFingerprint(t.database);
  const cases: Array<[method: string, path: string, body?: unknown, headers?: Record<string, string>]> = [
    ['POST', '/actions', 'not json'],
    ['POST', '/actions', { action: 'approve', ids: [] }],
    ['POST', '/actions', { action: 'approve', ids: ['abc'] }],
    ['POST', '/actions', { action: 'explode', ids: [1] }],
    ['POST', '/actions', { action: 'approve', ids: [Number.MAX_SAFE_INTEGER + 2] }],
    ['POST', '/actions', { action: 'approve', ids: Array.from({ length: 201 }, (_, i) => i + 1) }],
    ['POST', '/actions', { action: 'approve', ids: [999_999_999] }],
    ['POST', '/comments/0/actions', { action: 'approve' }],
    ['POST', '/comments/1e3/actions', { action: 'approve' }],
    ['POST', '/comments/99999999999999999999/actions', { action: 'approve' }],
    ['GET', '/comments/abc'],
    ['GET', '/readers/123456'],
    ['POST', '/bans', {}],
    ['POST', '/bans', { readerId: 1 }],
    ['POST', '/bans', { commentId: 1, days: 0 }],
    ['POST', '/bans', { commentId: 1, reason: 'a\u0000b' }],
    ['POST', '/bans', { commentId: 424242 }],
    ['POST', '/bans', { commentId: 1, pendingComments: 'delete' }],
    ['DELETE', '/bans/77'],
    ['POST', '/pages/999/lock'],
    ['GET', '/pages?site=nope'],
    ['GET', '/queues/pending?site=Not_A_Slug'],
    ['GET', '/queues/pending?text=%00'],
    ['GET', '/queues/pending?text=' + 'x'.repeat(300)],
    ['GET', '/audit?cursor=' + 'A'.repeat(300)],
    ['GET', '/bans?active=maybe'],
    ['PUT', '/sites/nope/settings', { settings: {} }],
    ['PUT', '/sites/demo/settings', { settings: { rateLimitPerMinute: 'fast' } }],
    ['PUT', '/sites/demo/settings', { allowedOrigins: 'https://a.example' }],
    ['POST', '/moderators', { email: 'x', name: 'X', role: 'admin' }],
    ['POST', '/moderators', { email: 'x@y.test', name: 'X', role: 'owner' }],
    ['POST', '/moderators', { email: 'x@y.test', name: 'X', role: 'moderator', siteIds: [9999] }],
    ['POST', '/moderators', { email: 'x@y.test', name: 'X', role: 'moderator', password: 'short' }],
    ['PATCH', '/moderators/9999', { name: 'Nobody' }],
    ['PUT', '/me/password', { newPassword: 'x'.repeat(201) }],
    ['POST', '/login', { email: 'admin@parley.test' }],
    ['POST', '/login/token', { token: 'short' }],
    ['POST', '/actions', '{"action":"approve","ids":[1]}', { 'content-type': 'text/plain' }],
  ];
  for (const [method, path, body, headers] of cases) {
    const res = await admin.call(method, path, { ...(body !== undefined ? { body } : {}), ...(headers ? { headers } : {}) });
    expect([method, path, res.status >= 400 && res.status < 500, isErrorShape(res.body)]).toEqual([method, path, true, true]);
  }
  expect(await databaseFingerprint(t.database)).toEqual(before);
});
