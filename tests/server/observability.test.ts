import { Writable } from 'node:stream';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp, type ParleyApp } from '../../server/app.ts';
import { ensureDemoSite } from '../../server/services/sites/bootstrap.ts';
import { client, PUBLIC_URL } from '../helpers/app.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/database.ts';

const TOKEN = 'metrics-secret-123';
const logLines: Array<Record<string, unknown>> = [];
const sink = new Writable({
  write(chunk: Buffer, _encoding, done) {
    for (const line of chunk.toString('utf8').split('\n')) if (line) logLines.push(JSON.parse(line));
    done();
  },
});

let database: TestDatabase;
let app: ParleyApp;
let api: ReturnType<typeof client>;
beforeAll(async () => {
  database = await createTestDatabase();
  app = createApp({ database, logger: pino({ level: 'info' }, sink), config: { publicUrl: PUBLIC_URL, metricsToken: TOKEN } });
  await app.ready;
  await ensureDemoSite(app.services);
  api = client(app);
});
afterAll(async () => {
  await app.close();
  await database.close();
});

const scrape = async (token?: string) => {
  const res = await app.request('/metrics', { headers: token ? { authorization: `Bearer ${token}` } : {} });
  return { status: res.status, type: res.headers.get('content-type'), text: await res.text() };
};

describe('metrics', () => {
  it('count the requests just made by route pattern and status, and read the queues and outbox', async () => {
    await api.get('/api/v1/comments/987654');
    await api.get('/api/v1/comments/987655');
    const token = await api.reader();
    expect((await api.comment(token, { page: '/metrics', body: 'counted' })).status).toBe(201);

    const { status, type, text } = await scrape(TOKEN);
    expect(status).toBe(200);
    expect(type).toContain('text/plain');
    expect(text).toContain('parley_http_requests_total{method="GET",route="/api/v1/comments/:id",status="404"} 2');
    expect(text).toContain('parley_http_requests_total{method="POST",route="/api/v1/comments",status="201"} 1');
    expect(text).toMatch(/parley_http_request_duration_seconds_count\{method="POST",route="\/api\/v1\/comments"\} 1/);
    expect(text).toMatch(/parley_moderation_queue_depth\{queue="pending"\} \d+/);
    expect(text).toMatch(/parley_outbox_backlog \d+/);
    expect(text).toMatch(/parley_db_pool_max \d+/);
    expect(text).toMatch(/parley_db_waiting \d+/);
    expect(text).toContain('# TYPE parley_sse_connections gauge');
    expect(text).toContain('# TYPE parley_event_bus_lag_seconds histogram');
    // The URL's own id never becomes a label: the pattern does.
    expect(text).not.toContain('987654');
  });

  it('answer 401 without the token or with a wrong one when PARLEY_METRICS_TOKEN is set', async () => {
    for (const token of [undefined, 'wrong', `${TOKEN}x`]) {
      const res = await scrape(token);
      expect(res.status, String(token)).toBe(401);
      expect(res.text).not.toContain('parley_http_requests_total');
    }
  });

  it('are open to anyone when no token is set', async () => {
    const open = createApp({ database, config: { publicUrl: PUBLIC_URL } });
    await open.ready;
    const res = await open.request('/metrics');
    expect(res.status).toBe(200);
    await open.close();
  });
});

describe('request logs', () => {
  it('one JSON line per request with its id, route, status and duration, and no token, e-mail or IP', async () => {
    logLines.length = 0;
    const token = await api.reader();
    const res = await app.request('/api/v1/comments', {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, 'x-forwarded-for': '203.0.113.9', 'x-request-id': 'from-the-proxy-1' },
      body: JSON.stringify({ site: 'demo', page: '/logs?email=leak@example.com', body: 'logged', author: { name: 'L', email: 'leak@example.com' } }),
    });
    expect(res.status).toBe(201);
    expect(res.headers.get('x-request-id')).toBe('from-the-proxy-1');
    const requests = logLines.filter((l) => l.msg === 'request');
    expect(requests).toHaveLength(2);
    expect(requests[1]).toMatchObject({ requestId: 'from-the-proxy-1', method: 'POST', route: '/api/v1/comments', status: 201 });
    expect(typeof requests[1]!.ms).toBe('number');
    const all = JSON.stringify(logLines);
    for (const secret of [token, 'leak@example.com', '203.0.113.9']) expect(all).not.toContain(secret);
  });

  it('every response carries a request id, a fresh one when none (or a strange one) was sent', async () => {
    const a = await app.request('/healthz');
    const b = await app.request('/healthz', { headers: { 'x-request-id': 'bad id <script>' } });
    for (const res of [a, b]) expect(res.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    expect(a.headers.get('x-request-id')).not.toBe(b.headers.get('x-request-id'));
  });
});

describe('health', () => {
  it('/readyz is 200 with the migrations applied, 503 once shutting down', async () => {
    expect((await app.request('/readyz')).status).toBe(200);
    const other = createApp({ database, config: { publicUrl: PUBLIC_URL } });
    other.services.ops.lifecycle.stop();
    const res = await other.request('/readyz');
    expect(res.status).toBe(503);
    expect(await res.json()).toEqual({ status: 'stopping' });
    await other.close();
  });
});
