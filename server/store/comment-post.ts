import { getTableColumns, Placeholder, sql, type SQL } from 'drizzle-orm';
import { PgDialect, type PgTable } from 'drizzle-orm/pg-core';
import type { Database } from './db.ts';
import { pathSegment, type CommentRow } from './comments.ts';
import type { PageRow } from './pages.ts';
import type { ReaderRow } from './readers.ts';
import { pages, readers } from './schema/index.ts';

/**
 * A new comment's two statements (issue 16). Everything a post must read in one round trip
 * (`readForPost`); everything it writes, its rate-limit count included, in one statement that
 * PostgreSQL runs as one transaction (`writePost`). Before, a post ran twelve statements, each a
 * round trip: the reader, a rate-limit commit, BEGIN, the page, bans and recent comments, the
 * insert, the page, the reader, the outbox, COMMIT and a NOTIFY.
 */

const dialect = new PgDialect();

/** A row read as JSON (`row_to_json`) mapped as drizzle maps the table's own rows. */
function fromJsonRow<T>(table: PgTable, json: Record<string, unknown>): T {
  const row: Record<string, unknown> = {};
  for (const [property, column] of Object.entries(getTableColumns(table))) {
    const value = json[column.name];
    row[property] = value === null || value === undefined ? null : column.mapFromDriverValue(value);
  }
  return row as T;
}


export type PostRead = {
  reader: ReaderRow | null;
  page: PageRow | null;
  /** The parent named by the post, if any and if it exists anywhere. */
  parent: Pick<CommentRow, 'id' | 'pageId' | 'parentId' | 'rootId' | 'depth' | 'path' | 'status'> | null;
  bans: Array<{ kind: 'reader' | 'email' | 'ip'; reason: string; expiresAt: Date | null }>;
  /** The reader's five latest comments, newest first. */
  recent: Array<{ id: number; status: string; bodyMd: string; createdAt: Date }>;
  /** The new comment's id, drawn from the sequence now so the write needs no round trip for it. */
  nextId: number;
  /** The window's counts stored so far for the reader's and the IP's keys (this attempt not included). */
  rate: { reader: number; ip: number };
  /** The ban value the database computed for a signed-in reader's stored address (checked in JS). */
  storedEmailBan: string | null;
  /**
   * Whether the page has any subscription at all: without one, the write leaves out the outbox
   * part. One made between this read and the write is as one made just after the comment.
   */
  hasSubscribers: boolean;
};

export type PostReadInput = {
  tokenHash: string;
  siteId: number;
  pageKey: string;
  parentId: number | null;
  /** A guest's address from the form; a signed-in reader's comes from their row. */
  guestEmailBan: string | null;
  ipHash: string | null;
  /** Rate-limit keys are `${prefix}${reader id}` and the IP key. */
  readerKeyPrefix: string;
  ipKey: string | null;
  windowStart: Date;
  now: Date;
};

/**
 * One read-only statement (no commit to wait for): the reader by token, the page, the parent, the
 * bans in force that match the reader, address or IP, the reader's recent comments, the window's
 * stored rate-limit counts for the reader and the IP (the attempt is counted by the comment's own
 * write, services/moderation/rate.ts) and the next comment id.
 */
export async function readForPost(database: Pick<Database, 'query'>, input: PostReadInput): Promise<PostRead> {
  const [read] = await readsForPost(database, [input]);
  return read!;
}

/**
 * `readForPost` for several posts in one statement, answers in the order asked: the posts that
 * reach their read while another read is in flight share the next one (services' `postReads`), as their writes
 * share a commit. One SQL text for every post, so one prepared statement.
 */
export async function readsForPost(database: Pick<Database, 'query'>, inputs: readonly PostReadInput[]): Promise<PostRead[]> {
  const { text, params } = postReadQuery(inputs);
  const rows = (await database.query<PostReadRow>(text, params)).sort((a, b) => a.n - b.n);
  return inputs.map((input, i) => fromPostRead(input, rows[i]!));
}

/** The text and parameters of `readsForPost`'s statement (tests/server/explain.test.ts checks its plan). */
export const postReadQuery = (inputs: readonly PostReadInput[]) => ({
  text: POST_READ,
  params: [
    JSON.stringify(
      inputs.map((input, n) => ({
        n,
        token_hash: input.tokenHash,
        site_id: input.siteId,
        page_key: input.pageKey,
        parent_id: input.parentId,
        guest_email_ban: input.guestEmailBan ?? '',
        ip_hash: input.ipHash,
        reader_key_prefix: input.readerKeyPrefix,
        ip_key: input.ipKey,
        window_start: input.windowStart.toISOString(),
        now: input.now.toISOString(),
      })),
    ),
  ],
});

/** `sha256` of the lower-cased address, base64url, as `emailBanValue` computes it in JS. */
const EMAIL_BAN = `rtrim(translate(encode(sha256(convert_to(lower(btrim(rd.email)), 'UTF8')), 'base64'), '+/', '-_'), '=')`;
const SIGNED_IN = `rd.external_id is not null and rd.email is not null`;

const POST_READ = `
  select i.n,
    case when rd.id is null then null else row_to_json(rd) end as reader,
    case when pg.id is null then null else row_to_json(pg) end as page,
    pg.id is not null and exists (select 1 from subscriptions s where s.page_id = pg.id) as has_subscribers,
    (select json_build_object('id', c.id, 'pageId', c.page_id, 'parentId', c.parent_id, 'rootId', c.root_id, 'depth', c.depth, 'path', c.path, 'status', c.status)
       from comments c where c.id = i.parent_id) as parent,
    case when ${SIGNED_IN} then ${EMAIL_BAN} end as stored_email_ban,
    coalesce((select json_agg(json_build_object('kind', b.kind, 'reason', b.reason, 'expiresAt', b.expires_at)) from (
      select b.kind, b.reason, b.expires_at from bans b
      where rd.id is not null and b.site_id = i.site_id and b.lifted_at is null and (b.expires_at is null or b.expires_at > i.now)
        and ((b.kind = 'reader' and b.value = rd.id::text)
          or (b.kind = 'ip' and b.value = i.ip_hash)
          or (b.kind = 'email' and b.value = case when ${SIGNED_IN} then ${EMAIL_BAN} else i.guest_email_ban end))
      limit 20) b), '[]'::json) as bans,
    -- The reader's latest comments. The range on reader_id (not "=") keeps reader_id in the order,
    -- which only comments_reader_idx gives: with "=" the planner may walk the primary key from the
    -- newest id filtering by reader, and read the whole table for a reader with no recent comment.
    coalesce((select json_agg(json_build_object('id', c.id, 'status', c.status, 'bodyMd', c.body_md, 'createdAt', c.created_at) order by c.id desc) from (
      select c.id, c.status, c.body_md, c.created_at from comments c where c.reader_id between rd.id and rd.id order by c.reader_id desc, c.id desc limit 5) c), '[]'::json) as recent,
    (select json_object_agg(r.key, r.count) from rate_limits r
      where r.key in (i.reader_key_prefix || rd.id, i.ip_key) and r.window_start = i.window_start) as rate,
    nextval(pg_get_serial_sequence('comments', 'id')) as next_id
  from jsonb_to_recordset($1::text::jsonb) as i(n int, token_hash text, site_id int, page_key text, parent_id bigint, guest_email_ban text,
    ip_hash text, reader_key_prefix text, ip_key text, window_start timestamptz, now timestamptz)
  -- Each lookup is its own index probe (limit 1 keeps the subqueries from being flattened into a
  -- join): as a join, the planner, which takes the inputs for a hundred rows, hashed the whole
  -- readers table on a small site.
  left join lateral (select * from readers r where r.token_hash = i.token_hash limit 1) rd on true
  left join lateral (select * from pages p where p.site_id = i.site_id and p.key = i.page_key limit 1) pg on true`;

type PostReadRow = {
  n: number;
  reader: Record<string, unknown> | null;
  page: Record<string, unknown> | null;
  has_subscribers: boolean | null;
  parent: PostRead['parent'];
  stored_email_ban: string | null;
  bans: Array<{ kind: 'reader' | 'email' | 'ip'; reason: string; expiresAt: string | null }>;
  recent: Array<{ id: number | string; status: string; bodyMd: string; createdAt: string }>;
  rate: Record<string, number> | null;
  next_id: number | string;
};

function fromPostRead(input: PostReadInput, row: PostReadRow): PostRead {
  const ipKey = input.ipKey;
  const counts = row.rate ?? {};
  const reader = row.reader ? fromJsonRow<ReaderRow>(readers, row.reader) : null;
  return {
    reader,
    page: row.page ? fromJsonRow<PageRow>(pages, row.page) : null,
    parent: row.parent ? { ...row.parent, id: Number(row.parent.id), rootId: Number(row.parent.rootId), parentId: row.parent.parentId === null ? null : Number(row.parent.parentId) } : null,
    bans: row.bans.map((b) => ({ kind: b.kind, reason: b.reason, expiresAt: b.expiresAt ? new Date(b.expiresAt) : null })),
    recent: row.recent.map((c) => ({ id: Number(c.id), status: c.status, bodyMd: c.bodyMd, createdAt: new Date(c.createdAt) })),
    nextId: Number(row.next_id),
    rate: { reader: reader ? Number(counts[`${input.readerKeyPrefix}${reader.id}`] ?? 0) : 0, ip: ipKey ? Number(counts[ipKey] ?? 0) : 0 },
    storedEmailBan: row.stored_email_ban,
    hasSubscribers: row.has_subscribers === true,
  };
}

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
