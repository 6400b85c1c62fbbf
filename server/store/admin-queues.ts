import { and, asc, desc, eq, ilike, inArray, lt, or, sql, type SQL } from 'drizzle-orm';
import type { QueueName } from '../contract/admin.ts';
import type { CommentRow } from './comments.ts';
import type { Queryable } from './db.ts';
import { escapeLike } from './like.ts';
import type { PageRow } from './pages.ts';
import type { ReaderRow } from './readers.ts';
import { comments, pages, readers, sites } from './schema/index.ts';

export type QueueFilter = {
  /** null: every site. */
  siteIds: number[] | null;
  pageId?: number | undefined;
  readerId?: number | undefined;
  text?: string | undefined;
  beforeId?: number | undefined;
};

const queueCondition: Record<QueueName, SQL | undefined> = {
  pending: eq(comments.status, 'pending'),
  // Flagged and still in play: pulled back for review (`reported ×N`), or flagged below the threshold.
  reported: and(sql`${comments.flagCount} > 0`, inArray(comments.status, ['pending', 'approved'])),
  spam: eq(comments.status, 'spam'),
  rejected: eq(comments.status, 'rejected'),
  approved: eq(comments.status, 'approved'),
  all: undefined,
};

/** One page of a queue, newest first; keyset on id (the status index walks it backwards). */
export async function listQueue(db: Queryable, queue: QueueName, filter: QueueFilter, limit: number): Promise<Array<CommentRow & { siteId: number }>> {
  const text = filter.text ? `%${escapeLike(filter.text)}%` : undefined;
  const rows = await db
    .select({ comment: comments, siteId: pages.siteId })
    .from(comments)
    .innerJoin(pages, eq(pages.id, comments.pageId))
    .where(
      and(
        queueCondition[queue],
        filter.siteIds ? inArray(pages.siteId, filter.siteIds) : undefined,
        filter.pageId ? eq(comments.pageId, filter.pageId) : undefined,
        filter.readerId ? eq(comments.readerId, filter.readerId) : undefined,
        text ? or(ilike(comments.bodyMd, text), ilike(comments.authorName, text)) : undefined,
        filter.beforeId ? lt(comments.id, filter.beforeId) : undefined,
      ),
    )
    .orderBy(desc(comments.id))
    .limit(limit);
  return rows.map((r) => ({ ...r.comment, siteId: r.siteId }));
}

/** Counts per queue; `approved` is the sum of the pages' maintained counters, not a count. */
export async function countQueues(db: Queryable, siteIds: number[] | null): Promise<Record<QueueName, number>> {
  const scope = siteIds ? inArray(pages.siteId, siteIds) : undefined;
  const [held] = await db
    .select({
      pending: sql<number>`count(*) filter (where ${comments.status} = 'pending')::int`,
      spam: sql<number>`count(*) filter (where ${comments.status} = 'spam')::int`,
      rejected: sql<number>`count(*) filter (where ${comments.status} = 'rejected')::int`,
      deleted: sql<number>`count(*) filter (where ${comments.status} = 'deleted')::int`,
    })
    .from(comments)
    .innerJoin(pages, eq(pages.id, comments.pageId))
    .where(and(inArray(comments.status, ['pending', 'spam', 'rejected', 'deleted']), scope));
  const [reported] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(comments)
    .innerJoin(pages, eq(pages.id, comments.pageId))
    .where(and(queueCondition.reported, scope));
  const [approved] = await db
    .select({ n: sql<number>`coalesce(sum(${pages.commentCount}), 0)::int` })
    .from(pages)
    .where(scope);
  const c = { pending: Number(held?.pending ?? 0), spam: Number(held?.spam ?? 0), rejected: Number(held?.rejected ?? 0), deleted: Number(held?.deleted ?? 0) };
  const approvedCount = Number(approved?.n ?? 0);
  return {
    pending: c.pending,
    reported: Number(reported?.n ?? 0),
    spam: c.spam,
    rejected: c.rejected,
    approved: approvedCount,
    all: c.pending + c.spam + c.rejected + c.deleted + approvedCount,
  };
}

/** Locks the rows in id order (so concurrent bulk actions cannot deadlock), with their site. */
export async function lockCommentsWithSite(db: Queryable, ids: number[]): Promise<Array<CommentRow & { siteId: number }>> {
  if (ids.length === 0) return [];
  const rows = await db
    .select({ comment: comments, siteId: pages.siteId })
    .from(comments)
    .innerJoin(pages, eq(pages.id, comments.pageId))
    .where(inArray(comments.id, ids))
    .orderBy(asc(comments.id))
    .for('update', { of: comments });
  return rows.map((r) => ({ ...r.comment, siteId: r.siteId }));
}

/** A reader's comments with one status, locked in id order like `lockCommentsWithSite`. */
export async function lockReaderCommentsWithSite(db: Queryable, readerId: number, status: CommentRow['status']): Promise<Array<CommentRow & { siteId: number }>> {
  const rows = await db
    .select({ comment: comments, siteId: pages.siteId })
    .from(comments)
    .innerJoin(pages, eq(pages.id, comments.pageId))
    .where(and(eq(comments.readerId, readerId), eq(comments.status, status)))
    .orderBy(asc(comments.id))
    .for('update', { of: comments });
  return rows.map((r) => ({ ...r.comment, siteId: r.siteId }));
}

export async function findCommentsWithSite(db: Queryable, ids: number[]): Promise<Array<CommentRow & { siteId: number }>> {
  if (ids.length === 0) return [];
  const rows = await db
    .select({ comment: comments, siteId: pages.siteId })
    .from(comments)
    .innerJoin(pages, eq(pages.id, comments.pageId))
    .where(inArray(comments.id, ids));
  return rows.map((r) => ({ ...r.comment, siteId: r.siteId }));
}

export type PageWithSite = PageRow & { siteSlug: string };

export async function findPagesWithSite(db: Queryable, ids: number[]): Promise<PageWithSite[]> {
  if (ids.length === 0) return [];
  const rows = await db
    .select({ page: pages, siteSlug: sites.slug })
    .from(pages)
    .innerJoin(sites, eq(sites.id, pages.siteId))
    .where(inArray(pages.id, ids));
  return rows.map((r) => ({ ...r.page, siteSlug: r.siteSlug }));
}

/** Pages newest first, keyset on id, optionally matching key or title. */
export async function listPagesWithSite(
  db: Queryable,
  filter: { siteIds: number[] | null; text?: string | undefined; beforeId?: number | undefined },
  limit: number,
): Promise<PageWithSite[]> {
  const text = filter.text ? `%${escapeLike(filter.text)}%` : undefined;
  const rows = await db
    .select({ page: pages, siteSlug: sites.slug })
    .from(pages)
    .innerJoin(sites, eq(sites.id, pages.siteId))
    .where(
      and(
        filter.siteIds ? inArray(pages.siteId, filter.siteIds) : undefined,
        text ? or(ilike(pages.key, text), ilike(pages.title, text)) : undefined,
        filter.beforeId ? lt(pages.id, filter.beforeId) : undefined,
      ),
    )
    .orderBy(desc(pages.id))
    .limit(limit);
  return rows.map((r) => ({ ...r.page, siteSlug: r.siteSlug }));
}

/** A reader's latest comments on any page, any status, with the page key. */
export async function listReaderHistory(db: Queryable, readerId: number, limit: number): Promise<Array<CommentRow & { pageKey: string }>> {
  const rows = await db
    .select({ comment: comments, pageKey: pages.key })
    .from(comments)
    .innerJoin(pages, eq(pages.id, comments.pageId))
    .where(eq(comments.readerId, readerId))
    .orderBy(desc(comments.id))
    .limit(limit);
  return rows.map((r) => ({ ...r.comment, pageKey: r.pageKey }));
}

export async function findReadersByIds(db: Queryable, ids: number[]): Promise<ReaderRow[]> {
  if (ids.length === 0) return [];
  return db.select().from(readers).where(inArray(readers.id, ids));
}
