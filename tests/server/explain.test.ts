import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Sort } from '../../server/contract/comment.ts';
import { findComment, listDescendants } from '../../server/store/comments.ts';
import { threadPageStatement } from '../../server/store/thread-page.ts';
import { postReadQuery } from '../../server/store/post-read.ts';
import { sha256 } from '../../server/services/readers/tokens.ts';
import { findPage } from '../../server/store/pages.ts';
import { client, createTestApp, type TestApp } from '../helpers/app.ts';

// Runs on PostgreSQL only (tests/vitest.config.ts keeps it out of the PGlite project): the promise
// of DESIGN §9 is about the server's planner. 10,000 comments on one page: 4,000 top-level, each of
// the first 2,000 with 3 replies; and as many on a second page, so the table is not just our page.
const ROOTS = 4000;
const REPLIED = 2000;
const REPLIES_EACH = 3;
const LIMIT = 20;

let t: TestApp;
let sql: postgres.Sql;
let pageId: number;
let firstRoot: number;

type PlanNode = { 'Node Type': string; 'Rows Removed by Filter'?: number; 'Relation Name'?: string; 'Index Name'?: string; 'Actual Rows'?: number; 'Actual Loops'?: number; Plans?: PlanNode[] };
const walk = (node: PlanNode): PlanNode[] => [node, ...(node.Plans ?? []).flatMap(walk)];

/** EXPLAIN (ANALYZE) of a query exactly as the store builds it (a drizzle query or fixed SQL text), with its parameters bound. */
async function explain(query: { toSQL(): { sql: string; params: unknown[] } } | { text: string; params: unknown[] }, generic = false): Promise<PlanNode[]> {
  const { text, params } = 'toSQL' in query ? { text: query.toSQL().sql, params: query.toSQL().params } : query;
  return sql.begin(async (tx) => {
    // A prepared statement may switch to a generic plan after five runs: it must use the indexes too.
    if (generic) await tx.unsafe('set local plan_cache_mode = force_generic_plan');
    const [row] = await tx.unsafe(`explain (analyze, format json) ${text}`, params as never[]);
    const plan = (row!['QUERY PLAN'] as Array<{ Plan: PlanNode }>)[0]!.Plan;
    return walk(plan);
  }) as Promise<PlanNode[]>;
}

function expectIndexOnly(nodes: PlanNode[], maxSortRows: number) {
  const summary = nodes.map((n) => `${n['Node Type']}${n['Relation Name'] ? ` on ${n['Relation Name']}` : ''}${n['Index Name'] ? ` using ${n['Index Name']}` : ''} (${n['Actual Rows']} rows, ${n['Rows Removed by Filter'] ?? 0} filtered)`);
  // No Seq Scan on comments: every listing is an index range scan.
  expect(nodes.filter((n) => n['Relation Name'] === 'comments' && !/Index/.test(n['Node Type'])), summary.join(' → ')).toEqual([]);
  expect(nodes.some((n) => n['Relation Name'] === 'comments'), summary.join(' → ')).toBe(true);
  // The index range is the answer: a scan that reads other pages' or other threads' rows and throws
  // them away (say, the primary key walked in id order) grows with the table, not the page.
  for (const scan of nodes.filter((n) => n['Relation Name'] === 'comments')) {
    expect(scan['Rows Removed by Filter'] ?? 0, summary.join(' → ')).toBeLessThanOrEqual(LIMIT);
  }
  // No Sort over the thread: the index hands rows over in order. A Sort is tolerated only over a
  // handful of rows (at most one page's worth), e.g. re-ordering what a LIMIT already cut.
  for (const sort of nodes.filter((n) => n['Node Type'] === 'Sort' || n['Node Type'] === 'Incremental Sort')) {
    expect(sort['Actual Rows'], summary.join(' → ')).toBeLessThanOrEqual(maxSortRows);
  }
}

beforeAll(async () => {
  t = await createTestApp();
  sql = postgres(t.database.url!, { max: 1, onnotice: () => {} });
  const api = client(t.app);
  const token = await api.reader();
  await api.comment(token, { page: '/other', body: 'a comment on another page' });
  const seed = await api.comment(token, { page: '/big', body: 'the first comment' });
  firstRoot = seed.body.comment.id;
  const site = await t.app.services.sites.get('demo');
  pageId = (await findPage(t.app.services.database.db, site.id, '/big'))!.id;
  const otherPageId = (await findPage(t.app.services.database.db, site.id, '/other'))!.id;
  const [{ id: readerId }] = (await sql`select reader_id as id from comments where id = ${firstRoot}`) as unknown as [{ id: number }];

  // One statement per level, ids picked here so paths and roots are known without a round trip.
  // A second page of the same size interleaves its ids with ours (odd ids, ours even), so a plan
  // that walks the primary key and filters by page shows up as rows thrown away.
  const base = firstRoot + 1;
  const replyBase = base + 2 * ROOTS;
  for (const [page, offset] of [[pageId, 0], [otherPageId, 1]] as const) {
    await sql`
      insert into comments (id, page_id, parent_id, root_id, depth, path, reader_id, author_name, body_md, body_html,
                            status, visible, upvotes, score, reply_count, descendant_count, created_at)
      select ${base + offset} + 2 * g, ${page}, null, ${base + offset} + 2 * g, 0, lpad((${base + offset} + 2 * g)::text, 12, '0'),
             ${readerId}, 'Seed', 'seed ' || g, '<p>seed ' || g || '</p>', 'approved', true, (g * 7919) % 50, (g * 7919) % 50,
             case when g < ${REPLIED} then ${REPLIES_EACH} else 0 end, case when g < ${REPLIED} then ${REPLIES_EACH} else 0 end,
             now() - interval '1 day' + g * interval '1 second'
      from generate_series(0, ${ROOTS - 1}) g`;
    await sql`
      insert into comments (id, page_id, parent_id, root_id, depth, path, reader_id, author_name, body_md, body_html,
                            status, visible, created_at)
      select ${replyBase + offset} + 2 * g, ${page}, ${base + offset} + 2 * (g / ${REPLIES_EACH}), ${base + offset} + 2 * (g / ${REPLIES_EACH}), 1,
             lpad((${base + offset} + 2 * (g / ${REPLIES_EACH}))::text, 12, '0') || lpad((${replyBase + offset} + 2 * g)::text, 12, '0'),
             ${readerId}, 'Seed', 'reply ' || g, '<p>reply ' || g || '</p>', 'approved', true, now()
      from generate_series(0, ${REPLIED * REPLIES_EACH - 1}) g`;
  }
  await sql`select setval(pg_get_serial_sequence('comments', 'id'), ${replyBase + 2 * REPLIED * REPLIES_EACH})`;
  // A few of the roots are inline feedback on a passage, as on a real article: few among many.
  await sql`update comments set anchor = ${sql.json({ type: 'TextQuoteSelector', exact: 'a passage' })}
            where page_id = ${pageId} and parent_id is null and id % 997 = 0`;
  await sql`update pages set comment_count = (select count(*) from comments where page_id = ${otherPageId}) where id = ${otherPageId}`;
  await sql`update pages set comment_count = (select count(*) from comments where page_id = ${pageId}), version = version + 1 where id = ${pageId}`;
  await sql`analyze comments`;
});
afterAll(async () => {
  await sql?.end();
  await t?.close();
});

describe('query plans on a 10,000-comment page (PostgreSQL)', () => {
  it('the page really holds 10,000 comments and the API pages through them', async () => {
    const [{ n }] = (await sql`select count(*)::int as n from comments where page_id = ${pageId}`) as unknown as [{ n: number }];
    expect(n).toBe(1 + ROOTS + REPLIED * REPLIES_EACH);
    const res = await client(t.app).get(`/api/v1/threads?site=demo&page=/big&sort=votes&limit=${LIMIT}`);
    expect(res.body.page.commentCount).toBe(n);
    expect(res.body.comments.filter((c: { parentId: number | null }) => c.parentId === null)).toHaveLength(LIMIT);
  });

  // The uncached read is one statement (server/store/thread-page.ts): the pinned range, the rest,
  // the first replies of each (a lateral range per root) and the anchored probe.
  const statement = (sort: Sort, after: { isPinned: boolean; score: number; id: number } | null, isAnchored = false) =>
    threadPageStatement({ pageId, sort, after, fetch: LIMIT + 1, perRoot: 3, isAnchored });

  for (const sort of ['oldest', 'newest', 'votes'] as Sort[]) {
    for (const generic of [false, true]) {
      it(`a thread page, ${sort}${generic ? ', generic plan' : ''}: index ranges only, no Sort over the thread`, async () => {
        const first = await explain(statement(sort, null), generic);
        expectIndexOnly(first, 0);
        // Each root's first replies come from (root_id, path) in order: 21 small ranges, nothing sorted.
        expect(first.some((n) => n['Index Name'] === 'comments_thread_path_idx' && n['Actual Loops'] === LIMIT + 1)).toBe(true);
        // And a later page, from a cursor in the middle, and one from a cursor among the pinned.
        expectIndexOnly(await explain(statement(sort, { isPinned: false, score: 25, id: firstRoot + ROOTS + 1 }), generic), 0);
        expectIndexOnly(await explain(statement(sort, { isPinned: true, score: 25, id: firstRoot + ROOTS + 1 }), generic), 0);
      });
    }
  }

  for (const generic of [false, true]) {
    it(`inline feedback${generic ? ', generic plan' : ''}: "has the page any" and the Inline Feedbacks tab read only the anchored rows`, async () => {
      const [{ anchored }] = (await sql`select count(*)::int as anchored from comments where page_id = ${pageId} and anchor is not null`) as unknown as [{ anchored: number }];
      expect(anchored).toBeGreaterThan(0);
      // Most Voted may sort the anchored rows (a handful), never the thread.
      for (const sort of ['oldest', 'newest', 'votes'] as Sort[]) {
        const nodes = await explain(statement(sort, null, true), generic);
        expectIndexOnly(nodes, anchored);
        expect(nodes.filter((n) => n['Relation Name'] === 'comments' && n['Index Name'] !== 'comments_anchored_idx' && n['Index Name'] !== 'comments_thread_path_idx')).toEqual([]);
      }
    });

    it(`a new comment's read${generic ? ', generic plan' : ''}: the author's recent comments are an index range on the reader, however large the table`, async () => {
      // A reader with no comment yet. The statement is written so that only comments_reader_idx gives
      // its order: with `reader_id = (select …) order by id desc` the planner walked the primary key
      // from the newest id and filtered by reader when one author had most rows (the bench's seeded
      // threads), so a reader with no recent comment read the whole table (posts fell to 56 a second).
      const token = await client(t.app).reader();
      const site = await t.app.services.sites.get('demo');
      const query = postReadQuery([{
        tokenHash: sha256(token), siteId: site.id, pageKey: '/big', parentId: null, guestEmailBan: null, ipHash: null,
        readerKeyPrefix: 'post:reader:', ipKey: null, windowStart: new Date(Math.floor(Date.now() / 60_000) * 60_000), now: new Date(),
      }]);
      expectIndexOnly(await explain(query, generic), 0);
    });

    it(`more replies of one comment${generic ? ', generic plan' : ''}: an index range, no Sort`, async () => {
      const root = (await findComment(t.app.services.database.db, firstRoot + 1))!;
      expectIndexOnly(await explain(listDescendants(t.app.services.database.db, root, null, 51), generic), 0);
    });
  }
});
