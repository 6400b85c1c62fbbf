import { and, eq } from 'drizzle-orm';
import type { Queryable } from './db.ts';
import { comments, flags } from './schema/index.ts';

/** True when this reader had not flagged the comment before (a flag counts once per reader). */
export async function insertFlag(db: Queryable, commentId: number, readerId: number, reason: string): Promise<boolean> {
  const rows = await db.insert(flags).values({ commentId, readerId, reason }).onConflictDoNothing().returning({ commentId: flags.commentId });
  return rows.length > 0;
}

export async function listPageFlags(db: Queryable, readerId: number, pageId: number): Promise<number[]> {
  const rows = await db
    .select({ commentId: flags.commentId })
    .from(flags)
    .innerJoin(comments, eq(comments.id, flags.commentId))
    .where(and(eq(flags.readerId, readerId), eq(comments.pageId, pageId)))
    .limit(5000);
  return rows.map((r) => r.commentId);
}
