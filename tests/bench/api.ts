import { mkdtempSync, rmSync } from 'node:fs';
import { get } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTestDatabase } from '../helpers/database.ts';
import { measurePgliteCommits, measurePostgresCommits } from './baselines.ts';
import { startServer, type ServerChild } from './child.ts';
import { cpuNote, cpuWindow } from './cpu.ts';
import { rssBytes } from './live.ts';
import { CONNECTIONS, load, SECONDS, statusNote, type LoadResult } from './load.ts';
import type { BenchRow, BenchSection } from './report.ts';

const THREAD = 1000;
/** Page one at these thread lengths; PostgreSQL also at a million (issue 16), which PGlite would take minutes to seed. */
const scaleOf = (kind: 'pglite' | 'postgres') => (kind === 'postgres' ? [100, 100_000, 1_000_000] : [100, 100_000]);
const READERS = 200;
const thread = (page: string) => `/api/v1/threads?site=demo&page=${encodeURIComponent(page)}&sort=oldest&limit=20`;
/**
 * The widget's own read, as a browser sends it from the article's page on the news site: its Origin
 * (the CORS path runs) and the Accept-Encoding every browser sends. Must-show 2 is measured on this.
 */
const WIDGET_READ = { origin: 'https://news.example', 'accept-encoding': 'gzip, deflate, br' };
const fmt = (n: number) => Math.round(n).toLocaleString('en-US');

/** Idle RSS of the server on each database: the PostgreSQL row prints PGlite's beside it. */
const idleMb: Partial<Record<'pglite' | 'postgres', number>> = {};
function idleRss(kind: 'pglite' | 'postgres', server: ServerChild): BenchRow {
  const mb = Math.round(rssBytes(server.pid) / 2 ** 20);
  idleMb[kind] = mb;
  const pglite = idleMb.pglite === undefined ? '' : `PGlite: ${idleMb.pglite} MB; `;
  const note = kind === 'pglite' ? 'the database runs inside this process' : `${pglite}PostgreSQL's own processes not counted`;
  return { name: 'server RSS at idle (seeded, before load)', value: mb, unit: 'MB', note };
}

/** Where the database lives for one run, and how the bar for writes is measured on it. */
async function storage(kind: 'pglite' | 'postgres') {
  if (kind === 'pglite') {
    const dir = mkdtempSync(join(tmpdir(), 'parley-bench-'));
    return { server: { dataDir: dir }, commits: measurePgliteCommits, bareCommits: null, cleanup: async () => rmSync(dir, { recursive: true, force: true }) };
  }
  const database = await createTestDatabase('postgres', { maxConnections: 1 });
  return {
    server: { url: database.url! },
    commits: () => measurePostgresCommits(database.url!, 'comments'),
    bareCommits: () => measurePostgresCommits(database.url!, 'bare'),
    cleanup: () => database.close(),
  };
}

/**
 * The section's bars for writes. On PostgreSQL, the bar is the same insert into copies of Parley's
 * own tables (baselines.ts); the bare-table figure, the bench's bar before, is printed beside it.
 */
async function writeBars(kind: 'pglite' | 'postgres', store: Awaited<ReturnType<typeof storage>>): Promise<{ rows: BenchRow[]; bare: number | null }> {
  const commitsPerSecond = await store.commits();
  if (kind === 'pglite') return { rows: [{ name: 'single-row INSERT commits (one connection)', value: Math.round(commitsPerSecond), unit: 'commits/s', note: 'the bar for writes' }], bare: null };
  const bare = await store.bareCommits!();
  return {
    rows: [
      { name: "comment insert + page counter commits (10 clients, 4 statements), Parley's tables", value: Math.round(commitsPerSecond), unit: 'commits/s', note: 'the bar for writes: every index and foreign key of comments' },
      { name: 'the same into a bare table (primary key only, no foreign key)', value: Math.round(bare), unit: 'commits/s', note: 'the bar before; each run below also prints its ratio to this' },
    ],
    bare,
  };
}

/** Posts so far in this process: every post has its own body, so the repeat-post check never decides a figure. */
let posted = 0;

/**
 * One load run of POST /comments: many readers, each POST its own body and its own client IP (so
 * neither the repeat-post check nor one hot rate-limit row decides the figure), and the run is
 * reconciled (every 2xx answer must be a stored row).
 */
async function postLoad(server: ServerChild, pageOf: (n: number) => string, connections = CONNECTIONS, duration = SECONDS) {
  const before = await settledCount(server);
  const window = cpuWindow(server.pid);
  const result = await load({
    url: server.url,
    connections,
    duration,
    requests: [
      {
        method: 'POST',
        path: '/api/v1/comments',
        setupRequest: (req) => {
          const n = ++posted;
          return {
            ...req,
            headers: {
              'content-type': 'application/json',
              authorization: `Bearer ${server.tokens[n % server.tokens.length]}`,
              'x-forwarded-for': `10.${(n >> 16) & 255}.${(n >> 8) & 255}.${n & 255}`,
            },
            body: JSON.stringify({ site: 'demo', page: pageOf(n), body: `Bench comment ${n}: a few words that say something.`, author: { name: `Reader ${n % READERS}` } }),
          };
        },
      },
    ],
  });
  // The requests in flight at the stop finish on the server after it: count once they have, so
  // none is counted in the next run instead.
  const stored = (await settledCount(server)) - before;
  const cpu = window?.();
  const ok = result.statuses['2xx'] ?? 0;
  // autocannon stops counting at the deadline with up to one request per connection still
  // in flight; the server finishes those, so they are stored without a counted answer.
  const inFlight = stored - ok;
  const isReconciled = inFlight >= 0 && inFlight <= connections;
  const reconciled = `${isReconciled ? 'reconciled' : 'NOT RECONCILED'}: ${ok} × 2xx, ${stored} rows${inFlight > 0 && isReconciled ? ` (${inFlight} in flight at the stop)` : ''}`;
  return { result, note: reconciled, cpu: cpuNote(cpu, stored) };
}

/**
 * GET /threads (cache off, cached, 304) and POST /comments on a 1,000-comment thread, plus page one
 * at 100, 100,000 and (PostgreSQL) 1,000,000 comments, against a server in a child process on `kind`.
 */
export function apiBench(kind: 'pglite' | 'postgres', bare: () => LoadResult): BenchSection {
  return {
    title: `API on ${kind === 'pglite' ? 'PGlite (embedded, on disk)' : 'PostgreSQL 15'}`,
    async run() {
      const rows: BenchRow[] = [];
      const store = await storage(kind);
      const bareBar = `bare Hono ${fmt(bare().rps)} req/s`;
      const throughput = (name: string, r: LoadResult, expected: '2xx' | '3xx', bar?: { text: string; value: number }): BenchRow[] => [
        { name: `${name} throughput`, value: Math.round(r.rps), unit: 'req/s', ...(bar ? { baseline: bar.text, ratio: r.rps / bar.value } : {}), note: statusNote(r, expected) },
        { name: `${name} p99`, value: r.p99, unit: 'ms' },
      ];
      try {
        const bars = await writeBars(kind, store);
        rows.push(...bars.rows);

        const scale = scaleOf(kind);
        const pages = { '/bench': THREAD, ...Object.fromEntries(scale.map((size) => [`/scale-${size}`, size])) };
        const server = await startServer({ mode: 'app', ...store.server, pages, readers: READERS });
        try {
          const url = server.url + thread('/bench');
          await new Promise((r) => setTimeout(r, 1000));
          rows.push(idleRss(kind, server));
          await load({ url, duration: 1 }); // warm-up: JIT, connections, plans

          await server.setCache(false);
          const cold = await load({ url });
          rows.push(...throughput(`GET /threads ${THREAD} comments, cache off`, cold, '2xx', { text: bareBar, value: bare().rps }));

          // A story breaks: 50 readers at once, every answer computed (cache off), for 10 s.
          const crowd = await load({ url, connections: 50, duration: Math.max(SECONDS, 10) });
          rows.push(
            { name: `GET /threads cache off, 50 connections`, value: Math.round(crowd.rps), unit: 'req/s', note: `${crowd.errors} errors ${statusNote(crowd, '2xx')}`.trim() },
            { name: `GET /threads cache off, 50 connections p99`, value: crowd.p99, unit: 'ms', baseline: 'aim 1,000 ms', ratio: 1000 / Math.max(1, crowd.p99) },
          );

          await server.setCache(true);
          const cached = await load({ url });
          rows.push(...throughput('GET /threads cached 200, no Accept-Encoding', cached, '2xx', { text: bareBar, value: bare().rps }));
          const widgetCached = await load({ url, headers: WIDGET_READ });
          rows.push(...throughput("GET /threads cached 200, the widget's request (must-show 2)", widgetCached, '2xx', { text: bareBar, value: bare().rps }));

          const etag = (await fetch(url)).headers.get('etag')!;
          const notModified = await load({ url, headers: { 'if-none-match': etag } });
          rows.push(...throughput('GET /threads If-None-Match → 304', notModified, '3xx', { text: bareBar, value: bare().rps }));
          const widgetNotModified = await load({ url, headers: { ...WIDGET_READ, 'if-none-match': etag } });
          rows.push(...throughput("GET /threads If-None-Match → 304, the widget's request", widgetNotModified, '3xx', { text: bareBar, value: bare().rps }));

          // Keyset paging: page one must cost the same however long the thread is.
          await server.setCache(false);
          const scaled: LoadResult[] = [];
          for (const size of scale) {
            await load({ url: server.url + thread(`/scale-${size}`), duration: 1 });
            scaled.push(await load({ url: server.url + thread(`/scale-${size}`) }));
          }
          const at100 = scaled[0]!;
          rows.push({ name: `page one at ${fmt(scale[0]!)} comments, cache off`, value: Math.round(at100.rps), unit: 'req/s', note: `p99 ${at100.p99} ms ${statusNote(at100, '2xx')}`.trim() });
          scale.slice(1).forEach((size, i) => {
            const at = scaled[i + 1]!;
            rows.push({
              name: `page one at ${fmt(size)} comments, cache off`,
              value: Math.round(at.rps),
              unit: 'req/s',
              baseline: `at ${fmt(scale[0]!)}: ${fmt(at100.rps)} req/s`,
              ratio: at.rps / at100.rps,
              note: `p99 ${at.p99} ms ${statusNote(at, '2xx')}`.trim(),
            });
          });

          rows.push(...(await writeRuns(server, store.commits, bars.bare)));
        } finally {
          await server.stop();
        }
      } finally {
        await store.cleanup();
      }
      return rows;
    },
  };
}

/** The stored comment count once it stops moving (two reads 300 ms apart agree; at most 5 s). */
async function settledCount(server: ServerChild): Promise<number> {
  let count = await server.countComments();
  for (const end = Date.now() + 5000; Date.now() < end; ) {
    await new Promise((r) => setTimeout(r, 300));
    const next = await server.countComments();
    if (next === count) break;
    count = next;
  }
  return count;
}

/**
 * Writes: many readers, each POST its own body and its own client IP, so neither the repeat-post
 * check nor one hot rate-limit row decides the figure. "spread" posts to 100 articles; "hot" puts
 * every post on one article (a story breaking). Each run is reconciled: every 2xx answer must be a
 * stored row.
 */
async function writeRuns(server: ServerChild, commits: () => Promise<number>, bareBar: number | null): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];
  const throughput = (name: string, run: Awaited<ReturnType<typeof postLoad>>, bar: Bar): BenchRow[] => [
    { name: `${name} throughput`, value: Math.round(run.result.rps), unit: 'req/s', baseline: `${fmt(bar.rate)} commits/s`, ratio: run.result.rps / bar.rate, note: `${statusNote(run.result, '2xx')} ${run.note}`.trim() },
    {
      name: `${name} p99`,
      value: run.result.p99,
      unit: 'ms',
      note: [run.cpu, bar.cpu && `the bar's ${bar.cpu}`, bareBar && `${(run.result.rps / bareBar).toFixed(2)}× the bare-table bar`].filter(Boolean).join('; '),
    },
  ];
  // The bar, with what each of its commits cost the machine (PostgreSQL and the bench's client).
  type Bar = { rate: number; cpu: string };
  const measureBar = async (): Promise<Bar> => {
    const window = cpuWindow(server.pid);
    const rate = await commits();
    const split = window?.();
    return { rate, cpu: split ? `machine CPU per commit ${((1000 * split.machine) / (rate * SECONDS)).toFixed(2)} ms` : '' };
  };
  // Warm-up, as the read runs have: the write path's code is compiled by the JIT before it is timed
  // (a fresh server spent its first seconds of posts in the compiler, and the first run read low).
  await postLoad(server, (i) => `/warm-up-${i % 10}`, CONNECTIONS, 3);
  // The bar is measured again right before each run (the server idle meanwhile): on a shared 2-core
  // box the machine's speed drifts by 2-3× over minutes, and a bar taken minutes earlier, before
  // the read runs, made the ratio a measure of that drift.
  const spreadBar = await measureBar();
  const spread = await postLoad(server, (i) => `/spread-${i % 100}`);
  rows.push(...throughput('POST /comments, spread over 100 articles', spread, spreadBar));
  const hotBar = await measureBar();
  const hot = await postLoad(server, () => '/bench');
  rows.push(...throughput('POST /comments, all on one article (hot page)', hot, hotBar));
  return rows;
}

/**
 * `--only writes`: the bar for writes and the two POST runs on `kind`, to iterate on the write path
 * in about a minute. `BENCH_PROFILE=dir` writes the server child's V8 CPU profile there.
 */
export function writesBench(kind: 'pglite' | 'postgres'): BenchSection {
  return {
    title: `Writes on ${kind === 'pglite' ? 'PGlite (embedded, on disk)' : 'PostgreSQL 15'}`,
    async run() {
      const store = await storage(kind);
      try {
        const bars = await writeBars(kind, store);
        const rows: BenchRow[] = [...bars.rows];
        const server = await startServer({ mode: 'app', ...store.server, pages: { '/bench': 100 }, readers: READERS });
        try {
          await new Promise((r) => setTimeout(r, 500));
          rows.push(...(await writeRuns(server, store.commits, bars.bare)));
        } finally {
          await server.stop();
        }
        return rows;
      } finally {
        await store.cleanup();
      }
    },
  };
}

/**
 * `--only reads`: the cached read path alone (bare bar, cached 200, 304) on PGlite with one seeded
 * 1,000-comment thread, in well under a minute; the figures match the full bench's rows.
 * `BENCH_PROFILE=dir` writes the server child's V8 CPU profile there.
 */
export function readsBench(bare: () => LoadResult): BenchSection {
  return {
    title: 'Cached reads on PGlite (embedded, on disk)',
    async run() {
      const rows: BenchRow[] = [];
      const store = await storage('pglite');
      const bar = bare().rps;
      const row = (name: string, r: LoadResult, expected: '2xx' | '3xx'): BenchRow[] => [
        { name: `${name} throughput`, value: Math.round(r.rps), unit: 'req/s', baseline: `bare Hono ${fmt(bar)} req/s`, ratio: r.rps / bar, note: statusNote(r, expected) },
        { name: `${name} p99`, value: r.p99, unit: 'ms' },
      ];
      try {
        const server = await startServer({ mode: 'app', ...store.server, pages: { '/bench': THREAD }, readers: 1 });
        try {
          const url = server.url + thread('/bench');
          await load({ url, duration: 1 }); // warm-up: JIT, cache
          await load({ url, duration: 1, headers: WIDGET_READ });
          rows.push(...(await answerBytes(url)));
          rows.push(...row('GET /threads cached 200, no Accept-Encoding', await load({ url }), '2xx'));
          rows.push(...row('GET /threads cached 200, Origin, no Accept-Encoding', await load({ url, headers: { origin: WIDGET_READ.origin } }), '2xx'));
          rows.push(...row("GET /threads cached 200, the widget's request (must-show 2)", await load({ url, headers: WIDGET_READ }), '2xx'));
          const etag = (await fetch(url)).headers.get('etag')!;
          rows.push(...row('GET /threads If-None-Match → 304', await load({ url, headers: { 'if-none-match': etag } }), '3xx'));
          rows.push(...row("GET /threads If-None-Match → 304, the widget's request", await load({ url, headers: { ...WIDGET_READ, 'if-none-match': etag } }), '3xx'));
        } finally {
          await server.stop();
        }
      } finally {
        await store.cleanup();
      }
      return rows;
    },
  };
}

/**
 * `--only pglite-reads` (or `postgres-reads`): issue 16's must-show 7 alone, in well under a
 * minute: idle RSS, then on the 1,000-comment thread with the cache off, 10 and 50 connections of
 * reads (50 for 10 s), and 10 connections of writes. The figures match the full bench's rows.
 * `BENCH_PROFILE=dir` writes the server child's V8 CPU profile there.
 */
export function loadBench(kind: 'pglite' | 'postgres'): BenchSection {
  return {
    title: `${kind === 'pglite' ? 'PGlite (embedded, on disk)' : 'PostgreSQL 15'} under load, cache off`,
    async run() {
      const rows: BenchRow[] = [];
      const store = await storage(kind);
      try {
        const server = await startServer({ mode: 'app', ...store.server, pages: { '/bench': THREAD }, readers: READERS });
        try {
          const url = server.url + thread('/bench');
          await new Promise((r) => setTimeout(r, 1000));
          rows.push(idleRss(kind, server));
          await server.setCache(false);
          await load({ url, duration: 1 }); // warm-up: JIT, plans
          const cold = await load({ url });
          rows.push({ name: `GET /threads ${THREAD} comments, cache off`, value: Math.round(cold.rps), unit: 'req/s', note: `p99 ${cold.p99} ms ${statusNote(cold, '2xx')}`.trim() });
          const crowd = await load({ url, connections: 50, duration: Math.max(SECONDS, 10) });
          rows.push(
            { name: 'GET /threads cache off, 50 connections', value: Math.round(crowd.rps), unit: 'req/s', note: statusNote(crowd, '2xx') || '0 errors' },
            { name: 'GET /threads cache off, 50 connections p99', value: crowd.p99, unit: 'ms', baseline: 'aim 1,000 ms', ratio: 1000 / Math.max(1, crowd.p99) },
          );
          // The same crowd asking 50 different pages of the thread (limit 1–50), so identical reads
          // rarely meet: what the line costs when single-flight cannot help.
          let k = 0;
          const distinct = await load({
            url,
            connections: 50,
            duration: Math.max(SECONDS, 10),
            requests: [{ method: 'GET', setupRequest: (req) => ({ ...req, path: thread('/bench').replace('limit=20', `limit=${1 + (k++ % 50)}`) }) }],
          });
          rows.push(
            { name: 'GET /threads cache off, 50 connections, 50 different pages', value: Math.round(distinct.rps), unit: 'req/s', note: statusNote(distinct, '2xx') || '0 errors' },
            { name: 'GET /threads cache off, 50 connections, 50 different pages p99', value: distinct.p99, unit: 'ms', baseline: 'aim 1,000 ms', ratio: 1000 / Math.max(1, distinct.p99) },
          );
          const writes = await postLoad(server, (i) => `/spread-${i % 100}`);
          rows.push(
            { name: 'POST /comments, 10 connections', value: Math.round(writes.result.rps), unit: 'req/s', note: `${statusNote(writes.result, '2xx')} ${writes.note}`.trim() },
            { name: 'POST /comments, 10 connections p99', value: writes.result.p99, unit: 'ms' },
          );
          rows.push({ name: 'server RSS after the runs', value: Math.round(rssBytes(server.pid) / 2 ** 20), unit: 'MB' });
        } finally {
          await server.stop();
        }
      } finally {
        await store.cleanup();
      }
      return rows;
    },
  };
}

/** The cached answer's bytes on the wire in each coding the server sends. */
async function answerBytes(url: string): Promise<BenchRow[]> {
  // node:http, not fetch: fetch decodes the body, and the bytes on the wire are the point here.
  const sizeIn = (encoding: string) =>
    new Promise<{ bytes: number; coding: string }>((resolve, reject) => {
      get(url, { headers: { 'accept-encoding': encoding } }, (res) => {
        let bytes = 0;
        res.on('data', (chunk: Buffer) => (bytes += chunk.length));
        res.on('end', () => resolve({ bytes, coding: res.headers['content-encoding'] ?? 'identity' }));
      }).on('error', reject);
    });
  const identity = await sizeIn('identity');
  const rows: BenchRow[] = [{ name: 'GET /threads answer, identity', value: identity.bytes, unit: 'B', note: 'seeded comments are short and alike: real text compresses less' }];
  for (const encoding of ['br', 'gzip']) {
    const sent = await sizeIn(encoding);
    rows.push({ name: `GET /threads answer, Accept-Encoding: ${encoding}`, value: sent.bytes, unit: 'B', note: `sent as ${sent.coding}, ${(identity.bytes / sent.bytes).toFixed(1)}× smaller` });
  }
  return rows;
}
