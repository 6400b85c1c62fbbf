import { and, asc, eq, gt, max } from 'drizzle-orm';
import type { Queryable } from './db.ts';
import { comments } from './schema/index.ts';

/** The newest approved comment of a page: where a live stream's ids start. */
export async function lastApprovedId(db: Queryable, pageId: number): Promise<number> {
  const [row] = await db
    .select({ id: max(comments.id) })
    .from(comments)
    .where(and(eq(comments.pageId, pageId), eq(comments.status, 'approved')));
  return Number(row?.id ?? 0);
}

/** Approved comments of a page after `afterId`, oldest first: what a reconnecting stream missed. */
export function listApprovedAfter(db: Queryable, pageId: number, afterId: number, limit: number) {
  return db
    .select({ id: comments.id })
    .from(comments)
    .where(and(eq(comments.pageId, pageId), eq(comments.status, 'approved'), gt(comments.id, afterId)))
    .orderBy(asc(comments.id))
    .limit(limit);
}
