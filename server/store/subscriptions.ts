import { and, desc, eq, isNull, sql } from 'drizzle-orm';
import type { Queryable } from './db.ts';
import { subscriptions } from './schema/index.ts';

export type SubscriptionRow = typeof subscriptions.$inferSelect;

/**
 * One row per (page, kind, comment, address): asking again returns the same row. A row that was
 * unsubscribed comes back unconfirmed (unless `confirmedAt` is given), so nobody can re-subscribe
 * someone else's address without that address agreeing again.
 */
export async function upsertSubscription(
  db: Queryable,
  sub: { pageId: number; kind: 'page' | 'replies'; commentId: number | null; email: string; readerId: number | null; tokenHash: string; confirmedAt: Date | null },
): Promise<SubscriptionRow> {
  const [row] = await db
    .insert(subscriptions)
    .values(sub)
    .onConflictDoUpdate({
      target: [subscriptions.pageId, subscriptions.kind, subscriptions.commentId, subscriptions.email],
      set: {
        readerId: sql`coalesce(${subscriptions.readerId}, excluded.reader_id)`,
        confirmedAt: sql`case when ${subscriptions.unsubscribedAt} is null then coalesce(${subscriptions.confirmedAt}, excluded.confirmed_at) else excluded.confirmed_at end`,
        unsubscribedAt: sql`null`,
      },
    })
    .returning();
  return row!;
}

export async function findSubscription(db: Queryable, id: number): Promise<SubscriptionRow | undefined> {
  const [row] = await db.select().from(subscriptions).where(eq(subscriptions.id, id)).limit(1);
  return row;
}

export async function confirmSubscription(db: Queryable, id: number, now: Date): Promise<void> {
  await db
    .update(subscriptions)
    .set({ confirmedAt: now })
    .where(and(eq(subscriptions.id, id), isNull(subscriptions.confirmedAt)));
}

export async function endSubscription(db: Queryable, id: number, now: Date): Promise<void> {
  await db
    .update(subscriptions)
    .set({ unsubscribedAt: now })
    .where(and(eq(subscriptions.id, id), isNull(subscriptions.unsubscribedAt)));
}

/** The server refused this address for good: every subscription of it stops. */
export async function markAddressBounced(db: Queryable, email: string, reason: string, now: Date): Promise<void> {
  await db
    .update(subscriptions)
    .set({ bouncedAt: now, bounceReason: reason })
    .where(and(eq(subscriptions.email, email), isNull(subscriptions.bouncedAt)));
}

/** Has this reader already proved they read this address (a confirmed subscription of theirs)? */
export async function hasConfirmedAddress(db: Queryable, readerId: number, email: string): Promise<boolean> {
  const rows = await db
    .select({ id: subscriptions.id })
    .from(subscriptions)
    .where(and(eq(subscriptions.readerId, readerId), eq(subscriptions.email, email), sql`${subscriptions.confirmedAt} is not null`))
    .limit(1);
  return rows.length > 0;
}

export function listPageSubscriptions(db: Queryable, pageId: number, limit = 500): Promise<SubscriptionRow[]> {
  return db.select().from(subscriptions).where(eq(subscriptions.pageId, pageId)).orderBy(desc(subscriptions.id)).limit(limit);
}

export function listReaderSubscriptions(db: Queryable, readerId: number, pageId: number): Promise<SubscriptionRow[]> {
  return db
    .select()
    .from(subscriptions)
    .where(and(eq(subscriptions.readerId, readerId), eq(subscriptions.pageId, pageId), isNull(subscriptions.unsubscribedAt)))
    .limit(100);
}

export async function setTokenHash(db: Queryable, id: number, tokenHash: string): Promise<void> {
  await db.update(subscriptions).set({ tokenHash }).where(eq(subscriptions.id, id));
}
