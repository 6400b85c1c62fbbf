import { randomBytes } from 'node:crypto';
import postgres from 'postgres';
import { createApp } from '../../server/app.ts';
import { ensureDemoSite } from '../../server/services/sites/bootstrap.ts';
import { migrateDatabase, openDatabase } from '../../server/store/db.ts';
import { adminUrl } from '../helpers/database.ts';
import { setSiteSettings } from '../helpers/app.ts';
import type { BenchRow, BenchSection } from './report.ts';

/** Posts measured after the warm-up (caches filled, the page row exists). Sequential: one post's statements at a time. */
const POSTS = 20;

/**
 * Statements a steady-state post and reply send to PostgreSQL, counted by the driver's debug hook
 * (every statement, including BEGIN/COMMIT and LISTEN/NOTIFY traffic of the request). A timing-free
 * figure: `npm run bench -- --quick` fails when it grows past its budget.
 */
export async function countStatementsPerPost(): Promise<{ post: number; reply: number; keyed: number; read: number }> {
  const name = `parley_bench_${randomBytes(5).toString('hex')}`;
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${name}`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  let statements = 0;
  const log: string[] = [];
  const database = await openDatabase({ url: url.toString(), maxConnections: 4, onStatement: (q) => { statements++; if (process.env.BENCH_LOG_STATEMENTS) log.push(q.replace(/\s+/g, " ").slice(0, 140)); } });
  await migrateDatabase(database);
  const app = createApp({ database, config: { publicUrl: 'http://127.0.0.1:9' } });
  try {
    await app.ready;
    await ensureDemoSite(app.services);
    await setSiteSettings(app, 'demo', { minSecondsToPost: 0, rateLimitPerMinute: 10_000 });
    const headers = { 'content-type': 'application/json', 'x-parley-csrf': '1' };
    const reader = await app.request('/api/v1/readers', { method: 'POST', headers, body: JSON.stringify({ site: 'demo' }) });
    const { token } = (await reader.json()) as { token: string };
    const auth = { ...headers, authorization: `Bearer ${token}` };
    let n = 0;
    const post = async (parentId?: number, key?: string) => {
      n++;
      const body = { site: 'demo', page: '/statements', body: `Statement count ${n}: a few ordinary words.`, author: { name: 'Counter' }, ...(parentId ? { parentId } : {}) };
      const res = await app.request('/api/v1/comments', { method: 'POST', headers: key ? { ...auth, 'idempotency-key': key } : auth, body: JSON.stringify(body) });
      if (res.status !== 201 && res.status !== 200) throw new Error(`statement bench: POST answered ${res.status} ${await res.text()}`);
      return ((await res.json()) as { comment: { id: number } }).comment.id;
    };
    const root = await post();
    for (let i = 0; i < 5; i++) await post(root); // warm-up: memos, prepared plans, the page row
    const measure = async (run: () => Promise<unknown>) => {
      // Let the event bus's NOTIFY of the previous write settle before counting.
      await new Promise((r) => setTimeout(r, 20));
      const before = statements;
      for (let i = 0; i < POSTS; i++) await run();
      return (statements - before) / POSTS;
    };
    log.length = 0;
    const postCount = await measure(() => post());
    if (process.env.BENCH_LOG_STATEMENTS) console.log(log.slice(-Math.ceil(postCount)).join('\n'));
    log.length = 0;
    const replyCount = await measure(() => post(root));
    if (process.env.BENCH_LOG_STATEMENTS) console.log("--- reply"), console.log(log.slice(-Math.ceil(replyCount)).join("\n"));
    // As the widget sends it: every post carries an Idempotency-Key (one per user action).
    const keyedCount = await measure(() => post(undefined, `bench-${n}-${randomBytes(4).toString('hex')}`));
    const readCount = await measure(async () => {
      app.services.threadCache.clear();
      const res = await app.request(`/api/v1/threads?site=demo&page=%2Fstatements&sort=oldest&limit=20`);
      await res.arrayBuffer();
    });
    // Rounded: a rate-limit window rolling over mid-run adds one cleanup statement now and then.
    const round = (x: number) => Math.round(x * 10) / 10;
    return { post: round(postCount), reply: round(replyCount), keyed: round(keyedCount), read: round(readCount) };
  } finally {
    await app.close();
    await database.close();
    await admin.unsafe(`drop database if exists ${name} with (force)`);
    await admin.end();
  }
}

/** Budgets for the timing-free figures; `--quick` fails on a regression past them. */
// post, reply: one read and one write (store/comment-post.ts); keyed adds the reader and the key's claim.
// read: one statement (store/thread-page.ts), and now and then the page row when its memo expires.
export const STATEMENT_BUDGET = { post: 2, reply: 2, keyed: 4, read: 2 };

export const statementsBench: BenchSection = {
  title: 'Statements per request on PostgreSQL (driver debug hook, steady state)',
  async run(): Promise<BenchRow[]> {
    const counts = await countStatementsPerPost();
    return [
      { name: 'POST /comments, new top-level comment', value: counts.post, unit: 'statements', baseline: `budget ${STATEMENT_BUDGET.post}`, ratio: STATEMENT_BUDGET.post / Math.round(counts.post), note: 'was 12; the bar\'s insert: 4 (begin, insert, update, commit)' },
      { name: 'POST /comments, reply', value: counts.reply, unit: 'statements', baseline: `budget ${STATEMENT_BUDGET.reply}`, ratio: STATEMENT_BUDGET.reply / Math.round(counts.reply), note: 'was 14' },
      { name: 'POST /comments with Idempotency-Key (as the widget posts)', value: counts.keyed, unit: 'statements', baseline: `budget ${STATEMENT_BUDGET.keyed}`, ratio: STATEMENT_BUDGET.keyed / Math.round(counts.keyed), note: 'was 14 (the 12, the claim, the save)' },
      { name: 'GET /threads, cache off', value: counts.read, unit: 'statements', baseline: `budget ${STATEMENT_BUDGET.read}`, ratio: STATEMENT_BUDGET.read / Math.round(counts.read), note: 'was 4 (pinned, rest, first replies, inline probe)' },
    ];
  },
};
