import { and, desc, eq, inArray, isNull, lt, notInArray, type SQL } from 'drizzle-orm';
import type { Queryable } from './db.ts';
import { auditLog, moderators } from './schema/index.ts';

export type AuditRow = typeof auditLog.$inferSelect;
export type NewAuditRow = typeof auditLog.$inferInsert;
export type AuditWithModerator = AuditRow & { moderatorEmail: string | null; moderatorName: string | null };

export async function insertAudit(db: Queryable, rows: NewAuditRow[]): Promise<AuditRow[]> {
  if (rows.length === 0) return [];
  return db.insert(auditLog).values(rows).returning();
}

/** Newest first, keyset on id. `siteIds` null: every site (and site-less entries). */
export async function listAudit(
  db: Queryable,
  filter: { siteIds: number[] | null; moderatorId?: number | undefined; beforeId?: number | undefined },
  limit: number,
): Promise<AuditWithModerator[]> {
  const conditions: Array<SQL | undefined> = [
    filter.siteIds ? inArray(auditLog.siteId, filter.siteIds) : undefined,
    filter.moderatorId ? eq(auditLog.moderatorId, filter.moderatorId) : undefined,
    filter.beforeId ? lt(auditLog.id, filter.beforeId) : undefined,
  ];
  const rows = await db
    .select({ entry: auditLog, moderatorEmail: moderators.email, moderatorName: moderators.name })
    .from(auditLog)
    .leftJoin(moderators, eq(moderators.id, auditLog.moderatorId))
    .where(and(...conditions))
    .orderBy(desc(auditLog.id))
    .limit(limit);
  return rows.map((r) => ({ ...r.entry, moderatorEmail: r.moderatorEmail, moderatorName: r.moderatorName }));
}

/** The moderator's latest entry that undo can still revert (locked, so two undos do not race). */
export async function findLastUndoable(db: Queryable, moderatorId: number, notUndoable: string[]): Promise<AuditRow | undefined> {
  const [row] = await db
    .select()
    .from(auditLog)
    .where(and(eq(auditLog.moderatorId, moderatorId), isNull(auditLog.undoneAt), notInArray(auditLog.action, notUndoable)))
    .orderBy(desc(auditLog.id))
    .limit(1)
    .for('update');
  return row;
}

export function listBatch(db: Queryable, batchId: string): Promise<AuditRow[]> {
  return db.select().from(auditLog).where(and(eq(auditLog.batchId, batchId), isNull(auditLog.undoneAt))).orderBy(desc(auditLog.id)).for('update');
}

export async function markUndone(db: Queryable, ids: number[], at: Date): Promise<void> {
  if (ids.length === 0) return;
  await db.update(auditLog).set({ undoneAt: at }).where(inArray(auditLog.id, ids));
}
