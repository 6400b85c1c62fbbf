import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp, type ParleyApp } from '../../server/app.ts';
import type { Mailer } from '../../server/services/notify/mailer.ts';
import { smtpMailer } from '../../server/services/notify/smtp-mailer.ts';
import { ensureDemoSite } from '../../server/services/sites/bootstrap.ts';
import { subscriptions } from '../../server/store/schema/index.ts';
import { findPage } from '../../server/store/pages.ts';
import { client, PUBLIC_URL, setSiteSettings, TestClock } from '../helpers/app.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/database.ts';
import { FAST_OUTBOX, outboxSettled } from '../helpers/mail.ts';
import { SmtpSink } from '../helpers/smtp-sink.ts';

/** Two instances on one database: the outbox is drained once, and live events cross over. */
let database: TestDatabase;
let sink: SmtpSink;
let first: ParleyApp;
let second: ParleyApp;
const sentBy = { first: 0, second: 0 };

const counting = (mailer: Mailer, who: keyof typeof sentBy): Mailer => ({
  ...mailer,
  send: async (mail) => {
    const result = await mailer.send(mail);
    sentBy[who]++;
    return result;
  },
});

beforeAll(async () => {
  database = await createTestDatabase();
  sink = await SmtpSink.start();
  const clock = new TestClock();
  first = createApp({ database, clock, config: { publicUrl: PUBLIC_URL }, mailer: counting(smtpMailer(sink.url()), 'first'), outbox: FAST_OUTBOX });
  second = createApp({ database, clock, config: { publicUrl: PUBLIC_URL }, mailer: counting(smtpMailer(sink.url()), 'second'), outbox: FAST_OUTBOX });
  await Promise.all([first.ready, second.ready]);
  await ensureDemoSite(first.services);
  await setSiteSettings(first, 'demo', { minSecondsToPost: 0, rateLimitPerMinute: 10_000 });
  second.services.sites.invalidate();
});
afterAll(async () => {
  await first.close();
  await second.close();
  await database.close();
  await sink.stop();
});

type SseEvent = { event: string; id: string | undefined; data: string };

/** An SSE connection that collects events as they come. */
async function connect(app: ParleyApp, path: string, headers: Record<string, string> = {}) {
  const abort = new AbortController();
  const res = await app.request(path, { signal: abort.signal, headers });
  expect(res.headers.get('content-type')).toContain('text/event-stream');
  const events: SseEvent[] = [];
  const reader = res.body!.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  const listener: { notify: (() => void) | null } = { notify: null };
  void (async () => {
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) return;
        buffer += decoder.decode(value, { stream: true });
        let end: number;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          if (!/^event: /m.test(block)) continue;
          events.push({ event: block.match(/^event: (.*)$/m)![1]!, id: block.match(/^id: (.*)$/m)?.[1], data: block.match(/^data: (.*)$/m)?.[1] ?? '' });
          listener.notify?.();
        }
      }
    } catch {
      // aborted
    }
  })();
  /** Waits (at most `ms`) until `predicate` holds over the events so far. */
  const waitFor = (predicate: (events: SseEvent[]) => boolean, ms: number) =>
    new Promise<boolean>((resolve) => {
      const timer = setTimeout(() => resolve(predicate(events)), ms);
      const check = () => {
        if (!predicate(events)) return;
        clearTimeout(timer);
        listener.notify = null;
        resolve(true);
      };
      listener.notify = check;
      check();
    });
  await waitFor((e) => e.some((x) => x.event === 'ready'), 10_000);
  return { events, waitFor, close: () => abort.abort() };
}

const commentIds = (events: SseEvent[]) => events.filter((e) => e.event === 'comment').map((e) => JSON.parse(e.data).id as number);

describe('two instances on one database', () => {
  it('drain the outbox once between them: every mail is sent exactly once', async () => {
    const api = client(first);
    const token = await api.reader();
    await api.comment(token, { page: '/shared', body: 'makes the page' });
    const page = (await findPage(first.services.database.db, 1, '/shared'))!;
    const now = first.services.clock.now();
    const addresses = Array.from({ length: 10 }, (_, i) => `reader${i}@shared.test`);
    await database.db.insert(subscriptions).values(addresses.map((email) => ({ pageId: page.id, kind: 'page' as const, email, tokenHash: email, confirmedAt: now })));

    const ids: number[] = [];
    for (let i = 0; i < 5; i++) ids.push((await api.comment(token, { page: '/shared', body: `news ${i}` })).body.comment.id);
    await expect.poll(() => sink.received.length, { timeout: 30_000, interval: 50 }).toBe(50);
    await outboxSettled(first);
    expect(sink.received).toHaveLength(50);
    const pairs = sink.received.map((m) => `${m.envelope.to[0]} ${m.parsed.text!.match(/#comment-(\d+)/)![1]}`);
    expect(new Set(pairs).size).toBe(50);
    expect(sentBy.first + sentBy.second).toBe(50);
  });

  it('a comment posted through one reaches an SSE client of the other within 2 s, even the first of a page that had none', async () => {
    const stream = await connect(second, '/api/v1/events?site=demo&page=/brand-new');
    const api = client(first);
    const posted = await api.comment(await api.reader(), { page: '/brand-new', body: 'the very first comment' });
    expect(posted.status).toBe(201);
    const heard = await stream.waitFor((e) => commentIds(e).includes(posted.body.comment.id), 2_000);
    stream.close();
    expect(heard).toBe(true);
    expect(commentIds(stream.events)).toEqual([posted.body.comment.id]);
  });

  it('a client that reconnects with Last-Event-ID, to either instance, is sent what it missed', async () => {
    const api = client(first);
    const token = await api.reader();
    const one = (await api.comment(token, { page: '/resume', body: 'before the blip' })).body.comment.id as number;
    const stream = await connect(second, '/api/v1/events?site=demo&page=/resume');
    const lastId = stream.events.at(-1)!.id!;
    expect(Number(lastId)).toBe(one);
    stream.close();

    const missed = [(await api.comment(token, { page: '/resume', body: 'during the blip, one' })).body.comment.id, (await api.comment(token, { page: '/resume', body: 'during the blip, two' })).body.comment.id];
    for (const app of [first, second]) {
      const again = await connect(app, '/api/v1/events?site=demo&page=/resume', { 'last-event-id': lastId });
      expect(await again.waitFor((e) => commentIds(e).length === 2, 2_000)).toBe(true);
      again.close();
      expect(commentIds(again.events)).toEqual(missed);
      // Each event's id is where to resume from next time.
      expect(again.events.filter((e) => e.event === 'comment').map((e) => Number(e.id))).toEqual(missed);
    }
  });
});
