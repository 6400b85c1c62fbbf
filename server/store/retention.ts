import { and, eq, isNotNull, lt, sql } from 'drizzle-orm';
import type { Queryable } from './db.ts';
import { comments, jobRuns, rateLimits } from './schema/index.ts';

/**
 * Claims a job's run for this interval: true on exactly one caller among any number of instances
 * asking at once. The conditional UPDATE serialises on the row; the losers see it already moved.
 */
export async function claimJobRun(db: Queryable, name: string, now: Date, intervalMs: number): Promise<boolean> {
  await db.insert(jobRuns).values({ name, lastRunAt: new Date(0) }).onConflictDoNothing();
  const claimed = await db
    .update(jobRuns)
    .set({ lastRunAt: now })
    .where(and(eq(jobRuns.name, name), lt(jobRuns.lastRunAt, new Date(now.getTime() - intervalMs))))
    .returning({ name: jobRuns.name });
  return claimed.length === 1;
}

/** IP hashes of comments written before `before` are set to null; returns how many. */
export async function dropIpHashesBefore(db: Queryable, before: Date): Promise<number> {
  const rows = await db
    .update(comments)
    .set({ ipHash: null })
    .where(and(isNotNull(comments.ipHash), lt(comments.createdAt, before)))
    .returning({ id: comments.id });
  return rows.length;
}

/** Rate-limit windows (their keys hold IP hashes) that ended before `before`. */
export async function dropRateWindowsBefore(db: Queryable, before: Date): Promise<number> {
  const rows = await db.delete(rateLimits).where(lt(rateLimits.windowStart, before)).returning({ key: rateLimits.key });
  return rows.length;
}

export async function countIpHashes(db: Queryable): Promise<number> {
  const [row] = await db.select({ n: sql<number>`count(*)::int` }).from(comments).where(isNotNull(comments.ipHash));
  return Number(row?.n ?? 0);
}
