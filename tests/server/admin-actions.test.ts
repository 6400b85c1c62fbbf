import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { client, createTestApp, setSiteSettings, type TestApp } from '../helpers/app.ts';
import { createModerator, signIn, type SignedIn } from '../helpers/admin.ts';

let t: TestApp;
let api: ReturnType<typeof client>;
let admin: SignedIn;
beforeAll(async () => {
  t = await createTestApp({ settings: { moderationMode: 'first', rateLimitPerMinute: 100 } });
  api = client(t.app);
  await createModerator(t.app, { email: 'mod@demo.test', sites: ['demo'] });
  admin = await signIn(t.app, 'mod@demo.test');
});
afterAll(() => t.close());

const thread = async (page: string) => (await api.get(`/api/v1/threads?site=demo&page=${encodeURIComponent(page)}`)).body;
const held = async (page: string, body: string, token?: string) => {
  const res = await api.comment(token ?? (await api.reader()), { page, body });
  expect(res.body.status).toBe('pending');
  return res.body.comment.id as number;
};
const act = (id: number, action: string) => admin.post(`/comments/${id}/actions`, { action });

describe('moderator actions move comments, counts and threads', () => {
  it('a first comment waits in Pending with reason "first comment"; approving shows it in the thread', async () => {
    const id = await held('/first', 'Hello from a new reader');
    const pending = await admin.get('/queues/pending?site=demo');
    const item = pending.body.items.find((i: { comment: { id: number } }) => i.comment.id === id);
    expect(item.comment.reasons).toEqual(['first comment']);
    expect(item.page).toMatchObject({ key: '/first', siteSlug: 'demo' });
    expect(item.author).toMatchObject({ approvedCount: 0, rejectedCount: 0 });

    const before = await admin.get('/queues/counts?site=demo');
    const res = await act(id, 'approve');
    expect(res.status).toBe(200);
    expect(res.body.comments[0]).toMatchObject({ id, status: 'approved' });
    const page = await thread('/first');
    expect(page.page.commentCount).toBe(1);
    expect(page.comments.map((c: { id: number }) => c.id)).toEqual([id]);
    const after = await admin.get('/queues/counts?site=demo');
    expect(after.body.pending).toBe(before.body.pending - 1);
    expect(after.body.approved).toBe(before.body.approved + 1);
  });

  it('an approved reader has earned trust: their next comment skips pre-moderation', async () => {
    const token = await api.reader();
    const id = await held('/trust', 'My first words', token);
    await act(id, 'approve');
    const next = await api.comment(token, { page: '/trust', body: 'My second words' });
    expect(next.body.status).toBe('approved');
    const history = await admin.get(`/comments/${next.body.comment.id}`);
    expect(history.body.author).toMatchObject({ approvedCount: 2, rejectedCount: 0 });
  });

  it('reject and delete take an approved comment out of the thread and the count', async () => {
    const a = await held('/removal', 'Comment A');
    const b = await held('/removal', 'Comment B');
    await admin.post('/actions', { action: 'approve', ids: [a, b] });
    expect((await thread('/removal')).page.commentCount).toBe(2);
    await act(a, 'reject');
    expect((await thread('/removal')).comments.map((c: { id: number }) => c.id)).toEqual([b]);
    await act(b, 'delete');
    const page = await thread('/removal');
    expect(page.page.commentCount).toBe(0);
    expect(page.comments).toHaveLength(0);
    const rejected = await admin.get('/queues/rejected?site=demo');
    expect(rejected.body.items.map((i: { comment: { id: number } }) => i.comment.id)).toContain(a);
  });

  it('deleting a comment with replies leaves a placeholder; restore brings it back', async () => {
    const token = await api.reader();
    const parent = await held('/placeholder', 'Parent', token);
    await act(parent, 'approve');
    const reply = await api.comment(token, { page: '/placeholder', body: 'Reply', parentId: parent });
    expect(reply.body.status).toBe('approved');
    await act(parent, 'delete');
    const page = await thread('/placeholder');
    expect(page.comments.map((c: { id: number; status: string }) => [c.id, c.status])).toEqual([[parent, 'deleted'], [reply.body.comment.id, 'approved']]);
    expect(page.page.commentCount).toBe(1);
    await act(parent, 'restore');
    expect((await thread('/placeholder')).comments[0]).toMatchObject({ id: parent, status: 'approved' });
  });

  it('spam and reject count against the author, and pin puts a comment first', async () => {
    const token = await api.reader();
    const first = await held('/pins', 'Early comment', token);
    await act(first, 'approve');
    const second = await api.comment(token, { page: '/pins', body: 'Later comment' });
    await act(second.body.comment.id, 'pin');
    expect((await thread('/pins')).comments.map((c: { id: number; isPinned: boolean }) => [c.id, c.isPinned])).toEqual([
      [second.body.comment.id, true],
      [first, false],
    ]);
    await act(second.body.comment.id, 'unpin');
    expect((await thread('/pins')).comments[0].id).toBe(first);
    await act(first, 'spam');
    const history = await admin.get(`/readers/${(await admin.get(`/comments/${first}`)).body.comment.readerId}`);
    expect(history.body).toMatchObject({ approvedCount: 1, rejectedCount: 1 });
    expect(history.body.recent[0]).toMatchObject({ id: second.body.comment.id, status: 'approved' });
  });

  it('bulk-approves 50 in one action, one batch, one transaction', async () => {
    const ids = [];
    for (let i = 0; i < 50; i++) ids.push(await held('/bulk', `Bulk comment ${i}`));
    const res = await admin.post('/actions', { action: 'approve', ids });
    expect(res.status).toBe(200);
    expect(res.body.comments).toHaveLength(50);
    expect(new Set(res.body.comments.map((c: { status: string }) => c.status))).toEqual(new Set(['approved']));
    const page = await thread('/bulk');
    expect(page.page.commentCount).toBe(50);
    const audit = await admin.get('/audit?site=demo&limit=60');
    const batch = audit.body.entries.filter((e: { batchId: string }) => e.batchId === res.body.batchId);
    expect(batch).toHaveLength(50);
  });

  it('a bulk action with one comment out of reach changes nothing', async () => {
    const id = await held('/bulk-bad', 'Will stay pending');
    const res = await admin.post('/actions', { action: 'approve', ids: [id, 999_999] });
    expect(res.status).toBe(404);
    expect((await admin.get(`/comments/${id}`)).body.comment.status).toBe('pending');
  });

  it('undo reverts the last action; a bulk action is undone as one batch', async () => {
    const ids = [await held('/undo', 'Undo me 1'), await held('/undo', 'Undo me 2'), await held('/undo', 'Undo me 3')];
    await admin.post('/actions', { action: 'approve', ids });
    expect((await thread('/undo')).page.commentCount).toBe(3);
    await act(ids[0]!, 'spam');
    expect((await thread('/undo')).page.commentCount).toBe(2);

    const first = await admin.post('/undo');
    expect(first.status).toBe(200);
    expect(first.body.undone.map((e: { action: string }) => e.action)).toEqual(['spam']);
    expect((await thread('/undo')).page.commentCount).toBe(3);

    const second = await admin.post('/undo');
    expect(second.body.undone).toHaveLength(3);
    const page = await thread('/undo');
    expect(page.page.commentCount).toBe(0);
    const statuses = await Promise.all(ids.map(async (id) => (await admin.get(`/comments/${id}`)).body.comment.status));
    expect(statuses).toEqual(['pending', 'pending', 'pending']);
  });

  it('undo refuses when the comment changed since, and changes nothing', async () => {
    const other = await createModerator(t.app, { email: 'other@demo.test', sites: ['demo'] });
    expect(other.moderator.id).toBeGreaterThan(0);
    const otherClient = await signIn(t.app, 'other@demo.test');
    const id = await held('/undo-conflict', 'Contested');
    await act(id, 'approve');
    await otherClient.post(`/comments/${id}/actions`, { action: 'reject' });
    const res = await admin.post('/undo');
    expect(res.status).toBe(409);
    expect((await admin.get(`/comments/${id}`)).body.comment.status).toBe('rejected');
  });

  it('the audit log lists every action with before and after', async () => {
    const id = await held('/audited', 'Audit this');
    await act(id, 'approve');
    await act(id, 'pin');
    const entries = (await admin.get('/audit?site=demo&limit=5')).body.entries;
    expect(entries[0]).toMatchObject({
      action: 'pin',
      targetType: 'comment',
      targetId: String(id),
      moderator: { email: 'mod@demo.test' },
      before: { status: 'approved', isPinned: false },
      after: { status: 'approved', isPinned: true },
    });
    expect(entries[1]).toMatchObject({ action: 'approve', before: { status: 'pending' }, after: { status: 'approved' } });
  });

  it('pinning a reply is refused', async () => {
    const token = await api.reader();
    const parent = await held('/pin-reply', 'Top', token);
    await act(parent, 'approve');
    const reply = await api.comment(token, { page: '/pin-reply', body: 'Under it', parentId: parent });
    expect((await act(reply.body.comment.id, 'pin')).status).toBe(422);
  });
});

describe('settings changed by a moderator reach the pipeline at once', () => {
  it('switching the site to mode "none" approves the next new reader directly', async () => {
    const res = await admin.put('/sites/demo/settings', { settings: { moderationMode: 'none' } });
    expect(res.status).toBe(200);
    expect(res.body.settings.moderationMode).toBe('none');
    const created = await api.comment(await api.reader(), { page: '/mode', body: 'Straight in' });
    expect(created.body.status).toBe('approved');
    await setSiteSettings(t.app, 'demo', { moderationMode: 'first' });
  });
});
