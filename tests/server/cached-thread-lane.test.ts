import { Writable } from 'node:stream';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp, type ParleyApp } from '../../server/app.ts';
import { cachedThreadLane } from '../../server/routes/public/cached-thread-lane.ts';
import { ensureDemoSite } from '../../server/services/sites/bootstrap.ts';
import { client, PUBLIC_URL, setSiteSettings } from '../helpers/app.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/database.ts';
import { bulkSettings } from '../helpers/rows.ts';

const NEWS = 'https://news.example';
const OTHER = 'https://other.example';
const BROWSER = 'gzip, deflate, br';
const logLines: Array<Record<string, unknown>> = [];
const sink = new Writable({
  write(chunk: Buffer, _encoding, done) {
    for (const line of chunk.toString('utf8').split('\n')) if (line) logLines.push(JSON.parse(line));
    done();
  },
});

let database: TestDatabase;
let app: ParleyApp;
/** The lane alone, as the app runs it: says whether a request is answered before Hono. */
let lane: (request: Request) => Response | undefined;
beforeAll(async () => {
  database = await createTestDatabase();
  app = createApp({ database, logger: pino({ level: 'info' }, sink), config: { publicUrl: PUBLIC_URL } });
  await app.ready;
  await ensureDemoSite(app.services);
  await setSiteSettings(app, 'demo', bulkSettings, [NEWS]);
  await setSiteSettings(app, 'other', {}, [OTHER]);
  lane = cachedThreadLane(app.services, { isSecure: app.services.config.isSecure, ownOrigin: new URL(PUBLIC_URL).origin });
  const api = client(app);
  const token = await api.reader();
  for (let i = 0; i < 6; i++) await api.comment(token, { page: '/lane', body: `Comment ${i} on a page many people read at once.` });
});
afterAll(async () => {
  await app.close();
  await database.close();
});

const URL_PATH = '/api/v1/threads?site=demo&page=/lane';
const request = (headers: Record<string, string> = {}, path = URL_PATH) => new Request(`${PUBLIC_URL}${path}`, { headers });
/**
 * What the lane answers for these headers. The read before it fills (or refreshes, on a box slow
 * enough to outlast their TTLs) the in-memory site and page rows the lane reads.
 */
const fromLane = async (headers: Record<string, string> = {}, path = URL_PATH) => {
  await app.request(request(headers, path));
  return lane(request(headers, path));
};
const answer = async (res: Response) => ({
  status: res.status,
  headers: [...res.headers].filter(([name]) => name !== 'x-request-id' && name !== 'content-length').sort(),
  bytes: Buffer.from(await res.arrayBuffer()),
});

describe('the cached thread read, answered before Hono routes it', () => {
  const cases: Array<[string, Record<string, string>]> = [
    ['no Origin, no Accept-Encoding (a server, curl)', {}],
    ["the widget's read from the news site", { origin: NEWS, 'accept-encoding': BROWSER }],
    ['the news site, gzip only', { origin: NEWS, 'accept-encoding': 'gzip' }],
    ["another site's origin (allowed there, not here)", { origin: OTHER, 'accept-encoding': BROWSER }],
    ['an origin no site allows', { origin: 'https://evil.example', 'accept-encoding': BROWSER }],
    ["Parley's own origin", { origin: PUBLIC_URL }],
  ];

  it.each(cases)('%s: the same status, headers and bytes as the route gives', async (_name, headers) => {
    app.services.threadCache.clear();
    expect(lane(request(headers))).toBeUndefined();
    const routed = await answer(await app.request(request(headers)));
    expect(await fromLane(headers)).toBeInstanceOf(Response);
    const fromMemory = await answer(await app.request(request(headers)));
    expect(routed.status).toBe(200);
    expect(fromMemory).toEqual(routed);
  });

  it.each(cases)('%s, revalidating: the same 304 as the route gives', async (_name, headers) => {
    app.services.threadCache.clear();
    const etag = (await app.request(request())).headers.get('etag')!;
    app.services.threadCache.clear();
    const revalidate = { ...headers, 'if-none-match': etag };
    const routed = await answer(await app.request(request(revalidate)));
    await app.request(request()); // a 304 computes no answer: this read caches it
    expect(await fromLane(revalidate)).toBeInstanceOf(Response);
    const fromMemory = await answer(await app.request(request(revalidate)));
    expect(routed.status).toBe(304);
    expect(fromMemory).toEqual(routed);
  });

  it('grants CORS only to the origins of the site the read names', async () => {
    const grant = async (origin: string) => (await fromLane({ origin }))!.headers.get('access-control-allow-origin');
    expect(await grant(NEWS)).toBe(NEWS);
    expect(await grant(OTHER)).toBeNull();
    expect(await grant('https://evil.example')).toBeNull();
  });

  it('echoes a good request id, counts the read in the metrics and logs it like any other', async () => {
    await app.request(request());
    const before = logLines.length;
    const res = await app.request(request({ 'x-request-id': 'from-the-proxy-7' }));
    expect(res.headers.get('x-request-id')).toBe('from-the-proxy-7');
    expect(logLines.slice(before)).toEqual([expect.objectContaining({ requestId: 'from-the-proxy-7', method: 'GET', route: '/api/v1/threads', status: 200 })]);
    const bad = await app.request(request({ 'x-request-id': 'bad id <script>' }));
    expect(bad.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    const metrics = await (await app.request('/metrics')).text();
    expect(metrics).toMatch(/parley_http_requests_total\{method="GET",route="\/api\/v1\/threads",status="200"\} \d+/);
    expect(metrics).toMatch(/parley_http_requests_total\{method="GET",route="\/api\/v1\/threads",status="304"\} \d+/);
    expect(metrics).toMatch(/parley_http_request_duration_seconds_count\{method="GET",route="\/api\/v1\/threads"\} \d+/);
  });

  it('leaves to Hono what it cannot answer from memory', async () => {
    expect(await fromLane()).toBeInstanceOf(Response);
    expect(lane(new Request(`${PUBLIC_URL}${URL_PATH}`, { method: 'HEAD' }))).toBeUndefined();
    expect(lane(request({}, `${URL_PATH}&sort=newest`))).toBeUndefined(); // a query string not parsed before
    expect(lane(request({}, '/api/v1/threads?site=demo&page=/nobody-yet'))).toBeUndefined();
    expect(lane(request({}, '/api/v1/threads?site=nope&page=/lane'))).toBeUndefined();
    expect(lane(request({}, `/api/v1/threads/?site=demo&page=/lane`))).toBeUndefined();
    // A new comment: the page's version moves on, and the next read is computed by the route.
    const api = client(app);
    await api.comment(await api.reader(), { page: '/lane', body: 'A new one' });
    expect(lane(request())).toBeUndefined();
    const fresh = await (await app.request(request())).json();
    expect(fresh.comments.map((c: { bodyHtml: string }) => c.bodyHtml)).toContain('<p>A new one</p>');
  });

  // Last in this file: a lifecycle does not start again once stopped.
  it('leaves every read to Hono while the server shuts down (Hono asks to close the connection)', async () => {
    expect(await fromLane()).toBeInstanceOf(Response);
    app.services.ops.lifecycle.stop();
    expect(lane(request())).toBeUndefined();
    expect((await app.request(request())).headers.get('connection')).toBe('close');
  });
});
