import { eq } from 'drizzle-orm';
import type { SiteSettings } from '../contract/settings.ts';
import type { Queryable } from './db.ts';
import { sites } from './schema/index.ts';

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
