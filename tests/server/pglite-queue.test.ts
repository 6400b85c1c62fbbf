import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../../server/errors.ts';
import { SerialQueue } from '../../server/store/pglite-queue.ts';
import { client, createTestApp, type TestApp } from '../helpers/app.ts';
import { createTestDatabase } from '../helpers/database.ts';

const gate = () => {
  let open!: () => void;
  const opened = new Promise<void>((r) => (open = r));
  return { opened, open };
};

describe('the line in front of PGlite', () => {
  it('runs statements one at a time, in the order they arrived, even when a later one is quicker', async () => {
    const queue = new SerialQueue();
    const events: string[] = [];
    const slow = gate();
    const first = queue.run(async () => (events.push('first starts'), await slow.opened, events.push('first ends'), 1));
    const second = queue.run(async () => (events.push('second'), 2));
    const third = queue.run(async () => (events.push('third'), 3));
    expect(queue.depth).toBe(2);
    slow.open();
    expect(await Promise.all([first, second, third])).toEqual([1, 2, 3]);
    expect(events).toEqual(['first starts', 'first ends', 'second', 'third']);
  });

  it('lets requests that arrived meanwhile in between two statements (a turn of the event loop)', async () => {
    const queue = new SerialQueue();
    const events: string[] = [];
    const first = queue.run(async () => {
      // What the server does with a request that arrives while PGlite works: an I/O callback.
      setImmediate(() => events.push('request read'));
      events.push('first');
    });
    const second = queue.run(async () => void events.push('second'));
    await Promise.all([first, second]);
    expect(events).toEqual(['first', 'request read', 'second']);
  });

  it('past its depth refuses a statement unrun with 503 unavailable and Retry-After 1; unbounded work still queues', async () => {
    const queue = new SerialQueue({ maxDepth: 2, maxWaitMs: 60_000 });
    const held = gate();
    const running = queue.run(() => held.opened);
    const waiting = [queue.run(async () => 'a'), queue.run(async () => 'b')];
    let ran = false;
    const refused = await queue.run(async () => (ran = true)).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(AppError);
    expect(refused).toMatchObject({ code: 'unavailable', status: 503, retryAfter: 1 });
    // A NOTIFY after a commit must not be refused halfway through a request.
    const notify = queue.run(async () => 'notified', false);
    held.open();
    await running;
    expect(await Promise.all([...waiting, notify])).toEqual(['a', 'b', 'notified']);
    expect(ran).toBe(false);
  });

  it('refuses a statement that waited past the deadline, unrun, and goes on with the next', async () => {
    let now = 0;
    const queue = new SerialQueue({ maxDepth: 10, maxWaitMs: 8000 }, () => now);
    const held = gate();
    const running = queue.run(() => held.opened);
    let ran = false;
    const late = queue.run(async () => (ran = true)).catch((e: unknown) => e);
    now = 9000; // the first statement held the connection for 9 s
    const fresh = queue.run(async () => 'fresh');
    held.open();
    await running;
    expect(await late).toMatchObject({ code: 'unavailable' });
    expect(ran).toBe(false);
    expect(await fresh).toBe('fresh');
  });

  it('does not stall when a statement throws', async () => {
    const queue = new SerialQueue();
    const failed = queue.run(() => {
      throw new Error('syntax error');
    });
    await expect(failed).rejects.toThrow('syntax error');
    await expect(queue.run(async () => 'next')).resolves.toBe('next');
  });
});

describe('readers beyond the PGlite queue (depth 2)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ database: await createTestDatabase('pglite', { queue: { maxDepth: 2 } }) });
    const api = client(t.app);
    const token = await api.reader();
    await api.comment(token, { page: '/busy', body: 'the first comment' });
  });
  afterAll(async () => t?.close());

  it('get a clean 503 with Retry-After and the error shape; the readers in line get their page', async () => {
    const api = client(t.app);
    await api.get('/api/v1/threads?site=demo&page=/busy'); // the page row is remembered: a read is one statement
    const held = gate();
    // A long transaction holds the one connection (a bulk import, say).
    const holding = t.database.db.transaction(() => held.opened);
    // Five different pages of the thread: none can share another's statement.
    let settled = 0;
    const reads = [1, 2, 3, 4, 5].map((limit) => api.get(`/api/v1/threads?site=demo&page=/busy&limit=${limit}`).finally(() => settled++));
    // Two wait in line; the others are refused at once (the outbox worker's poll may take a place too).
    await expect.poll(() => settled).toBeGreaterThanOrEqual(3);
    held.open();
    await holding;
    const answers = await Promise.all(reads);
    const refused = answers.filter((a) => a.status === 503);
    const served = answers.filter((a) => a.status === 200);
    expect(refused.length + served.length).toBe(5);
    expect(refused.length).toBeGreaterThanOrEqual(3);
    expect(served.length).toBeGreaterThanOrEqual(1);
    for (const r of refused) {
      expect(r.headers.get('retry-after')).toBe('1');
      expect(r.body).toEqual({ error: { code: 'unavailable', message: expect.any(String) } });
    }
    for (const ok of served) expect(ok.body.comments[0].bodyHtml).toContain('the first comment');
    // The line drained: the next reader is answered.
    expect((await api.get('/api/v1/threads?site=demo&page=/busy&limit=6')).status).toBe(200);
  });
});
