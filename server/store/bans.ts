import { and, desc, eq, gt, inArray, isNull, lt, or, sql, type SQL } from 'drizzle-orm';
import type { Queryable } from './db.ts';
import { bans } from './schema/index.ts';

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

/** Newest first, keyset on id; `active` filters to bans in force (true) or over (false). */
export function listBans(
  db: Queryable,
  filter: { siteIds: number[] | null; active?: boolean | undefined; beforeId?: number | undefined; now: Date },
  limit: number,
): Promise<BanRow[]> {
  const conditions: Array<SQL | undefined> = [
    filter.siteIds ? inArray(bans.siteId, filter.siteIds) : undefined,
    filter.beforeId ? lt(bans.id, filter.beforeId) : undefined,
    filter.active === true ? inForce(filter.now) : undefined,
    filter.active === false ? sql`not (${inForce(filter.now)})` : undefined,
  ];
  return db.select().from(bans).where(and(...conditions)).orderBy(desc(bans.id)).limit(limit);
}
