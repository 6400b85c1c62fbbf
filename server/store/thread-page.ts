import type { Sort } from '../contract/comment.ts';
import type { CommentRow, TopCursor } from './comments.ts';
import type { Database } from './db.ts';

/** The columns a thread answer shows (`toCommentView`): no Markdown source, IP hash or moderation fields. */
export type ThreadCommentRow = Pick<
  CommentRow,
  | 'id'
  | 'parentId'
  | 'rootId'
  | 'depth'
  | 'path'
  | 'readerId'
  | 'authorName'
  | 'isGuest'
  | 'bodyHtml'
  | 'status'
  | 'createdAt'
  | 'editedAt'
  | 'upvotes'
  | 'downvotes'
  | 'score'
  | 'replyCount'
  | 'descendantCount'
  | 'isPinned'
  | 'anchor'
>;

export type ThreadPageRows = {
  /** Top-level comments in the sort's order, pinned first: up to `fetch` of them (one more than shown tells that more follow). */
  top: ThreadCommentRow[];
  /** The first `perRoot` visible replies of each of those, in thread order. */
  replies: ThreadCommentRow[];
  /** Whether the page has any visible inline feedback (an anchored top-level comment). */
  hasAnchored: boolean;
};

export type ThreadPageQuery = { pageId: number; sort: Sort; after: TopCursor | null; fetch: number; perRoot: number; isAnchored: boolean };

const COLUMNS = `id, parent_id, root_id, depth, path, reader_id, author_name, is_guest, body_html, status, created_at, edited_at,
  upvotes, downvotes, score, reply_count, descendant_count, pinned, anchor`;
// What is sent, as one JSON array in one text value: PGlite's protocol parser decodes each field of
// each row in JavaScript (measured: ~4 of the 5.5 ms a 20-comment page took, 85 rows × 19 fields),
// and JSON.parse reads one string natively. Ids are JSON numbers (below 2^53, as drizzle's
// `mode: 'number'` assumes too), times are ms since the epoch, the anchor is its JSON.
const wire = (t: string) => `${t}.id, ${t}.parent_id, ${t}.root_id, ${t}.depth, ${t}.path, ${t}.reader_id, ${t}.author_name, ${t}.is_guest,
  ${t}.body_html, ${t}.status, (extract(epoch from ${t}.created_at) * 1000)::float8 as created_ms,
  (extract(epoch from ${t}.edited_at) * 1000)::float8 as edited_ms, ${t}.upvotes, ${t}.downvotes, ${t}.score, ${t}.reply_count,
  ${t}.descendant_count, ${t}.pinned, ${t}.anchor`;
const WIRE_WIDTH = 19;

// A cursor's values follow the three fixed parameters: $4 (and $5), as `cursorParams` lists them.
// The order names page_id first and the page is a range of one ($1 to $1), not "= $1": then only the
// (page, pinned, …) indexes give that order. With "=" the planner may walk the primary key in id
// order and filter by page when one page holds most rows (the bench's million-comment thread):
// for a page whose ids come after another long thread's, it read that whole thread first (page one
// at 1,000,000 comments answered at 0.11× of page one at 100).
const ORDER: Record<Sort, { by: string; after: string; cursorParams: (c: TopCursor) => unknown[] }> = {
  oldest: { by: 'page_id, id', after: 'id > $4::bigint', cursorParams: (c) => [c.id] },
  newest: { by: 'page_id desc, id desc', after: 'id < $4::bigint', cursorParams: (c) => [c.id] },
  // Ties on score go newest first, so one backward scan of (page, pinned, score, id) serves it.
  votes: { by: 'page_id desc, score desc, id desc', after: '(score, id) < ($4::int, $5::bigint)', cursorParams: (c) => [c.score, c.id] },
};

/**
 * One statement for the page's first view after a change: up to `fetch` pinned and `fetch` other
 * top-level comments, each a keyset range of a partial index with a LIMIT the planner knows (page
 * one costs the same at 100 and at 100k comments); the first replies of each by one lateral range
 * of (root_id, path); and one probe of the anchored index. The caller keeps the first `fetch` of
 * pinned-then-rest; the replies of the few it drops (only when comments are pinned) are not shown.
 * It replaces four statements that mapped every column of ~80 rows. The SQL text depends only on
 * (sort, cursor kind, anchored): on PostgreSQL, one prepared statement per variant.
 */
export function threadPageStatement(q: ThreadPageQuery): { text: string; params: unknown[] } {
  const cursor = q.after === null ? 'none' : q.after.isPinned ? 'pinned' : 'rest';
  const params: unknown[] = [q.pageId, q.fetch, q.perRoot];
  if (q.after) params.push(...ORDER[q.sort].cursorParams(q.after));
  return { text: statementText(q.sort, cursor, q.isAnchored), params };
}

const texts = new Map<string, string>();
function statementText(sort: Sort, cursor: 'none' | 'pinned' | 'rest', isAnchored: boolean): string {
  const key = `${sort}|${cursor}|${isAnchored}`;
  let text = texts.get(key);
  if (text) return text;
  const order = ORDER[sort];
  const range = (isPinned: boolean, hasCursor: boolean) =>
    `select ${COLUMNS} from comments
     where page_id between $1 and $1 and pinned = ${isPinned} and parent_id is null and visible${isAnchored ? ' and anchor is not null' : ''}${hasCursor ? ` and ${order.after}` : ''}
     order by ${order.by} limit $2::int`;
  // A cursor in the rest skips the pinned range; a cursor in the pinned range starts the rest afresh.
  const pinned = cursor === 'rest' ? `select ${COLUMNS} from comments where false` : range(true, cursor === 'pinned');
  text = `with top as (select 0 as kind, * from (${pinned}) p union all select 1, * from (${range(false, cursor === 'rest')}) r)
    select json_agg(answer)::text as rows from (
    select top.kind, ${wire('top')}, null::boolean as has_anchored from top
    union all
    select 2, ${wire('reply')}, null from top cross join lateral (
      select ${COLUMNS} from comments
      where root_id = top.id and visible and path > top.path
      order by path limit $3::int) reply
    union all
    select 3, ${Array(WIRE_WIDTH).fill('null').join(', ')}, exists (
      select 1 from comments where page_id = $1 and parent_id is null and visible and anchor is not null)) answer`;
  texts.set(key, text);
  return text;
}

type Wire = {
  kind: number;
  id: number;
  parent_id: number | null;
  root_id: number;
  depth: number;
  path: string;
  reader_id: number;
  author_name: string;
  is_guest: boolean;
  body_html: string;
  status: CommentRow['status'];
  created_ms: number;
  edited_ms: number | null;
  upvotes: number;
  downvotes: number;
  score: number;
  reply_count: number;
  descendant_count: number;
  pinned: boolean;
  anchor: CommentRow['anchor'];
  has_anchored: boolean | null;
};

const toRow = (w: Wire): ThreadCommentRow => ({
  id: w.id,
  parentId: w.parent_id,
  rootId: w.root_id,
  depth: w.depth,
  path: w.path,
  readerId: w.reader_id,
  authorName: w.author_name,
  isGuest: w.is_guest,
  bodyHtml: w.body_html,
  status: w.status,
  createdAt: new Date(w.created_ms),
  editedAt: w.edited_ms === null ? null : new Date(w.edited_ms),
  upvotes: w.upvotes,
  downvotes: w.downvotes,
  score: w.score,
  replyCount: w.reply_count,
  descendantCount: w.descendant_count,
  isPinned: w.pinned,
  anchor: w.anchor,
});

const compare: Record<Sort, (a: ThreadCommentRow, b: ThreadCommentRow) => number> = {
  oldest: (a, b) => a.id - b.id,
  newest: (a, b) => b.id - a.id,
  votes: (a, b) => b.score - a.score || b.id - a.id,
};

/** Runs `threadPageStatement` (one round trip) and sorts its rows out. */
export async function listThreadPage(database: Pick<Database, 'query'>, q: ThreadPageQuery): Promise<ThreadPageRows> {
  const { text, params } = threadPageStatement(q);
  const [answer] = await database.query<{ rows: string }>(text, params);
  const wire = JSON.parse(answer!.rows) as Wire[];
  const pinned: ThreadCommentRow[] = [];
  const rest: ThreadCommentRow[] = [];
  const replies: ThreadCommentRow[] = [];
  let hasAnchored = false;
  for (const w of wire) {
    if (w.kind === 3) hasAnchored = w.has_anchored === true;
    else (w.kind === 0 ? pinned : w.kind === 1 ? rest : replies).push(toRow(w));
  }
  // A UNION ALL promises no order: the rows' own keys give it back (a few dozen rows).
  pinned.sort(compare[q.sort]);
  rest.sort(compare[q.sort]);
  replies.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return { top: [...pinned, ...rest].slice(0, q.fetch), replies, hasAnchored };
}
