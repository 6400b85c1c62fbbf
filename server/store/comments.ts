import { and, asc, desc, eq, gt, inArray, lte, sql } from 'drizzle-orm';
import type { CommentStatus } from '../contract/comment.ts';
import type { Queryable } from './db.ts';
import { comments, pages } from './schema/index.ts';

export type CommentRow = typeof comments.$inferSelect;
export type NewCommentRow = typeof comments.$inferInsert;

/** Where a page of top-level comments starts: just after this row in the sort's order (store/thread-page.ts). */
export type TopCursor = { isPinned: boolean; score: number; id: number };

const SEGMENT = 12;
export const pathSegment = (id: number) => String(id).padStart(SEGMENT, '0');
/** Every descendant's path lies in (path, path + 9…9]: paths are digits only. */
const descendantCeiling = (path: string) => path + '9'.repeat(SEGMENT * 12);

/** postgres.js answers an array, PGlite `{ rows }`: the one place that difference shows. */
export function rowsOf<T>(result: unknown): T[] {
  return (Array.isArray(result) ? result : (result as { rows: T[] }).rows) as T[];
}

export async function insertComment(db: Queryable, row: NewCommentRow): Promise<CommentRow> {
  const [inserted] = await db.insert(comments).values(row).returning();
  return inserted!;
}

/** Where a new comment hangs: under `parent`, or at the top of its page. */
export type TreeParent = Pick<CommentRow, 'id' | 'rootId' | 'depth' | 'path'> | undefined;
export type PlacedCommentRow = Omit<NewCommentRow, 'id' | 'parentId' | 'rootId' | 'depth' | 'path'>;

/**
 * Inserts a new comment under `parent` (or as a top-level comment) in one statement: its id comes
 * from the sequence in a CTE, and its root and materialized path are built from that id there, so
 * no round trip fetches the id first. A CTE with a volatile function is evaluated once.
 */
export async function insertPlacedComment(db: Queryable, parent: TreeParent, row: PlacedCommentRow): Promise<CommentRow> {
  const next = db.$with('next_comment', { id: sql<number>`id` }).as(sql`select nextval(pg_get_serial_sequence('comments', 'id')) as id`);
  const id = sql`(select id from next_comment)`;
  const [inserted] = await db
    .with(next)
    .insert(comments)
    .values({
      ...row,
      id: sql`${id}`,
      parentId: parent?.id ?? null,
      rootId: parent ? parent.rootId : sql`${id}`,
      depth: parent ? parent.depth + 1 : 0,
      path: sql`${parent?.path ?? ''}::text || lpad(${id}::text, ${SEGMENT}, '0')`,
    })
    .returning();
  return inserted!;
}

export async function findComment(db: Queryable, id: number): Promise<CommentRow | undefined> {
  const [row] = await db.select().from(comments).where(eq(comments.id, id)).limit(1);
  return row;
}

/**
 * Locks the row for the rest of the transaction: votes, flags and moderation on one comment queue
 * here. With `siteId`, a comment of another site is not found (a reader token is per site).
 */
export async function lockComment(db: Queryable, id: number, siteId?: number): Promise<CommentRow | undefined> {
  if (siteId === undefined) {
    const [row] = await db.select().from(comments).where(eq(comments.id, id)).limit(1).for('update');
    return row;
  }
  const [row] = await db
    .select({ comment: comments })
    .from(comments)
    .innerJoin(pages, eq(pages.id, comments.pageId))
    .where(and(eq(comments.id, id), eq(pages.siteId, siteId)))
    .limit(1)
    .for('update', { of: comments });
  return row?.comment;
}

/** Visible descendants of a comment after `afterPath`, in thread order. */
export function listDescendants(db: Queryable, of: CommentRow, afterPath: string | null, limit: number) {
  return db
    .select()
    .from(comments)
    .where(
      and(
        eq(comments.rootId, of.rootId),
        eq(comments.isVisible, true),
        gt(comments.path, afterPath && afterPath > of.path ? afterPath : of.path),
        lte(comments.path, descendantCeiling(of.path)),
      ),
    )
    .orderBy(asc(comments.path))
    .limit(limit);
}

export async function updateCommentBody(
  db: Queryable,
  id: number,
  body: { bodyMd: string; bodyHtml: string; editedAt: Date },
): Promise<CommentRow> {
  const [row] = await db.update(comments).set(body).where(eq(comments.id, id)).returning();
  return row!;
}

/**
 * Moves a comment to `status` and keeps every counter that depends on it right, in the caller's
 * transaction: the page count and version, the parent's reply count (and so a deleted parent's
 * placeholder), the root's descendant count.
 */
export async function setCommentStatus(
  db: Queryable,
  before: CommentRow,
  status: CommentStatus,
  extra: Partial<Pick<CommentRow, 'reasons' | 'moderatedAt' | 'bodyMd' | 'bodyHtml' | 'isPinned' | 'flagCount'>> = {},
): Promise<CommentRow> {
  const [after] = await db
    .update(comments)
    .set({ ...extra, status, isVisible: sql`(${status} = 'approved' or ${comments.replyCount} > 0)` })
    .where(eq(comments.id, before.id))
    .returning();
  await applyStatusChange(db, before, after!);
  return after!;
}

/**
 * The counters that follow a comment from `before` to `after` (already written): its parent's
 * visible replies, the root's descendants, the page's count and version. A new comment inserted
 * with its final status passes a `before` that is pending and invisible.
 */
export async function applyStatusChange(db: Queryable, before: CommentRow, after: CommentRow): Promise<void> {
  const delta = Number(after.status === 'approved') - Number(before.status === 'approved');
  // Bottom-up: parent, ancestors, root, then the page, the order every writer locks in.
  // A reply's root counts its descendants; when the walk up updates the root anyway (a reply to a
  // top-level comment, the usual case), it adds them in the same statement.
  const rootDelta = before.parentId !== null ? delta : 0;
  const coveredRoot = await moveVisibleReplies(db, before.parentId, Number(after.isVisible) - Number(before.isVisible), { id: before.rootId, delta: rootDelta });
  if (rootDelta !== 0 && !coveredRoot) {
    await db
      .update(comments)
      .set({ descendantCount: sql`${comments.descendantCount} + ${delta}` })
      .where(eq(comments.id, before.rootId));
  }
  const changedView = delta !== 0 || after.isVisible !== before.isVisible || after.isPinned !== before.isPinned || after.bodyHtml !== before.bodyHtml;
  if (changedView) {
    await db
      .update(pages)
      .set({ version: sql`${pages.version} + 1`, commentCount: sql`${pages.commentCount} + ${delta}` })
      .where(eq(pages.id, before.pageId));
  }
}

/**
 * `reply_count` counts visible children (approved replies and placeholders), and a comment that is
 * not approved (deleted, or held again after reports) stays as a placeholder while it has one, so
 * its approved replies keep their thread. So a child appearing or vanishing can flip a placeholder parent,
 * which moves the grandparent's count in turn: walk up while visibility keeps changing. Counting
 * only approved children hid an approved reply under two deleted ancestors (the root lost its
 * last "reply" when the middle comment was deleted, and the whole thread vanished).
 */
async function moveVisibleReplies(db: Queryable, parentId: number | null, delta: number, root: { id: number; delta: number }): Promise<boolean> {
  let coveredRoot = false;
  for (let id = parentId, d = delta; id !== null && d !== 0; ) {
    const isRoot = id === root.id && root.delta !== 0;
    const [parent] = await db
      .update(comments)
      // SET expressions see the row as it was: the new count is reply_count + d.
      .set({
        replyCount: sql`${comments.replyCount} + ${d}`,
        isVisible: sql`(${comments.status} = 'approved' or ${comments.replyCount} + ${d} > 0)`,
        ...(isRoot ? { descendantCount: sql`${comments.descendantCount} + ${root.delta}` } : {}),
      })
      .where(eq(comments.id, id))
      .returning({ parentId: comments.parentId, status: comments.status, replyCount: comments.replyCount, isVisible: comments.isVisible });
    if (!parent) return coveredRoot;
    coveredRoot ||= isRoot;
    const wasVisible = parent.status === 'approved' || parent.replyCount - d > 0;
    id = parent.parentId;
    d = Number(parent.isVisible) - Number(wasVisible);
  }
  return coveredRoot;
}

export async function setCommentCounters(
  db: Queryable,
  id: number,
  counters: Partial<Pick<CommentRow, 'upvotes' | 'downvotes' | 'score' | 'flagCount'>>,
): Promise<CommentRow> {
  const [row] = await db.update(comments).set(counters).where(eq(comments.id, id)).returning();
  return row!;
}

/** A reader's own comments on a page with the given statuses (their pending ones, their editable ones). */
export function listReaderComments(
  db: Queryable,
  readerId: number,
  pageId: number,
  statuses: CommentStatus[],
  since?: Date,
): Promise<CommentRow[]> {
  return db
    .select()
    .from(comments)
    .where(
      and(
        eq(comments.readerId, readerId),
        eq(comments.pageId, pageId),
        inArray(comments.status, statuses),
        since ? gt(comments.createdAt, since) : undefined,
      ),
    )
    .orderBy(asc(comments.id))
    .limit(200);
}

/** The reader's latest comments anywhere on the site's page, for the repeat-post check. */
export function listRecentByReader(db: Queryable, readerId: number, limit: number): Promise<CommentRow[]> {
  return db.select().from(comments).where(eq(comments.readerId, readerId)).orderBy(desc(comments.id)).limit(limit);
}

