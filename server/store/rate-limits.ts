import { eq, inArray, sql } from 'drizzle-orm';
import type { Queryable } from './db.ts';
import { rateLimits } from './schema/index.ts';

/**
 * Counts one hit on each key in the window and drops the keys' older windows, in one statement;
 * returns each key's count, this hit included. Run on its own, outside any longer transaction, so
 * the row lock of a busy key (one office's IP) lasts one statement, not a whole comment's write.
 */
export async function hitRateLimits(db: Queryable, keys: string[], windowStart: Date): Promise<Record<string, number>> {
  // Sorted: two requests upserting the same keys lock them in the same order and cannot deadlock.
  const sorted = [...new Set(keys)].sort();
  const values = sql.join(
    sorted.map((key) => sql`(${key}, ${windowStart.toISOString()}::timestamptz, 1)`),
    sql`, `,
  );
  const list = sql.join(sorted.map((key) => sql`${key}`), sql`, `);
  const result = await db.execute(sql`
    with gone as (delete from rate_limits where key in (${list}) and window_start < ${windowStart.toISOString()}::timestamptz)
    insert into rate_limits (key, window_start, count) values ${values}
    on conflict (key, window_start) do update set count = rate_limits.count + 1
    returning key, count`);
  const rows = (Array.isArray(result) ? result : (result as { rows: unknown[] }).rows) as Array<{ key: string; count: number }>;
  return Object.fromEntries(rows.map((r) => [r.key, Number(r.count)]));
}

/**
 * Back-off counters (sign-in throttling) share the table: one row per key, whose `window_start`
 * is the moment before which the key is held back and whose `count` is the failures so far. The
 * retention job drops a row once that moment is long past, as it drops old windows.
 */
export async function readBackoffs(db: Queryable, keys: string[]): Promise<Map<string, { until: Date; failures: number }>> {
  if (keys.length === 0) return new Map();
  const rows = await db.select().from(rateLimits).where(inArray(rateLimits.key, keys));
  const out = new Map<string, { until: Date; failures: number }>();
  // Normally one row per key; if two instances raced, the later hold wins.
  for (const r of rows) {
    const seen = out.get(r.key);
    if (!seen || seen.until < r.windowStart) out.set(r.key, { until: r.windowStart, failures: r.count });
  }
  return out;
}

/** Replaces a back-off row: `failures` so far, held back until `until`. */
export async function writeBackoff(db: Queryable, key: string, until: Date, failures: number): Promise<void> {
  await db.delete(rateLimits).where(eq(rateLimits.key, key));
  await db.insert(rateLimits).values({ key, windowStart: until, count: failures }).onConflictDoUpdate({ target: [rateLimits.key, rateLimits.windowStart], set: { count: failures } });
}

export async function clearBackoff(db: Queryable, key: string): Promise<void> {
  await db.delete(rateLimits).where(eq(rateLimits.key, key));
}
