import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp, type ParleyApp } from '../../server/app.ts';
import { ensureDemoSite } from '../../server/services/sites/bootstrap.ts';
import { client, PUBLIC_URL, TestClock } from '../helpers/app.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/database.ts';

let database: TestDatabase;
let first: ParleyApp;
let second: ParleyApp;

beforeAll(async () => {
  database = await createTestDatabase();
  const clock = new TestClock();
  first = createApp({ database, clock, config: { publicUrl: PUBLIC_URL } });
  second = createApp({ database, clock, config: { publicUrl: PUBLIC_URL } });
  await Promise.all([first.ready, second.ready]);
  await ensureDemoSite(first.services);
});
afterAll(async () => {
  await first.close();
  await second.close();
  await database.close();
});

/** Reads Server-Sent Events until `predicate` matches one, or the stream ends. */
async function readUntil(body: ReadableStream<Uint8Array>, predicate: (event: string, data: string) => boolean) {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  const seen: string[] = [];
  try {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return { matched: false, seen };
      buffer += decoder.decode(value, { stream: true });
      let end: number;
      while ((end = buffer.indexOf('\n\n')) >= 0) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const event = block.match(/^event: (.*)$/m)?.[1] ?? '';
        const data = block.match(/^data: (.*)$/m)?.[1] ?? '';
        seen.push(event);
        if (predicate(event, data)) return { matched: true, seen, data };
      }
    }
  } finally {
    await reader.cancel().catch(() => {});
  }
}

describe('two instances on one database', () => {
  it('a comment posted to one instance arrives over SSE from the other', async () => {
    const api = client(first);
    const token = await api.reader();
    await api.comment(token, { page: '/live', body: 'first, so the page exists' });

    const abort = new AbortController();
    const stream = await second.request('/api/v1/events?site=demo&page=/live', { signal: abort.signal });
    expect(stream.status).toBe(200);
    expect(stream.headers.get('content-type')).toContain('text/event-stream');
    const body = stream.body!;

    const reading = readUntil(body, (event) => event === 'comment');
    // The stream says `ready` before we post, so the subscription is in place.
    const posted = await api.comment(token, { page: '/live', body: 'hello from instance one' });
    expect(posted.status).toBe(201);
    const result = await reading;
    abort.abort();
    expect(result.matched).toBe(true);
    expect(JSON.parse(result.data!)).toEqual({ type: 'comment', id: posted.body.comment.id });

    // And instance two's thread, cached before or not, shows it: the page version moved.
    const thread = await client(second).get('/api/v1/threads?site=demo&page=/live');
    expect(thread.body.comments.map((c: { id: number }) => c.id)).toContain(posted.body.comment.id);
  });

  it('a held comment is never announced to readers', async () => {
    const api = client(first);
    const token = await api.reader();
    await api.comment(token, { page: '/quiet', body: 'visible one' });
    const { setSiteSettings } = await import('../helpers/app.ts');
    await setSiteSettings(first, 'demo', { moderationMode: 'all' });
    second.services.sites.invalidate();

    const abort = new AbortController();
    const stream = await second.request('/api/v1/events?site=demo&page=/quiet', { signal: abort.signal });
    const reading = readUntil(stream.body!, (event) => event === 'comment' || event === 'vote');
    const held = await api.comment(token, { page: '/quiet', body: 'waiting for a moderator' });
    expect(held.body.status).toBe('pending');
    // A vote after the held comment: if the held one had been announced, it would come first.
    const thread = await api.get('/api/v1/threads?site=demo&page=/quiet');
    await api.put(`/api/v1/comments/${thread.body.comments[0].id}/vote`, { value: 1 }, { token });
    const result = await reading;
    abort.abort();
    expect(result.seen.filter((e) => e !== 'ready')).toEqual(['vote']);
    await setSiteSettings(first, 'demo', { moderationMode: 'none' });
  });
});
