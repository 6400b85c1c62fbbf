import { asc, eq, sql } from 'drizzle-orm';
import type { Queryable } from './db.ts';
import { moderators } from './schema/index.ts';

export type ModeratorRow = typeof moderators.$inferSelect;
export type NewModeratorRow = typeof moderators.$inferInsert;

export async function countModerators(db: Queryable): Promise<number> {
  const [row] = await db.select({ n: sql<number>`count(*)::int` }).from(moderators);
  return Number(row?.n ?? 0);
}

export async function findModeratorByEmail(db: Queryable, email: string): Promise<ModeratorRow | undefined> {
  const [row] = await db.select().from(moderators).where(eq(moderators.email, email.toLowerCase())).limit(1);
  return row;
}

export async function findModeratorById(db: Queryable, id: number): Promise<ModeratorRow | undefined> {
  const [row] = await db.select().from(moderators).where(eq(moderators.id, id)).limit(1);
  return row;
}

/** Null when the e-mail is taken. */
export async function insertModerator(db: Queryable, row: NewModeratorRow): Promise<ModeratorRow | undefined> {
  const [inserted] = await db
    .insert(moderators)
    .values({ ...row, email: row.email.toLowerCase() })
    .onConflictDoNothing({ target: moderators.email })
    .returning();
  return inserted;
}

export async function updateModerator(
  db: Queryable,
  id: number,
  patch: Partial<Pick<ModeratorRow, 'name' | 'role' | 'siteIds' | 'passwordHash' | 'disabledAt' | 'isAlertedOfPending'>>,
): Promise<ModeratorRow | undefined> {
  const [row] = await db.update(moderators).set(patch).where(eq(moderators.id, id)).returning();
  return row;
}

export function listModerators(db: Queryable): Promise<ModeratorRow[]> {
  return db.select().from(moderators).orderBy(asc(moderators.id)).limit(1000);
}
