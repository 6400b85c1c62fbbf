import { and, eq, lt, sql } from 'drizzle-orm';
import type { Queryable } from './db.ts';
import { rateLimits } from './schema/index.ts';

/**
 * Counts one hit in the fixed window starting at `windowStart` and returns the count, this hit
 * included. One upsert: concurrent hits on any instance queue on the row and each sees its own number.
 */
export async function hitRateLimit(db: Queryable, key: string, windowStart: Date): Promise<number> {
  const [row] = await db
    .insert(rateLimits)
    .values({ key, windowStart, count: 1 })
    .onConflictDoUpdate({ target: [rateLimits.key, rateLimits.windowStart], set: { count: sql`${rateLimits.count} + 1` } })
    .returning({ count: rateLimits.count });
  return row!.count;
}

/** The count so far in a window, without counting. */
export async function peekRateLimit(db: Queryable, key: string, windowStart: Date): Promise<number> {
  const [row] = await db
    .select({ count: rateLimits.count })
    .from(rateLimits)
    .where(and(eq(rateLimits.key, key), eq(rateLimits.windowStart, windowStart)))
    .limit(1);
  return row?.count ?? 0;
}

/** Old windows of one key go when it is next counted: the table stays as small as the active keys. */
export async function pruneRateLimit(db: Queryable, key: string, before: Date): Promise<void> {
  await db.delete(rateLimits).where(and(eq(rateLimits.key, key), lt(rateLimits.windowStart, before)));
}
