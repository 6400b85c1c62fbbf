import { and, eq, lt, or, sql } from 'drizzle-orm';
import type { Queryable } from './db.ts';
import { idempotencyKeys } from './schema/index.ts';

export type IdempotencyRow = typeof idempotencyKeys.$inferSelect;

/**
 * Claims (reader, key) for a request: inserts the row, or takes over one whose claim ran out with no
 * answer (the request that held it died). Returns null when someone else holds or answered it. One
 * statement, so two copies of one request racing on any instances get one winner.
 */
export async function claimIdempotencyKey(
  db: Queryable,
  row: { readerId: number; key: string; fingerprint: string; now: Date; claimedUntil: Date; expiredBefore: Date },
): Promise<boolean> {
  const claimed = await db
    .insert(idempotencyKeys)
    .values({ readerId: row.readerId, key: row.key, fingerprint: row.fingerprint, claimedUntil: row.claimedUntil, createdAt: row.now })
    .onConflictDoUpdate({
      target: [idempotencyKeys.readerId, idempotencyKeys.key],
      set: { fingerprint: row.fingerprint, status: null, body: null, claimedUntil: row.claimedUntil, createdAt: row.now },
      // A stale claim (no answer, its time up), or an answer past retention: the key is free again.
      setWhere: or(
        and(sql`${idempotencyKeys.status} is null`, lt(idempotencyKeys.claimedUntil, row.now)),
        lt(idempotencyKeys.createdAt, row.expiredBefore),
      ),
    })
    .returning({ key: idempotencyKeys.key });
  return claimed.length === 1;
}

export async function findIdempotencyKey(db: Queryable, readerId: number, key: string): Promise<IdempotencyRow | undefined> {
  const [row] = await db
    .select()
    .from(idempotencyKeys)
    .where(and(eq(idempotencyKeys.readerId, readerId), eq(idempotencyKeys.key, key)))
    .limit(1);
  return row;
}

export async function saveIdempotentAnswer(db: Queryable, readerId: number, key: string, status: number, body: unknown): Promise<void> {
  await db
    .update(idempotencyKeys)
    .set({ status, body })
    .where(and(eq(idempotencyKeys.readerId, readerId), eq(idempotencyKeys.key, key)));
}

/** A request that failed gives its key back, so a retry runs it again. */
export async function releaseIdempotencyKey(db: Queryable, readerId: number, key: string): Promise<void> {
  await db
    .delete(idempotencyKeys)
    .where(and(eq(idempotencyKeys.readerId, readerId), eq(idempotencyKeys.key, key), sql`${idempotencyKeys.status} is null`));
}

/** Everything older than retention; an index range on created_at. */
export async function pruneIdempotencyKeys(db: Queryable, before: Date): Promise<number> {
  const gone = await db.delete(idempotencyKeys).where(lt(idempotencyKeys.createdAt, before)).returning({ key: idempotencyKeys.key });
  return gone.length;
}
