import { and, eq, inArray, sql } from 'drizzle-orm';
import type { Queryable } from './db.ts';
import { pages } from './schema/index.ts';

export type PageRow = typeof pages.$inferSelect;

export async function findPage(db: Queryable, siteId: number, key: string): Promise<PageRow | undefined> {
  const [row] = await db
    .select()
    .from(pages)
    .where(and(eq(pages.siteId, siteId), eq(pages.key, key)))
    .limit(1);
  return row;
}

export async function findPageById(db: Queryable, id: number): Promise<PageRow | undefined> {
  const [row] = await db.select().from(pages).where(eq(pages.id, id)).limit(1);
  return row;
}

/**
 * Finds or creates the page without locking an existing row: a new comment must not hold the page
 * row before it touches its parent, or it deadlocks with a vote on that parent (which locks the
 * comment, then bumps the page). Two first comments racing still make one page: the loser's insert
 * waits for the winner and then finds its row.
 */
export async function ensurePage(db: Queryable, page: { siteId: number; key: string; url?: string | undefined; title?: string | undefined }): Promise<PageRow> {
  // Nearly every comment lands on a page that exists: one indexed read, no write.
  const existing = await findPage(db, page.siteId, page.key);
  if (existing) return existing;
  const [inserted] = await db
    .insert(pages)
    .values({ siteId: page.siteId, key: page.key, url: page.url ?? null, title: page.title ?? null })
    .onConflictDoNothing({ target: [pages.siteId, pages.key] })
    .returning();
  return inserted ?? (await findPage(db, page.siteId, page.key))!;
}

/**
 * Keeps what we knew unless the page now tells us more; call last in the transaction (it locks the
 * page). The thread answer shows url and title, so a change bumps the version like any other.
 */
export async function updatePageInfo(db: Queryable, page: PageRow, info: { url?: string | undefined; title?: string | undefined }): Promise<void> {
  const url = info.url ?? page.url;
  const title = info.title ?? page.title;
  if (url === page.url && title === page.title) return;
  await db
    .update(pages)
    .set({ url, title, version: sql`${pages.version} + 1` })
    .where(eq(pages.id, page.id));
}

/** Applies a change to the visible count and bumps the version: call inside the change's transaction. */
export async function bumpPage(db: Queryable, pageId: number, countDelta = 0): Promise<void> {
  await db
    .update(pages)
    .set({ version: sql`${pages.version} + 1`, commentCount: sql`${pages.commentCount} + ${countDelta}` })
    .where(eq(pages.id, pageId));
}

export async function setPageLocked(db: Queryable, pageId: number, isLocked: boolean): Promise<PageRow | undefined> {
  const [row] = await db
    .update(pages)
    .set({ isLocked, version: sql`${pages.version} + 1` })
    .where(eq(pages.id, pageId))
    .returning();
  return row;
}

export async function countByKeys(db: Queryable, siteId: number, keys: string[]): Promise<Record<string, number>> {
  const rows = await db
    .select({ key: pages.key, count: pages.commentCount })
    .from(pages)
    .where(and(eq(pages.siteId, siteId), inArray(pages.key, keys)));
  return Object.fromEntries(rows.map((r) => [r.key, r.count]));
}

/** Creates the page; undefined when it exists already (whoever made it first owns its start). */
export async function insertPageIfAbsent(db: Queryable, page: { siteId: number; key: string; url: string | null; title: string | null }): Promise<PageRow | undefined> {
  const [inserted] = await db.insert(pages).values(page).onConflictDoNothing({ target: [pages.siteId, pages.key] }).returning();
  return inserted;
}
