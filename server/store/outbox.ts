import { and, asc, count, desc, eq, inArray, isNull, lt, lte, or, sql } from 'drizzle-orm';
import type { Queryable } from './db.ts';
import { outbox, type OutboxStatus, type StoredMessage } from './schema/index.ts';

export type OutboxRow = typeof outbox.$inferSelect;
export type NewOutboxRow = typeof outbox.$inferInsert;

/** Writes one mail to send; a row with the same dedupe key already there wins (nothing is sent twice). */
export async function insertOutbox(db: Queryable, row: NewOutboxRow): Promise<OutboxRow | undefined> {
  const [inserted] = await db.insert(outbox).values(row).onConflictDoNothing({ target: outbox.dedupeKey }).returning();
  return inserted;
}

/**
 * Takes up to `limit` due rows under a lease. `SKIP LOCKED`: two instances claiming at once take
 * different rows instead of waiting on each other; a row whose lease ran out (its worker died
 * mid-send) is due again.
 */
export async function claimDueRows(db: Queryable, now: Date, lease: { id: string; until: Date }, limit: number): Promise<OutboxRow[]> {
  const due = db
    .select({ id: outbox.id })
    .from(outbox)
    .where(and(eq(outbox.status, 'queued'), lte(outbox.runAfter, now), or(isNull(outbox.lockedUntil), lte(outbox.lockedUntil, now))))
    .orderBy(asc(outbox.runAfter), asc(outbox.id))
    .limit(limit)
    .for('update', { skipLocked: true });
  return db
    .update(outbox)
    .set({ lockedUntil: lease.until, leaseId: lease.id, attempts: sql`${outbox.attempts} + 1` })
    .where(inArray(outbox.id, due))
    .returning();
}

const heldBy = (id: number, leaseId: string) => and(eq(outbox.id, id), eq(outbox.leaseId, leaseId), eq(outbox.status, 'queued'));

/** Marks a claimed row done; false if the lease was lost to another worker meanwhile. */
export async function finishRow(
  db: Queryable,
  id: number,
  leaseId: string,
  outcome: { status: Exclude<OutboxStatus, 'queued'>; response?: string | null; error?: string | null; message?: StoredMessage | null; now: Date },
): Promise<boolean> {
  const rows = await db
    .update(outbox)
    .set({
      status: outcome.status,
      lockedUntil: null,
      lastResponse: outcome.response ?? null,
      ...(outcome.error !== undefined ? { lastError: outcome.error } : {}),
      ...(outcome.message ? { message: outcome.message } : {}),
      ...(outcome.status === 'sent' || outcome.status === 'kept' ? { sentAt: outcome.now } : {}),
    })
    .where(heldBy(id, leaseId))
    .returning({ id: outbox.id });
  return rows.length > 0;
}

/** A failed attempt that may succeed later: due again at `runAfter`, lease released. */
export async function rescheduleRow(db: Queryable, id: number, leaseId: string, runAfter: Date, error: string): Promise<void> {
  await db.update(outbox).set({ runAfter, lockedUntil: null, leaseId: null, lastError: error }).where(heldBy(id, leaseId));
}

/** The admin's "retry now": one more attempt, at once. */
export async function requeueRow(db: Queryable, id: number, now: Date): Promise<OutboxRow | undefined> {
  const [row] = await db
    .update(outbox)
    .set({ status: 'queued', runAfter: now, lockedUntil: null, leaseId: null })
    .where(and(eq(outbox.id, id), inArray(outbox.status, ['failed', 'queued'])))
    .returning();
  return row;
}

export async function findOutboxRow(db: Queryable, id: number): Promise<OutboxRow | undefined> {
  const [row] = await db.select().from(outbox).where(eq(outbox.id, id)).limit(1);
  return row;
}

/** Newest first, keyset on id; `siteIds` null: every site (and site-less rows such as test mails). */
export function listOutboxRows(db: Queryable, filter: { status?: OutboxStatus; siteIds: number[] | null; beforeId?: number; limit: number }) {
  return db
    .select()
    .from(outbox)
    .where(
      and(
        filter.status ? eq(outbox.status, filter.status) : undefined,
        filter.siteIds ? inArray(outbox.siteId, filter.siteIds.length ? filter.siteIds : [-1]) : undefined,
        filter.beforeId ? lt(outbox.id, filter.beforeId) : undefined,
      ),
    )
    .orderBy(desc(outbox.id))
    .limit(filter.limit);
}

export async function countOutboxByStatus(db: Queryable, siteIds: number[] | null): Promise<Record<OutboxStatus, number>> {
  const rows = await db
    .select({ status: outbox.status, n: count() })
    .from(outbox)
    .where(siteIds ? inArray(outbox.siteId, siteIds.length ? siteIds : [-1]) : undefined)
    .groupBy(outbox.status);
  const counts: Record<string, number> = { queued: 0, sent: 0, failed: 0, kept: 0, cancelled: 0 };
  for (const r of rows) counts[r.status] = Number(r.n);
  return counts as Record<OutboxStatus, number>;
}
