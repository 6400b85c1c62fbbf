import { and, eq } from 'drizzle-orm';
import type { Queryable } from './db.ts';
import { comments, votes } from './schema/index.ts';

export async function findVote(db: Queryable, commentId: number, readerId: number): Promise<1 | -1 | 0> {
  const [row] = await db
    .select({ value: votes.value })
    .from(votes)
    .where(and(eq(votes.commentId, commentId), eq(votes.readerId, readerId)))
    .limit(1);
  return (row?.value ?? 0) as 1 | -1 | 0;
}

export async function putVote(db: Queryable, commentId: number, readerId: number, value: 1 | -1 | 0): Promise<void> {
  if (value === 0) {
    await db.delete(votes).where(and(eq(votes.commentId, commentId), eq(votes.readerId, readerId)));
    return;
  }
  await db
    .insert(votes)
    .values({ commentId, readerId, value })
    .onConflictDoUpdate({ target: [votes.commentId, votes.readerId], set: { value } });
}

/** The reader's votes on one page's comments. */
export async function listPageVotes(db: Queryable, readerId: number, pageId: number): Promise<Array<{ commentId: number; value: number }>> {
  return db
    .select({ commentId: votes.commentId, value: votes.value })
    .from(votes)
    .innerJoin(comments, eq(comments.id, votes.commentId))
    .where(and(eq(votes.readerId, readerId), eq(comments.pageId, pageId)))
    .limit(5000);
}

