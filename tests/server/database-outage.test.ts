import pino from 'pino';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp, type ParleyApp } from '../../server/app.ts';
import { ensureDemoSite } from '../../server/services/sites/bootstrap.ts';
import { openDatabase, type Database } from '../../server/store/db.ts';
import { setSiteSettings } from '../helpers/app.ts';
import { counterMismatches } from '../helpers/counters.ts';
import { adminUrl, createTestDatabase, type TestDatabase } from '../helpers/database.ts';
import { listen } from '../helpers/http-server.ts';
import { bulkSettings } from '../helpers/rows.ts';

/**
 * PostgreSQL only (tests/vitest.config.ts): the app's connections are killed under it, as a
 * database restart or failover looks to a client, and then new connections are refused for a
 * while. Every answer is a 2xx or a clean 503 with Retry-After, nothing acknowledged is lost, no
 * counter is half-written, and both instances recover by themselves, LISTEN included.
 */

const PAGE = '/outage';
const BURST = 2_000; // requests in the burst, 4 at a time
const KILL_EVERY = 12; // responses between two kills
const REQUEST_TIMEOUT_MS = 15_000; // a hang fails the test instead of stalling it

let database: TestDatabase;
let second: Database;
let a: ParleyApp;
let b: ParleyApp;
let serverA: { url: string; close(): Promise<void> };
/** What instance A logs as unhandled: shown when an answer is a 500, so its cause is in the report. */
const serverErrors: string[] = [];
const errorLog = pino({ level: 'error' }, { write: (line: string) => void serverErrors.push(line) });
let serverB: { url: string; close(): Promise<void> };
let admin: postgres.Sql;
let dbName: string;

type Answer = { status: number; body: any; retryAfter: string | null };

async function call(base: string, method: string, path: string, body?: unknown, token?: string): Promise<Answer> {
  const headers: Record<string, string> = {};
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (token) headers.authorization = `Bearer ${token}`;
  let res: Response;
  let text: string;
  try {
    res = await fetch(`${base}${path}`, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
    });
    text = await res.text();
  } catch (error) {
    // No answer at all (a hang past the timeout, a dropped socket): status 0, reported as a finding.
    return { status: 0, body: `${method} ${path}: ${String(error)}`, retryAfter: null };
  }
  let parsed: unknown = text;
  try {
    parsed = text ? JSON.parse(text) : null;
  } catch {
    // kept as text; the check below reports it
  }
  return { status: res.status, body: parsed, retryAfter: res.headers.get('retry-after') };
}

/** Kills every connection to the test database but the admin's own: what a restart does to clients. */
async function killConnections(): Promise<number> {
  const rows = await admin`select pg_terminate_backend(pid) as killed from pg_stat_activity where datname = ${dbName} and pid <> pg_backend_pid()`;
  return rows.length;
}

/** 2xx, or a clean 503 `unavailable` with Retry-After: anything else is a finding. */
const isSpuriousNotFound = (answer: Answer) =>
  (answer.status === 401 && ['reader_required', 'reader_unknown'].includes(answer.body?.error?.code)) ||
  (answer.status === 404 && ['page_not_found', 'comment_not_found'].includes(answer.body?.error?.code));

function problemOf(label: string, answer: Answer): string | null {
  if (answer.status >= 200 && answer.status < 300) return null;
  if (answer.status === 304) return null;
  if (answer.status === 503 && answer.body?.error?.code === 'unavailable' && answer.retryAfter) return null;
  return `${label}: ${answer.status} ${JSON.stringify(answer.body).slice(0, 200)} retry-after=${answer.retryAfter}`;
}

/** A Server-Sent Events stream read in the background into a list of events. */
function openStream(url: string) {
  const events: Array<{ event: string; data: string }> = [];
  const controller = new AbortController();
  const done = (async () => {
    const res = await fetch(url, { signal: controller.signal });
    const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader();
    let buffer = '';
    for (;;) {
      const { value, done: ended } = await reader.read();
      if (ended) return;
      buffer += value;
      let cut: number;
      while ((cut = buffer.indexOf('\n\n')) >= 0) {
        const block = buffer.slice(0, cut);
        buffer = buffer.slice(cut + 2);
        const event = /^event: (.*)$/m.exec(block)?.[1];
        const data = /^data: (.*)$/m.exec(block)?.[1];
        if (event && data !== undefined) events.push({ event, data });
      }
    }
  })().catch(() => {});
  return { events, close: () => (controller.abort(), done) };
}

beforeAll(async () => {
  database = await createTestDatabase('postgres');
  dbName = new URL(database.url!).pathname.slice(1);
  admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
  second = await openDatabase({ url: database.url! });
  // Both listen first, hand over once built: the app needs its own URL for the origin check.
  let appA: ParleyApp | null = null;
  let appB: ParleyApp | null = null;
  const late = (get: () => ParleyApp | null) => ({ fetch: (req: Request) => get()!.fetch(req) }) as unknown as ParleyApp;
  serverA = await listen(late(() => appA));
  serverB = await listen(late(() => appB));
  a = appA = createApp({ database, logger: errorLog, config: { publicUrl: serverA.url } });
  b = appB = createApp({ database: second, config: { publicUrl: serverB.url } });
  await Promise.all([a.ready, b.ready]);
  await ensureDemoSite(a.services);
  await setSiteSettings(a, 'demo', bulkSettings, [serverA.url, serverB.url]);
});

afterAll(async () => {
  await admin?.unsafe(`alter database ${dbName} allow_connections true`).catch(() => {});
  await serverA?.close();
  await serverB?.close();
  await a?.close();
  await b?.close();
  await second?.close();
  await admin?.end();
  await database?.close();
});

describe('a database outage under load', () => {
  const acknowledged: number[] = [];
  const tokens: string[] = [];

  it('every answer during a burst of 2,000 requests with killed connections is a 2xx or a clean 503, never a wrong 401/404, and nothing acknowledged is lost', async () => {
    for (let i = 0; i < 4; i++) tokens.push((await call(serverA.url, 'POST', '/api/v1/readers', { site: 'demo' })).body.token);
    for (let i = 0; i < 3; i++) {
      const res = await call(serverA.url, 'POST', '/api/v1/comments', { site: 'demo', page: PAGE, body: `before ${i}`, author: { name: 'Before' } }, tokens[i]);
      expect(res.status).toBe(201);
      acknowledged.push(res.body.comment.id);
    }

    const problems: string[] = [];
    const spurious: string[] = [];
    let sent = 0;
    let answered = 0;
    let kills = 0;
    let unavailable = 0;
    const one = async (i: number) => {
      const token = tokens[i % tokens.length]!;
      const pick = acknowledged[(i * 7) % acknowledged.length]!;
      let label: string;
      let answer: Answer;
      if (i % 3 === 0) {
        label = `POST /comments #${i}`;
        const reply = i % 2 === 0 ? { parentId: pick } : {};
        answer = await call(serverA.url, 'POST', '/api/v1/comments', { site: 'demo', page: PAGE, body: `burst ${i}`, author: { name: 'Burst' }, ...reply }, token);
        // A reply to a comment that is not visible yet is a clean 404, not an outage finding.
        if (answer.status === 404 && answer.body?.error?.code === 'parent_not_found') answer = { ...answer, status: 200 };
        if (answer.status === 201) acknowledged.push(answer.body.comment.id);
      } else if (i % 3 === 1) {
        label = `PUT /vote #${i}`;
        answer = await call(serverA.url, 'PUT', `/api/v1/comments/${pick}/vote`, { value: i % 2 === 0 ? 1 : -1 }, token);
      } else {
        label = `GET /threads #${i}`;
        answer = await call(serverA.url, 'GET', `/api/v1/threads?site=demo&page=${PAGE}&sort=newest`);
      }
      if (answer.status === 503) unavailable++;
      const problem = problemOf(label, answer);
      // A wrong 401 reader_required / 404 not found (postgres.js answering a query on a killed
      // connection with holes for rows) used to be allowed here at 2 %; the driver patch fixed its
      // cause (tests/server/postgres-driver.test.ts), so any one is a finding now.
      if (problem && isSpuriousNotFound(answer)) spurious.push(problem);
      else if (problem) problems.push(problem);
      if (++answered % KILL_EVERY === 0) kills += (await killConnections()) > 0 ? 1 : 0;
    };
    const worker = async () => {
      while (sent < BURST) await one(sent++);
    };
    await Promise.all([worker(), worker(), worker(), worker()]);

    expect(spurious).toEqual([]);
    expect(problems, serverErrors.join('\n')).toEqual([]);
    expect(answered).toBe(BURST);
    expect(kills).toBeGreaterThan(100);
    console.info(`[outage] ${BURST} requests, ${kills} kills, ${unavailable} answered 503, ${spurious.length} wrong 401/404, ${acknowledged.length} comments acknowledged`);

    // The server recovers by itself: no restart, the next requests succeed.
    await expect.poll(async () => (await call(serverA.url, 'GET', `/api/v1/threads?site=demo&page=${PAGE}`)).status, { timeout: 10_000 }).toBe(200);
    const check = postgres(database.url!, { max: 1, onnotice: () => {} });
    const rows = (await check<{ id: string }[]>`select id from comments`).map((r) => Number(r.id));
    await check.end();
    const missing = acknowledged.filter((id) => !rows.includes(id));
    expect(missing).toEqual([]);
    expect(await counterMismatches(database)).toEqual([]);
  }, 300_000);

  it('while new connections are refused, answers are 503 unavailable with Retry-After and /healthz is 503; after, both recover', async () => {
    await admin.unsafe(`alter database ${dbName} allow_connections false`);
    try {
      await killConnections();
      const health = await call(serverA.url, 'GET', '/healthz');
      expect(health.status).toBe(503);
      const write = await call(serverA.url, 'POST', '/api/v1/comments', { site: 'demo', page: PAGE, body: 'while down', author: { name: 'Down' } }, tokens[0]);
      expect(problemOf('POST while down', write)).toBeNull();
      expect(write.status).toBe(503);
      const read = await call(serverA.url, 'GET', `/api/v1/me?site=demo&page=${PAGE}`, undefined, tokens[0]);
      expect(read.status).toBe(503);
      expect(read.body).toEqual({ error: { code: 'unavailable', message: expect.any(String) } });
      expect(read.retryAfter).toBe('2');
    } finally {
      await admin.unsafe(`alter database ${dbName} allow_connections true`);
    }
    await expect.poll(async () => (await call(serverA.url, 'GET', '/healthz')).status, { timeout: 10_000 }).toBe(200);
    await expect.poll(async () => (await call(serverB.url, 'GET', '/healthz')).status, { timeout: 10_000 }).toBe(200);
    const after = await call(serverA.url, 'POST', '/api/v1/comments', { site: 'demo', page: PAGE, body: 'after the outage', author: { name: 'After' } }, tokens[1]);
    expect(after.status).toBe(201);
    expect(await counterMismatches(database)).toEqual([]);
  });

  it("the second instance's event stream keeps delivering after its LISTEN connection was killed", async () => {
    const stream = openStream(`${serverB.url}/api/v1/events?site=demo&page=${encodeURIComponent(PAGE)}`);
    try {
      await expect.poll(() => stream.events.some((e) => e.event === 'ready'), { timeout: 10_000 }).toBe(true);
      await killConnections();
      // postgres.js re-runs LISTEN on a new connection; until it has, a NOTIFY would be missed, so
      // post again until one arrives (bounded): what matters is that delivery resumes by itself.
      let posted = 0;
      await expect
        .poll(
          async () => {
            if (posted >= 20) return 'gave up';
            const res = await call(serverA.url, 'POST', '/api/v1/comments', { site: 'demo', page: PAGE, body: `live after kill ${++posted}`, author: { name: 'Live' } }, tokens[2]);
            if (res.status !== 201 && res.status !== 503) return `post ${res.status}`;
            return stream.events.some((e) => e.event === 'comment') ? 'delivered' : 'waiting';
          },
          { timeout: 20_000, interval: 250 },
        )
        .toBe('delivered');
    } finally {
      await stream.close();
    }
  });
});
