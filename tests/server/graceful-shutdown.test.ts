import { request, type ClientRequest, type IncomingMessage } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { processDatabase, PUBLIC_URL, startServerProcess, type ServerProcess } from '../helpers/server-process.ts';

let server: ServerProcess;
let db: Awaited<ReturnType<typeof processDatabase>>;
beforeAll(async () => {
  db = await processDatabase();
  // The bound, generous for a busy test box: exit 0 means everything finished inside it.
  server = await startServerProcess({ ...db.env, PARLEY_SHUTDOWN_TIMEOUT_MS: '30000' });
});
afterAll(async () => {
  server.kill();
  await server.exited;
  await db.close();
});

function readBody(res: IncomingMessage): Promise<string> {
  return new Promise((resolve) => {
    let text = '';
    res.setEncoding('utf8');
    res.on('data', (chunk: string) => (text += chunk));
    res.on('end', () => resolve(text));
  });
}

describe('graceful shutdown on SIGTERM', () => {
  it('finishes the request in flight, tells the event stream to retry, and exits 0', async () => {
    const origin = PUBLIC_URL;
    const reader = await fetch(`${server.url}/api/v1/readers`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin },
      body: JSON.stringify({ site: 'demo' }),
    });
    const { token } = (await reader.json()) as { token: string };

    // A reader's live stream, open before the signal.
    let sseText = '';
    const sseEnded = new Promise<void>((resolve, reject) => {
      const req = request(`${server.url}/api/v1/events?site=demo&page=/shutdown`, { headers: { accept: 'text/event-stream', origin } }, (res) => {
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (sseText += chunk));
        res.on('end', () => resolve());
        res.on('error', reject);
      });
      req.on('error', reject);
      req.end();
    });
    await expect.poll(() => sseText, { timeout: 20_000 }).toContain('event: ready');

    // A slow request: headers sent, then only half of the body. `Expect: 100-continue` makes the
    // server say it has the request (it is in flight) before the signal is sent.
    const body = JSON.stringify({ site: 'demo', page: '/shutdown', body: 'Posted while the server stops', author: { name: 'Late' } });
    let post!: ClientRequest;
    const answered = new Promise<{ status: number; text: string }>((resolve, reject) => {
      post = request(
        `${server.url}/api/v1/comments`,
        {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), authorization: `Bearer ${token}`, origin, expect: '100-continue' },
        },
        async (res) => resolve({ status: res.statusCode ?? 0, text: await readBody(res) }),
      );
      post.on('error', reject);
    });
    const continued = new Promise<void>((resolve) => post.once('continue', () => resolve()));
    post.flushHeaders();
    await continued;
    post.write(body.slice(0, 20));

    server.child.kill('SIGTERM');
    await sseEnded;
    expect(sseText).toMatch(/event: shutdown\n(.*\n)*retry: \d+/);
    post.end(body.slice(20));
    const result = await answered;
    expect(result.status, result.text).toBe(201);
    expect(JSON.parse(result.text).comment.id).toBeGreaterThan(0);

    expect(await server.exited).toBe(0);
    expect(server.lines.some((l) => l.includes('"msg":"stopped"'))).toBe(true);
  });
});
