import { and, desc, eq, gt, inArray, isNull, lt, or, sql, type SQL } from 'drizzle-orm';
import type { Queryable } from './db.ts';
import { bans, moderators, readers } from './schema/index.ts';

export type BanRow = typeof bans.$inferSelect;
export type BanKind = BanRow['kind'];
export type NewBanRow = typeof bans.$inferInsert;

const inForce = (now: Date) => and(isNull(bans.liftedAt), or(isNull(bans.expiresAt), gt(bans.expiresAt, now)));

/** Bans in force on a site that match any of the given (kind, value) pairs. */
export function findActiveBans(db: Queryable, siteId: number, keys: Array<{ kind: BanKind; value: string }>, now: Date): Promise<BanRow[]> {
  if (keys.length === 0) return Promise.resolve([]);
  const match = or(...keys.map((k) => and(eq(bans.kind, k.kind), eq(bans.value, k.value))));
  return db.select().from(bans).where(and(eq(bans.siteId, siteId), match, inForce(now))).limit(20);
}

export async function insertBans(db: Queryable, rows: NewBanRow[]): Promise<BanRow[]> {
  if (rows.length === 0) return [];
  return db.insert(bans).values(rows).returning();
}

export async function findBan(db: Queryable, id: number): Promise<BanRow | undefined> {
  const [row] = await db.select().from(bans).where(eq(bans.id, id)).limit(1);
  return row;
}

export async function setBanLifted(db: Queryable, id: number, liftedAt: Date | null): Promise<BanRow | undefined> {
  const [row] = await db.update(bans).set({ liftedAt }).where(eq(bans.id, id)).returning();
  return row;
}

export type BanListRow = {
  ban: BanRow;
  reader: { id: number; name: string | null; email: string | null } | null;
  moderator: { id: number; name: string; email: string } | null;
};

/**
 * Newest first, keyset on id; `active` filters to bans in force (true) or over (false). Each with
 * the banned reader (`reader` bans) and the moderator who banned, joined on their primary keys.
 */
export async function listBans(
  db: Queryable,
  filter: { siteIds: number[] | null; active?: boolean | undefined; beforeId?: number | undefined; now: Date },
  limit: number,
): Promise<BanListRow[]> {
  const conditions: Array<SQL | undefined> = [
    filter.siteIds ? inArray(bans.siteId, filter.siteIds) : undefined,
    filter.beforeId ? lt(bans.id, filter.beforeId) : undefined,
    filter.active === true ? inForce(filter.now) : undefined,
    filter.active === false ? sql`not (${inForce(filter.now)})` : undefined,
  ];
  const rows = await db
    .select({
      ban: bans,
      readerId: readers.id,
      readerName: readers.name,
      readerEmail: readers.email,
      moderatorId: moderators.id,
      moderatorName: moderators.name,
      moderatorEmail: moderators.email,
    })
    .from(bans)
    // A reader ban's value is the reader's id as text; compare as text so no other value is ever cast.
    .leftJoin(readers, and(eq(bans.kind, 'reader'), eq(sql`${readers.id}::text`, bans.value)))
    .leftJoin(moderators, eq(moderators.id, bans.createdBy))
    .where(and(...conditions))
    .orderBy(desc(bans.id))
    .limit(limit);
  return rows.map((r) => ({
    ban: r.ban,
    reader: r.readerId !== null ? { id: r.readerId, name: r.readerName, email: r.readerEmail } : null,
    moderator: r.moderatorId !== null ? { id: r.moderatorId, name: r.moderatorName ?? '', email: r.moderatorEmail ?? '' } : null,
  }));
}
