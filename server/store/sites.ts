import { eq, sql } from 'drizzle-orm';
import type { SiteSettings } from '../contract/settings.ts';
import { rowsOf } from './comments.ts';
import type { Queryable } from './db.ts';
import { comments, moderators, pages, readers, sites } from './schema/index.ts';

export type SiteRow = typeof sites.$inferSelect;

export async function findSiteBySlug(db: Queryable, slug: string): Promise<SiteRow | undefined> {
  const [row] = await db.select().from(sites).where(eq(sites.slug, slug)).limit(1);
  return row;
}

export async function findSiteById(db: Queryable, id: number): Promise<SiteRow | undefined> {
  const [row] = await db.select().from(sites).where(eq(sites.id, id)).limit(1);
  return row;
}

export function listSites(db: Queryable): Promise<SiteRow[]> {
  return db.select().from(sites).orderBy(sites.id);
}

export async function insertSite(
  db: Queryable,
  site: { slug: string; name: string; allowedOrigins: string[]; settings?: Partial<SiteSettings> },
): Promise<SiteRow> {
  const [row] = await db
    .insert(sites)
    .values({ ...site, settings: site.settings ?? {} })
    .onConflictDoNothing({ target: sites.slug })
    .returning();
  return row ?? (await findSiteBySlug(db, site.slug))!;
}

export async function updateSite(
  db: Queryable,
  id: number,
  patch: Partial<Pick<SiteRow, 'name' | 'allowedOrigins' | 'settings'>>,
): Promise<SiteRow | undefined> {
  // `PUT /settings {}` names nothing to change: drizzle throws on an empty SET, so read instead.
  if (Object.keys(patch).length === 0) return (await db.select().from(sites).where(eq(sites.id, id)))[0];
  const [row] = await db.update(sites).set(patch).where(eq(sites.id, id)).returning();
  return row;
}

export async function countSiteContent(db: Queryable, siteId: number): Promise<{ pages: number; comments: number; readers: number }> {
  const result = await db.execute(sql`
    select
      (select count(*)::int from ${pages} where ${pages.siteId} = ${siteId}) as pages,
      (select count(*)::int from ${comments} c join ${pages} p on p.id = c.page_id where p.site_id = ${siteId}) as comments,
      (select count(*)::int from ${readers} where ${readers.siteId} = ${siteId}) as readers`);
  const [row] = rowsOf<{ pages: number; comments: number; readers: number }>(result);
  return { pages: Number(row?.pages ?? 0), comments: Number(row?.comments ?? 0), readers: Number(row?.readers ?? 0) };
}

/**
 * Deletes the site; its pages, comments, readers, bans and secrets go with it (foreign keys
 * cascade), and moderators stop naming it.
 */
export async function deleteSite(db: Queryable, siteId: number): Promise<void> {
  await db.update(moderators).set({ siteIds: sql`array_remove(${moderators.siteIds}, ${siteId})` }).where(sql`${siteId} = any(${moderators.siteIds})`);
  await db.delete(sites).where(eq(sites.id, siteId));
}
