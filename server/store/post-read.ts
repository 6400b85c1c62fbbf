import { getTableColumns } from 'drizzle-orm';
import type { PgTable } from 'drizzle-orm/pg-core';
import type { CommentRow } from './comments.ts';
import type { Database } from './db.ts';
import type { PageRow } from './pages.ts';
import type { ReaderRow } from './readers.ts';
import { pages, readers } from './schema/index.ts';

/**
 * The first of a new comment's two statements (issue 16; the write is store/comment-post.ts):
 * everything a post must read, in one read-only round trip, shared by the posts that reach it
 * together.
 */

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
