import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rowsOf } from '../../server/store/comments.ts';
import { IDEMPOTENCY_RETENTION_MS } from '../../server/services/comments/idempotency.ts';
import { client, createTestApp, type TestApp } from '../helpers/app.ts';
import { bulkSettings, countRows, errorShape } from '../helpers/rows.ts';

let t: TestApp;
let api: ReturnType<typeof client>;

beforeAll(async () => {
  t = await createTestApp({ settings: bulkSettings });
  api = client(t.app);
});
afterAll(() => t?.close());

const post = (token: string, key: string | undefined, body = 'Exactly once', page = '/idempotent') =>
  api.call('POST', '/api/v1/comments', {
    token,
    ...(key ? { headers: { 'idempotency-key': key } } : {}),
    body: { site: 'demo', page, body, author: { name: 'Once' } },
  });

async function keyRows(): Promise<number> {
  return rowsOf<{ n: number }>(await t.app.services.database.db.execute(sql`select count(*)::int as n from idempotency_keys`))[0]!.n;
}

describe('Idempotency-Key on the reader writes', () => {
  it('a retried POST /comments with the same key gets the first answer again and stores one comment', async () => {
    const token = await api.reader();
    const before = await countRows(t.app);
    const first = await post(token, 'post-1');
    expect(first.status).toBe(201);
    const again = await post(token, 'post-1');
    expect(again.status).toBe(201);
    expect(again.body).toEqual(first.body);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(first.headers.get('idempotent-replayed')).toBeNull();
    expect((await countRows(t.app)).comments).toBe(before.comments + 1);
  });

  it('a double click (two copies at once) stores one comment, and both copies end with that comment', async () => {
    const token = await api.reader();
    const before = await countRows(t.app);
    const answers = await Promise.all([post(token, 'double', 'Double click'), post(token, 'double', 'Double click')]);
    // One runs; the other either replays it or is told to retry shortly (409 idempotency_in_progress).
    for (const answer of answers) expect([201, 409]).toContain(answer.status);
    const busy = answers.find((a) => a.status === 409);
    if (busy) {
      expect(busy.body).toEqual(errorShape('idempotency_in_progress'));
      expect(busy.headers.get('retry-after')).toBe('1');
      const retried = await post(token, 'double', 'Double click');
      expect(retried.status).toBe(201);
    }
    const ids = new Set((await Promise.all([post(token, 'double', 'Double click')])).map((a) => a.body.comment.id));
    expect(ids.size).toBe(1);
    expect((await countRows(t.app)).comments).toBe(before.comments + 1);
  });

  it('the same key from another reader is another key', async () => {
    const [a, b] = [await api.reader(), await api.reader()];
    const before = await countRows(t.app);
    const fromA = await post(a, 'shared-key', 'from a');
    const fromB = await post(b, 'shared-key', 'from b');
    expect([fromA.status, fromB.status]).toEqual([201, 201]);
    expect(fromB.body.comment.id).not.toBe(fromA.body.comment.id);
    expect((await countRows(t.app)).comments).toBe(before.comments + 2);
  });

  it('a key reused for a different request is refused with 422 and changes nothing', async () => {
    const token = await api.reader();
    expect((await post(token, 'reused', 'first body')).status).toBe(201);
    const before = await countRows(t.app);
    const other = await post(token, 'reused', 'another body');
    expect(other.status).toBe(422);
    expect(other.body).toEqual(errorShape('idempotency_key_reused'));
    expect(await countRows(t.app)).toEqual(before);
  });

  it('a malformed key is a 422 naming the header, and nothing is stored', async () => {
    const token = await api.reader();
    const before = await countRows(t.app);
    for (const key of ['x'.repeat(201), 'has space', 'tab\tkey']) {
      const res = await post(token, key);
      expect(res.status).toBe(422);
      expect(res.body.error).toMatchObject({ code: 'validation', field: 'Idempotency-Key' });
    }
    expect(await countRows(t.app)).toEqual(before);
  });

  it('a refused first request frees its key: the corrected retry runs', async () => {
    const token = await api.reader();
    const refused = await api.call('POST', '/api/v1/comments', {
      token,
      headers: { 'idempotency-key': 'refused' },
      body: { site: 'demo', page: '/idempotent', parentId: 999_999, body: 'reply to nothing', author: { name: 'Once' } },
    });
    expect(refused.status).toBe(404);
    const retry = await api.call('POST', '/api/v1/comments', {
      token,
      headers: { 'idempotency-key': 'refused' },
      body: { site: 'demo', page: '/idempotent', parentId: 999_999, body: 'reply to nothing', author: { name: 'Once' } },
    });
    expect(retry.status).toBe(404);
    expect(retry.headers.get('idempotent-replayed')).toBeNull();
  });

  it('vote, flag and edit replay their first answer too: a retried downvote after an upvote changes nothing', async () => {
    const author = await api.reader();
    const voter = await api.reader();
    const id = (await post(author, undefined, 'to vote on')).body.comment.id as number;
    const vote = (value: number, key: string) => api.put(`/api/v1/comments/${id}/vote`, { value }, { token: voter, headers: { 'idempotency-key': key } });
    expect((await vote(1, 'v1')).body).toMatchObject({ score: 1 });
    expect((await vote(-1, 'v2')).body).toMatchObject({ score: -1 });
    const replay = await vote(1, 'v1');
    expect(replay.headers.get('idempotent-replayed')).toBe('true');
    const me = await api.get(`/api/v1/threads?site=demo&page=/idempotent&sort=newest`);
    expect(me.body.comments.find((c: { id: number }) => c.id === id)).toMatchObject({ score: -1 });

    const flag = () => api.post(`/api/v1/comments/${id}/flags`, { reason: 'spam' }, { token: voter, headers: { 'idempotency-key': 'f1' } });
    const flagged = await flag();
    expect(flagged.status).toBe(200);
    expect((await flag()).body).toEqual(flagged.body);

    const edit = () => api.patch(`/api/v1/comments/${id}`, { body: 'edited once' }, { token: author, headers: { 'idempotency-key': 'e1' } });
    const edited = await edit();
    expect(edited.status).toBe(200);
    const editedAgain = await edit();
    expect(editedAgain.body).toEqual(edited.body);
    expect(editedAgain.headers.get('idempotent-replayed')).toBe('true');
  });

  it('keys are kept for a bounded time: after retention the key is free and old rows are swept', async () => {
    const token = await api.reader();
    expect((await post(token, 'old-key', 'kept a day')).status).toBe(201);
    const kept = await keyRows();
    expect(kept).toBeGreaterThan(0);
    t.clock.advance(IDEMPOTENCY_RETENTION_MS + 60_000);
    const fresh = await post(token, 'old-key', 'a new request');
    expect(fresh.status).toBe(201);
    expect(fresh.headers.get('idempotent-replayed')).toBeNull();
    // Everything older than retention was swept on the way: only this request's key is left.
    expect(await keyRows()).toBe(1);
  });
});
