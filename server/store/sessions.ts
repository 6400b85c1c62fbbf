import { and, eq, gt, isNull, ne } from 'drizzle-orm';
import type { Queryable } from './db.ts';
import { loginTokens, moderators, sessions } from './schema/index.ts';

export type SessionRow = typeof sessions.$inferSelect;
export type ModeratorRow = typeof moderators.$inferSelect;

export async function insertSession(db: Queryable, row: typeof sessions.$inferInsert): Promise<SessionRow> {
  const [inserted] = await db.insert(sessions).values(row).returning();
  return inserted!;
}

/** The live session with this id hash, and its (enabled) moderator. */
export async function findLiveSession(db: Queryable, idHash: string, now: Date): Promise<{ session: SessionRow; moderator: ModeratorRow } | undefined> {
  const [row] = await db
    .select({ session: sessions, moderator: moderators })
    .from(sessions)
    .innerJoin(moderators, eq(moderators.id, sessions.moderatorId))
    .where(and(eq(sessions.idHash, idHash), gt(sessions.expiresAt, now), isNull(moderators.disabledAt)))
    .limit(1);
  return row;
}

export async function deleteSession(db: Queryable, idHash: string): Promise<void> {
  await db.delete(sessions).where(eq(sessions.idHash, idHash));
}

export async function deleteModeratorSessions(db: Queryable, moderatorId: number): Promise<void> {
  await db.delete(sessions).where(eq(sessions.moderatorId, moderatorId));
}

export async function deleteOtherSessions(db: Queryable, moderatorId: number, keepIdHash: string): Promise<void> {
  await db.delete(sessions).where(and(eq(sessions.moderatorId, moderatorId), ne(sessions.idHash, keepIdHash)));
}

export async function insertLoginToken(db: Queryable, row: typeof loginTokens.$inferInsert): Promise<void> {
  await db.insert(loginTokens).values(row);
}

/** Marks the token used and returns its moderator id; undefined when unknown, used or expired. */
export async function consumeLoginToken(db: Queryable, tokenHash: string, now: Date): Promise<number | undefined> {
  const [row] = await db
    .update(loginTokens)
    .set({ usedAt: now })
    .where(and(eq(loginTokens.tokenHash, tokenHash), isNull(loginTokens.usedAt), gt(loginTokens.expiresAt, now)))
    .returning({ moderatorId: loginTokens.moderatorId });
  return row?.moderatorId;
}
