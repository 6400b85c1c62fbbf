import { and, eq, sql } from 'drizzle-orm';
import type { Queryable } from './db.ts';
import { comments, pages, subscriptions } from './schema/index.ts';

/** A page answers to a new key; everything hanging off its id (comments, votes, flags, subscriptions) comes along. */
export async function rekeyPage(db: Queryable, pageId: number, key: string): Promise<void> {
  await db
    .update(pages)
    .set({ key, version: sql`${pages.version} + 1` })
    .where(eq(pages.id, pageId));
}

/** Moves every comment and subscription of one page to another, then removes the emptied page. Returns comments moved. */
export async function moveThread(db: Queryable, fromPageId: number, toPageId: number): Promise<number> {
  const moved = await db.update(comments).set({ pageId: toPageId }).where(eq(comments.pageId, fromPageId)).returning({ id: comments.id });
  await db.update(subscriptions).set({ pageId: toPageId }).where(eq(subscriptions.pageId, fromPageId));
  await db.delete(pages).where(and(eq(pages.id, fromPageId)));
  return moved.length;
}
