import { readFileSync } from 'node:fs';
import http from 'node:http';
import { createTestDatabase } from '../helpers/database.ts';
import { startServer, type ServerChild } from './child.ts';
import type { BenchRow, BenchSection } from './report.ts';

/** Idle readers held by one instance; `BENCH_SSE` lowers it for a local try. */
const CONNECTIONS = Math.max(100, Number(process.env.BENCH_SSE ?? 10_000));
const OPEN_BATCH = 500;
const OPEN_TIMEOUT_MS = 120_000;
const FANOUT_TIMEOUT_MS = 30_000;

/** Resident memory of a process, from /proc (Linux). */
export function rssBytes(pid: number): number {
  const line = readFileSync(`/proc/${pid}/status`, 'utf8').split('\n').find((l) => l.startsWith('VmRSS:'));
  return Number(line?.match(/(\d+)/)?.[1] ?? 0) * 1024;
}

type Listener = { socket: http.ClientRequest; sawComment: Promise<number> };

/** Opens one SSE stream on `path`; resolves once the server said `ready`; `sawComment` resolves at the first `comment` event. */
function openStream(server: ServerChild, path: string): Promise<Listener> {
  return new Promise((resolve, reject) => {
    let onComment: (t: number) => void = () => {};
    const sawComment = new Promise<number>((r) => (onComment = r));
    const req = http.get(server.url + path, { agent: false, headers: { accept: 'text/event-stream' } }, (res) => {
      if (res.statusCode !== 200) {
        res.resume();
        return reject(new Error(`SSE answered ${res.statusCode}`));
      }
      let buffered = '';
      let isReady = false;
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        buffered += chunk;
        if (!isReady && buffered.includes('event: ready')) {
          isReady = true;
          resolve({ socket: req, sawComment });
        }
        if (buffered.includes('event: comment')) onComment(performance.now());
        if (buffered.length > 4096) buffered = buffered.slice(-256);
      });
    });
    req.on('error', reject);
  });
}

const percentile = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * p))] ?? NaN;

/**
 * One instance on PostgreSQL holding CONNECTIONS idle SSE readers of one page: memory per
 * connection (RSS growth / connections) and how long a new comment takes to reach all of them.
 */
export const liveBench: BenchSection = {
  title: `Live readers: ${CONNECTIONS.toLocaleString('en-US')} idle SSE connections on one instance (PostgreSQL)`,
  async run(): Promise<BenchRow[]> {
    const database = await createTestDatabase('postgres', { maxConnections: 1 });
    const server = await startServer({ mode: 'app', url: database.url!, pages: { '/live': 10 }, readers: 1 });
    const path = '/api/v1/events?site=demo&page=%2Flive';
    const listeners: Listener[] = [];
    try {
      (await openStream(server, path)).socket.destroy(); // warm-up: the route, the page memo
      await new Promise((r) => setTimeout(r, 500));
      const before = rssBytes(server.pid);
      const openStarted = performance.now();
      while (listeners.length < CONNECTIONS && performance.now() - openStarted < OPEN_TIMEOUT_MS) {
        const batch = Math.min(OPEN_BATCH, CONNECTIONS - listeners.length);
        listeners.push(...(await Promise.all(Array.from({ length: batch }, () => openStream(server, path)))));
      }
      const openSeconds = (performance.now() - openStarted) / 1000;
      await new Promise((r) => setTimeout(r, 1000));
      const after = rssBytes(server.pid);

      const posted = performance.now();
      const res = await fetch(`${server.url}/api/v1/comments`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${server.tokens[0]}` },
        body: JSON.stringify({ site: 'demo', page: '/live', body: 'A new comment for every live reader.', author: { name: 'Live' } }),
      });
      if (res.status !== 201) throw new Error(`live bench: POST answered ${res.status} ${await res.text()}`);
      const deadline = new Promise<number>((r) => setTimeout(() => r(NaN), FANOUT_TIMEOUT_MS));
      const latencies = (await Promise.all(listeners.map((l) => Promise.race([l.sawComment, deadline])))).map((t) => t - posted);
      const reached = latencies.filter((t) => Number.isFinite(t));
      return [
        { name: 'SSE connections held', value: listeners.length, unit: 'conn', note: `opened in ${openSeconds.toFixed(1)} s` },
        { name: 'server RSS idle → with all connections', value: Math.round(after / 2 ** 20), unit: 'MB', note: `from ${Math.round(before / 2 ** 20)} MB` },
        { name: 'memory per SSE connection', value: Math.round((after - before) / listeners.length / 102.4) / 10, unit: 'KB' },
        { name: 'new comment → every reader, p99', value: Math.round(percentile(reached, 0.99)), unit: 'ms', baseline: 'aim 1,000 ms', ratio: 1000 / percentile(reached, 0.99), note: `p50 ${Math.round(percentile(reached, 0.5))} ms; reached ${reached.length} of ${listeners.length}` },
      ];
    } finally {
      for (const l of listeners) l.socket.destroy();
      await server.stop();
      await database.close();
    }
  },
};
