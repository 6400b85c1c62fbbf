import { request, Agent } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { client, createTestApp, type TestApp } from '../helpers/app.ts';
import { listen } from '../helpers/http-server.ts';
import { countRows } from '../helpers/rows.ts';

let t: TestApp;
let server: { url: string; close(): Promise<void> };
let token: string;
beforeAll(async () => {
  t = await createTestApp();
  token = await client(t.app).reader();
  server = await listen(t.app);
});
afterAll(async () => {
  await server?.close();
  await t?.close();
});

type Answer = { status: number; headers: Record<string, string | string[] | undefined>; body: string };

/** One request on a keep-alive agent with a single socket: the next request reuses it if it can. */
function send(agent: Agent, method: string, path: string, body?: string, isChunked = false): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const url = new URL(path, server.url);
    const req = request(
      url,
      {
        method,
        agent,
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, ...(body && !isChunked ? { 'content-length': Buffer.byteLength(body) } : {}) },
        timeout: 15_000,
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk) => (text += chunk));
        res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body: text }));
      },
    );
    req.on('timeout', () => req.destroy(new Error(`${method} ${path}: no answer within 15 s`)));
    req.on('error', reject);
    if (isChunked && body) {
      // No Content-Length: Node sends Transfer-Encoding: chunked, so the server can only count as it reads.
      for (let at = 0; at < body.length; at += 16 * 1024) req.write(body.slice(at, at + 16 * 1024));
      req.end();
    } else req.end(body);
  });
}

describe('a request body over the limit', () => {
  it('gets 413 with the JSON error and Connection: close, and the keep-alive client still gets its next answer', async () => {
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    try {
      const before = await countRows(t.app);
      const huge = JSON.stringify({ site: 'demo', page: '/big', body: 'z'.repeat(1024 * 1024), author: { name: 'Big' } });
      const refused = await send(agent, 'POST', '/api/v1/comments', huge);
      expect(refused.status).toBe(413);
      expect(JSON.parse(refused.body)).toEqual({ error: { code: 'payload_too_large', message: expect.any(String) } });
      expect(refused.headers.connection).toBe('close');
      // The next request on the same agent: before, it was written to the socket that still held the
      // rest of the 1 MiB body and never got an answer.
      for (let i = 0; i < 3; i++) {
        const next = await send(agent, 'POST', '/api/v1/comments', JSON.stringify({ site: 'demo', page: '/big', body: `small ${i}`, author: { name: 'Big' } }));
        expect(next.status).toBe(201);
      }
      expect((await countRows(t.app)).comments).toBe(before.comments + 3);
    } finally {
      agent.destroy();
    }
  });

  it('is refused as it streams in when it is sent chunked, with no Content-Length; a small chunked body still posts', async () => {
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    try {
      const before = await countRows(t.app);
      const huge = JSON.stringify({ site: 'demo', page: '/big-chunked', body: 'z'.repeat(256 * 1024), author: { name: 'Big' } });
      const refused = await send(agent, 'POST', '/api/v1/comments', huge, true);
      expect(refused.status).toBe(413);
      expect(JSON.parse(refused.body).error.code).toBe('payload_too_large');
      const small = await send(new Agent(), 'POST', '/api/v1/comments', JSON.stringify({ site: 'demo', page: '/big-chunked', body: 'small and chunked', author: { name: 'Big' } }), true);
      expect(small.status).toBe(201);
      expect((await countRows(t.app)).comments).toBe(before.comments + 1);
    } finally {
      agent.destroy();
    }
  });
});
