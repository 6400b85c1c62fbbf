import { eq, sql } from 'drizzle-orm';
import type { Queryable } from './db.ts';
import { readers } from './schema/index.ts';

export type ReaderRow = typeof readers.$inferSelect;

export async function insertReader(db: Queryable, siteId: number, tokenHash: string): Promise<ReaderRow> {
  const [row] = await db.insert(readers).values({ siteId, tokenHash }).returning();
  return row!;
}

export async function findReaderByTokenHash(db: Queryable, tokenHash: string): Promise<ReaderRow | undefined> {
  const [row] = await db.select().from(readers).where(eq(readers.tokenHash, tokenHash)).limit(1);
  return row;
}

export async function findReaderById(db: Queryable, id: number): Promise<ReaderRow | undefined> {
  const [row] = await db.select().from(readers).where(eq(readers.id, id)).limit(1);
  return row;
}

export async function updateReaderProfile(
  db: Queryable,
  id: number,
  profile: { name: string; email: string | null },
): Promise<void> {
  await db.update(readers).set(profile).where(eq(readers.id, id));
}

/** Trust counters move when a moderator (or the pipeline) decides on a reader's comment. */
export async function adjustReaderTrust(db: Queryable, id: number, approved: number, rejected: number): Promise<void> {
  await db
    .update(readers)
    .set({
      approvedCount: sql`greatest(0, ${readers.approvedCount} + ${approved})`,
      rejectedCount: sql`greatest(0, ${readers.rejectedCount} + ${rejected})`,
    })
    .where(eq(readers.id, id));
}
