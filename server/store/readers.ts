import { and, desc, eq, ilike, inArray, isNotNull, lt, or, sql } from 'drizzle-orm';
import { escapeLike } from './like.ts';
import type { Queryable } from './db.ts';
import { readers } from './schema/index.ts';

export type ReaderRow = typeof readers.$inferSelect;

export async function insertReader(db: Queryable, siteId: number, tokenHash: string): Promise<ReaderRow> {
  const [row] = await db.insert(readers).values({ siteId, tokenHash }).returning();
  return row!;
}

/**
 * A signed-in reader: found by the site's own user id, or created. One statement, so two first
 * sign-ins of one user racing each other meet on the unique (site_id, external_id) index and both
 * end on the same row. Name and e-mail follow the site's word on every sign-in; the token rotates.
 */
export async function upsertSsoReader(
  db: Queryable,
  reader: { siteId: number; externalId: string; name: string; email: string | null; tokenHash: string },
): Promise<ReaderRow> {
  const [row] = await db
    .insert(readers)
    .values(reader)
    .onConflictDoUpdate({
      target: [readers.siteId, readers.externalId],
      targetWhere: isNotNull(readers.externalId),
      set: { name: reader.name, email: reader.email, tokenHash: reader.tokenHash },
    })
    .returning();
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

/**
 * Readers of the given sites (null: all) whose name or e-mail contains `text`, case-insensitively;
 * newest first, keyset on id. Bounded by `limit`: the scan walks the primary key backwards.
 */
export function searchReaders(
  db: Queryable,
  filter: { siteIds: number[] | null; text?: string | undefined; beforeId?: number | undefined },
  limit: number,
): Promise<ReaderRow[]> {
  const text = filter.text ? `%${escapeLike(filter.text)}%` : undefined;
  return db
    .select()
    .from(readers)
    .where(
      and(
        filter.siteIds ? inArray(readers.siteId, filter.siteIds) : undefined,
        text ? or(ilike(readers.name, text), ilike(readers.email, text)) : undefined,
        filter.beforeId ? lt(readers.id, filter.beforeId) : undefined,
      ),
    )
    .orderBy(desc(readers.id))
    .limit(limit);
}
