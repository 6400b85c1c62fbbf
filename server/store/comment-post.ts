import { Placeholder, sql, type SQL } from 'drizzle-orm';
import { PgDialect } from 'drizzle-orm/pg-core';
import type { Database } from './db.ts';
import { pathSegment, type CommentRow } from './comments.ts';
import type { ReaderRow } from './readers.ts';

/**
 * A new comment's two statements (issue 16). Everything a post must read in one round trip
 * (`readForPost`, store/post-read.ts); everything it writes, its rate-limit count included, in one statement that
 * PostgreSQL runs as one transaction (`writePost`). Before, a post ran twelve statements, each a
 * round trip: the reader, a rate-limit commit, BEGIN, the page, bans and recent comments, the
 * insert, the page, the reader, the outbox, COMMIT and a NOTIFY.
 */

const dialect = new PgDialect();

/**
 * The outbox rows a new comment queues, as an INSERT … RETURNING id to run as a CTE of the write;
 * `when` holds them back unless the comment was written (the notify service builds these).
 */
export type PostMail = ((when: SQL) => SQL) | null;

export type PostWrite = {
  row: CommentRow;
  /** The placement parent (a reply), as read; the write checks it is still approved. */
  parent: Pick<CommentRow, 'id' | 'rootId'> | null;
  /** The reader's profile after this post, written when it differs from `reader`. */
  reader: ReaderRow;
  profile: { name: string; email: string | null };
  pageInfo: { url: string | null; title: string | null };
  mail: PostMail;
  /** Sent at commit when the write happened (the event bus's message; its `event.hasMail` is set here). */
  notify: { channel: string; payload: string } | null;
  /** An Idempotency-Key's claimed row: the answer is kept in the same statement as the write. */
  keep: { readerId: number; key: string; status: number; body: unknown } | null;
  /** The attempt's rate-limit keys and their limits: counted in the window by this write, which writes the comment only within them. */
  rate: { keys: Array<{ key: string; limit: number }>; windowStart: Date };
};

/** Which optional parts a post's write has: posts of one shape share one SQL text and one prepared statement. */
type WriteShape = { rateKeys: number; hasParent: boolean; updatesRoot: boolean; updatesAuthor: boolean; keeps: boolean; notifies: boolean };

/** A statement built once: its text, and per parameter the placeholder to fill or a value of its own. */
type BuiltStatement = { text: string; slots: Array<{ name: string } | { value: unknown }> };

const $ = (name: string) => sql.placeholder(name);

/**
 * The write's SQL for one shape, with placeholders for every value of the post (`writePost` fills
 * them). Only the parts this post needs: PostgreSQL initialises every part of a statement on each
 * run, whether it touches a row or not. Each part waits for the one before it (the chain), which
 * fixes the order rows are locked in.
 */
function writeSql(shape: WriteShape, mail: PostMail): SQL {
  const keys = Array.from({ length: shape.rateKeys }, (_, i) => i);
  const limitOf = sql`case key ${sql.join(keys.map((i) => sql`when ${$(`key${i}`)}::text then ${$(`limit${i}`)}::int`), sql` `)} end`;
  const parts: SQL[] = [];
  let last = 'ins';
  const after = () => sql.raw(`(select count(*) from ${last}) >= 0`);
  if (shape.updatesRoot) {
    parts.push(sql`root as (
      update comments set descendant_count = descendant_count + ${$('approved')}::int
      where id = ${$('rootId')}::bigint and exists (select 1 from ins)
      returning id)`);
    last = 'root';
  }
  parts.push(sql`page_row as (
      update pages set
        comment_count = comment_count + ${$('approved')}::int,
        version = version + 1,
        url = coalesce(${$('url')}::text, url),
        title = coalesce(${$('title')}::text, title)
      where id = ${$('pageId')}::int and exists (select 1 from ins) and ${after()}
        and (${$('approved')}::int <> 0 or url is distinct from coalesce(${$('url')}::text, url) or title is distinct from coalesce(${$('title')}::text, title))
      returning id)`);
  last = 'page_row';
  if (shape.updatesAuthor) {
    parts.push(sql`author as (
      update readers set
        approved_count = greatest(0, approved_count + ${$('approved')}::int),
        rejected_count = greatest(0, rejected_count + ${$('rejected')}::int),
        name = ${$('name')}::text,
        email = coalesce(${$('email')}::text, email)
      where id = ${$('readerId')}::int and exists (select 1 from ins) and ${after()}
      returning id)`);
    last = 'author';
  }
  if (mail) {
    parts.push(sql`mail as (${mail(sql`exists (select 1 from ins) and ${after()}`)})`);
    last = 'mail';
  }
  if (shape.keeps) {
    parts.push(sql`kept as (
      update idempotency_keys set status = ${$('keepStatus')}::int, body = ${$('keepBody')}::jsonb
      where reader_id = ${$('keepReaderId')}::int and key = ${$('keepKey')}::text and exists (select 1 from ins)
      returning 1)`);
  }
  const mails = mail ? sql`(select count(*) from mail)` : sql`0`;
  return sql`
    with
    counted as (
      insert into rate_limits (key, window_start, count)
      select v.key, ${$('windowStart')}::timestamptz, 1 from (values ${sql.join(
        keys.map((i) => sql`(${$(`key${i}`)}::text)`),
        sql`, `,
      )}) v(key)
      order by v.key
      on conflict (key, window_start) do update set count = rate_limits.count + 1
      returning key, count),
    over as (select 1 from counted where count > ${limitOf}),
    ${shape.hasParent
      ? sql`p as (
          update comments set
            reply_count = reply_count + ${$('visible')}::int,
            visible = (status = 'approved' or reply_count + ${$('visible')}::int > 0),
            descendant_count = descendant_count + (case when id = ${$('rootId')}::bigint then ${$('approved')}::int else 0 end)
          where id = ${$('parentId')}::bigint and page_id = ${$('pageId')}::int and status = 'approved' and not exists (select 1 from over)
          returning id),`
      : sql``}
    ins as (
      insert into comments (id, page_id, parent_id, root_id, depth, path, reader_id, author_name, is_guest, body_md, body_html, status, visible, reasons, anchor, ip_hash, created_at)
      select ${$('id')}::bigint, ${$('pageId')}::int, ${$('parentId')}::bigint, ${$('rootId')}::bigint, ${$('depth')}::int, ${$('path')}::text, ${$('readerId')}::int, ${$('authorName')}::text,
        ${$('isGuest')}::boolean, ${$('bodyMd')}::text, ${$('bodyHtml')}::text, ${$('status')}::text, ${$('isVisible')}::boolean,
        array(select jsonb_array_elements_text(${$('reasons')}::jsonb)),
        ${$('anchor')}::jsonb, ${$('ipHash')}::text, ${$('createdAt')}::timestamptz
      ${shape.hasParent ? sql`from p` : sql``}
      where not exists (select 1 from over)
      returning id),
    ${sql.join(parts, sql`,
    `)}
    select
      (select count(*) from ins)::int as written,
      (select count(*) from over)::int as over,
      ${shape.keeps ? sql`(select count(*) from kept)::int` : sql`0`} as kept,
      ${mails}::int as mails
      ${shape.notifies ? sql`, (select pg_notify(${$('channel')}, jsonb_set(${$('payload')}::jsonb, '{event,hasMail}', to_jsonb(${mails} > 0))::text) from ins) as notified` : sql``}`;
}

function build(query: SQL): BuiltStatement {
  const { sql: text, params } = dialect.sqlToQuery(query);
  return { text, slots: params.map((p) => (p instanceof Placeholder ? { name: p.name } : { value: p })) };
}

/** The statements built so far, by shape (at most 2 × 2⁵ of them). One with outbox mail is built per post: its part holds values of its own. */
const built = new Map<string, BuiltStatement>();

function statementFor(shape: WriteShape, mail: PostMail): BuiltStatement {
  if (mail) return build(writeSql(shape, mail));
  const key = JSON.stringify(shape);
  let statement = built.get(key);
  if (!statement) built.set(key, (statement = build(writeSql(shape, null))));
  return statement;
}

/**
 * One statement, so one transaction with one round trip: the attempt's rate-limit counts (the rest
 * is written only if they are within the limits), the parent's counters (and the check that it is
 * still approved, so a reply never lands under a comment removed a moment ago), the comment, the
 * root's count, the page's count and version, the reader's trust and profile, the outbox rows and
 * the NOTIFY. The counter rows are locked first (no other writer holds one while locking anything
 * else), then the comments bottom-up, parent, root, page, then reader, as every writer does: each
 * CTE reads the one before it, which fixes the order they run in. Answers whether the comment
 * was written (false: the parent is gone or no longer approved) and how many mails were queued.
 * Its SQL text is built once per shape (`statementFor`), and each post fills in its values.
 */
export async function writePost(database: Pick<Database, 'query'>, input: PostWrite): Promise<{ isWritten: boolean; isOverLimit: boolean; mails: number; isKept: boolean }> {
  const { row, parent } = input;
  const approved = Number(row.status === 'approved');
  const changesProfile = input.profile.name !== input.reader.name || (input.profile.email !== null && input.profile.email !== input.reader.email);
  // Sorted: two writes counting the same keys lock their rows in one order.
  const rateKeys = [...input.rate.keys].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  const shape: WriteShape = {
    rateKeys: rateKeys.length,
    hasParent: parent !== null,
    updatesRoot: parent !== null && parent.rootId !== parent.id && approved !== 0,
    updatesAuthor: approved !== 0 || row.status === 'rejected' || row.status === 'spam' || changesProfile,
    keeps: input.keep !== null,
    notifies: input.notify !== null,
  };
  const values: Record<string, unknown> = {
    windowStart: input.rate.windowStart.toISOString(),
    approved,
    rejected: Number(row.status === 'rejected' || row.status === 'spam'),
    visible: Number(row.isVisible),
    url: input.pageInfo.url,
    title: input.pageInfo.title,
    name: input.profile.name,
    email: input.profile.email,
    id: row.id,
    pageId: row.pageId,
    parentId: row.parentId,
    rootId: row.rootId,
    depth: row.depth,
    path: row.path,
    readerId: row.readerId,
    authorName: row.authorName,
    isGuest: row.isGuest,
    bodyMd: row.bodyMd,
    bodyHtml: row.bodyHtml,
    status: row.status,
    isVisible: row.isVisible,
    reasons: JSON.stringify(row.reasons),
    anchor: row.anchor ? JSON.stringify(row.anchor) : null,
    ipHash: row.ipHash,
    createdAt: row.createdAt.toISOString(),
    keepStatus: input.keep?.status,
    keepBody: input.keep ? JSON.stringify(input.keep.body) : undefined,
    keepKey: input.keep?.key,
    keepReaderId: input.keep?.readerId,
    channel: input.notify?.channel,
    payload: input.notify?.payload,
  };
  rateKeys.forEach((k, i) => {
    values[`key${i}`] = k.key;
    values[`limit${i}`] = k.limit;
  });
  const statement = statementFor(shape, input.mail);
  const params = statement.slots.map((slot) => ('name' in slot ? values[slot.name] : slot.value));
  const [out] = await database.query<{ written: number; over: number; mails: number; kept: number }>(statement.text, params);
  return { isWritten: Number(out!.written) === 1, isOverLimit: Number(out!.over) > 0, mails: Number(out!.mails), isKept: Number(out!.kept) === 1 };
}

/** What a new comment's author and the moderation pipeline decide; the rest is placement and zeros. */
export type NewCommentFields = Omit<
  CommentRow,
  'id' | 'parentId' | 'rootId' | 'depth' | 'path' | 'authorUrl' | 'upvotes' | 'downvotes' | 'score' | 'replyCount' | 'descendantCount' | 'flagCount' | 'isPinned' | 'editedAt' | 'moderatedAt'
>;

/** A new comment's full row: its fields, its place under `parent` and counters at zero. */
export function newCommentRow(fields: NewCommentFields, id: number, parent: Pick<CommentRow, 'id' | 'rootId' | 'depth' | 'path'> | null): CommentRow {
  return {
    ...fields,
    id,
    ...placement(id, parent),
    authorUrl: null,
    upvotes: 0,
    downvotes: 0,
    score: 0,
    replyCount: 0,
    descendantCount: 0,
    flagCount: 0,
    isPinned: false,
    editedAt: null,
    moderatedAt: null,
  };
}

/** Where a comment with id `id` hangs under `parent`: its root, depth and materialized path. */
export function placement(id: number, parent: Pick<CommentRow, 'id' | 'rootId' | 'depth' | 'path'> | null) {
  return parent
    ? { parentId: parent.id, rootId: parent.rootId, depth: parent.depth + 1, path: parent.path + pathSegment(id) }
    : { parentId: null, rootId: id, depth: 0, path: pathSegment(id) };
}
