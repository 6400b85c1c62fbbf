import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp, type ParleyApp } from '../../server/app.ts';
import { ensureDemoSite } from '../../server/services/sites/bootstrap.ts';
import { rowsOf } from '../../server/store/comments.ts';
import { openDatabase, type Database } from '../../server/store/db.ts';
import { client, PUBLIC_URL, setSiteSettings, TestClock } from '../helpers/app.ts';
import { counterMismatches } from '../helpers/counters.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/database.ts';
import { bulkSettings } from '../helpers/rows.ts';
import { createModerator, signIn } from '../helpers/admin.ts';

/**
 * Two app instances on one database (on PostgreSQL each with its own connection pool, as two
 * processes behind a load balancer; PGlite has one connection, so there they share it), with
 * many readers writing at once. Every stored counter must equal what its rows add up to.
 */
const READERS = 50;
const COMMENTS = 20;

let database: TestDatabase;
let secondDb: Database;
let a: ParleyApp;
let b: ParleyApp;

beforeAll(async () => {
  // PGlite's line (server/store/pglite-queue.ts) would refuse most of 1,000 requests at once with
  // 503, by design: here every one must wait its turn, as the raised deadline below says too.
  database = await createTestDatabase(undefined, { queue: { maxDepth: 10_000, maxWaitMs: 170_000 } });
  secondDb = database.url ? await openDatabase({ url: database.url }) : database;
  const clock = new TestClock();
  // Correctness under contention, not latency: 1,000 requests queue on 2 x 10 connections of a
  // shared 2-core box for longer than the production 8 s deadline.
  const config = { publicUrl: PUBLIC_URL, requestTimeoutMs: 170_000 };
  a = createApp({ database, clock, config });
  b = createApp({ database: secondDb, clock, config });
  await Promise.all([a.ready, b.ready]);
  await ensureDemoSite(a.services);
  await setSiteSettings(a, 'demo', bulkSettings);
  b.services.sites.invalidate();
});
afterAll(async () => {
  await a?.close();
  await b?.close();
  if (secondDb && secondDb !== database) await secondDb.close();
  await database?.close();
});

type Tally = { id: number; score: number; upvotes: number; downvotes: number; sum: number; up: number; down: number };

async function tallies(): Promise<Tally[]> {
  return rowsOf<Tally>(
    await database.db.execute(sql`
      select c.id::int as id, c.score, c.upvotes, c.downvotes,
             coalesce(sum(v.value), 0)::int as sum,
             count(*) filter (where v.value = 1)::int as up,
             count(*) filter (where v.value = -1)::int as down
        from comments c left join votes v on v.comment_id = c.id
       where c.page_id = (select id from pages where key = '/concurrency')
       group by c.id order by c.id`),
  );
}

/** A fixed pseudo-random vote for (reader, comment, round): the same on every run. */
const voteOf = (r: number, c: number, round: number) => ([1, -1, 1, 0, -1, 1, 1][(r * 7 + c * 3 + round * 5) % 7] as 1 | -1 | 0);

describe('concurrent writers on two instances', () => {
  const tokens: string[] = [];
  const ids: number[] = [];

  it('1,000 concurrent votes (50 readers x 20 comments, two instances) leave every score equal to the sum of its votes', async () => {
    const api = client(a);
    for (let r = 0; r < READERS; r++) tokens.push(await api.reader());
    for (let c = 0; c < COMMENTS; c++) ids.push((await api.comment(tokens[c % READERS]!, { page: '/concurrency', body: `comment ${c}` })).body.comment.id);

    const vote = async (r: number, c: number, value: number): Promise<Response> =>
      ((r + c) % 2 === 0 ? a : b).request(`/api/v1/comments/${ids[c]}/vote`, {
        method: 'PUT',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${tokens[r]}` },
        body: JSON.stringify({ value }),
      });

    // Round 1: every reader votes on every comment at once. Round 2: every reader changes, repeats
    // or takes back the vote, again all at once (a repeat must change nothing).
    // PGlite runs one statement at a time; its second round would only repeat the first, slowly.
    const rounds = database.url ? [0, 1] : [0];
    for (const round of rounds) {
      const statuses = await Promise.all(
        Array.from({ length: READERS * COMMENTS }, (_, i) => vote(i % READERS, Math.floor(i / READERS), voteOf(i % READERS, Math.floor(i / READERS), round)).then(async (res: Response) => (res.status === 200 ? 200 : `${res.status} ${await res.text()}`))),
      );
      expect(statuses.filter((s) => s !== 200)).toEqual([]);
    }

    const rows = await tallies();
    expect(rows).toHaveLength(COMMENTS);
    for (const row of rows) expect({ id: row.id, score: row.score, up: row.upvotes, down: row.downvotes }).toEqual({ id: row.id, score: row.sum, up: row.up, down: row.down });
    // And each equals what the readers last chose: one vote per reader, the last one.
    const expected = ids.map((id, c) => ({ id, score: Array.from({ length: READERS }, (_, r) => voteOf(r, c, rounds.length - 1) as number).reduce((s, v) => s + v, 0) }));
    expect(rows.map((r) => ({ id: r.id, score: r.score }))).toEqual(expected);
    const perReader = rowsOf<{ n: number }>(await database.db.execute(sql`select count(*)::int as n from votes group by comment_id, reader_id having count(*) > 1`));
    expect(perReader).toEqual([]);
    expect(await counterMismatches(database)).toEqual([]);
  }, 180_000);

  it('replies, edits, deletes and moderation on one thread at once keep the counters and the tree right', async () => {
    const api = client(a);
    const root = (await api.comment(tokens[0]!, { page: '/busy-thread', body: 'root' })).body.comment.id as number;
    const level1: number[] = [];
    for (let i = 0; i < 6; i++) level1.push((await api.comment(tokens[i + 1]!, { page: '/busy-thread', body: `reply ${i}`, parentId: root })).body.comment.id);

    await createModerator(a, { email: 'concurrent@example.com', role: 'admin' });
    const moderator = await signIn(a, 'concurrent@example.com');
    const actions = ['reject', 'approve', 'spam', 'restore'] as const;
    const work: Array<Promise<unknown>> = [];
    for (let i = 0; i < 40; i++) {
      const app = i % 2 === 0 ? a : b;
      const token = tokens[(i % 6) + 1]!;
      const parent = level1[i % 6]!;
      const kind = i % 4;
      if (kind === 0) work.push(client(app).comment(tokens[10 + (i % 30)]!, { page: '/busy-thread', body: `deep ${i}`, parentId: parent }));
      else if (kind === 1) work.push(client(app).patch(`/api/v1/comments/${parent}`, { body: `edited ${i}` }, { token }));
      else if (kind === 2 && i % 8 === 2) work.push(client(app).del(`/api/v1/comments/${parent}`, { token }));
      else if (kind === 2) work.push(moderator.post(`/comments/${level1[(i + 3) % 6]}/actions`, { action: actions[i % actions.length] }));
      else work.push(client(app).comment(tokens[10 + (i % 30)]!, { page: '/busy-thread', body: `sibling ${i}`, parentId: root }));
    }
    const answers = (await Promise.all(work)) as Array<{ status: number; body: any }>;
    // Replies to a comment deleted a moment earlier may be refused (404 parent_not_found); nothing else.
    const unexpected = answers.filter((r) => ![200, 201, 204].includes(r.status) && !['parent_not_found', 'comment_not_found', 'conflict'].includes(r.body?.error?.code));
    expect(unexpected).toEqual([]);

    expect(await counterMismatches(database)).toEqual([]);
    // The tree: every reply's root, depth and path agree with its parent's.
    const broken = rowsOf<{ id: number }>(
      await database.db.execute(sql`
        select c.id from comments c join comments p on p.id = c.parent_id
         where c.root_id <> p.root_id or c.depth <> p.depth + 1 or left(c.path, length(p.path)) <> p.path`),
    );
    expect(broken).toEqual([]);
  }, 120_000);
});
