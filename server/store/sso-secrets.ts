import { eq } from 'drizzle-orm';
import type { Queryable } from './db.ts';
import { siteSsoSecrets } from './schema/index.ts';

export async function findSsoSecret(db: Queryable, siteId: number): Promise<string | undefined> {
  const [row] = await db.select({ secret: siteSsoSecrets.secret }).from(siteSsoSecrets).where(eq(siteSsoSecrets.siteId, siteId)).limit(1);
  return row?.secret;
}

/** Sets (or replaces) a site's secret; replacing it invalidates every `sso` string signed with the old one. */
export async function saveSsoSecret(db: Queryable, siteId: number, secret: string): Promise<void> {
  await db
    .insert(siteSsoSecrets)
    .values({ siteId, secret })
    .onConflictDoUpdate({ target: siteSsoSecrets.siteId, set: { secret, createdAt: new Date() } });
}

/** Keeps the secret already there, if any: two callers racing both end up with the same one. */
export async function ensureSsoSecret(db: Queryable, siteId: number, secret: string): Promise<string> {
  await db.insert(siteSsoSecrets).values({ siteId, secret }).onConflictDoNothing({ target: siteSsoSecrets.siteId });
  return (await findSsoSecret(db, siteId))!;
}

export async function deleteSsoSecret(db: Queryable, siteId: number): Promise<boolean> {
  const rows = await db.delete(siteSsoSecrets).where(eq(siteSsoSecrets.siteId, siteId)).returning({ siteId: siteSsoSecrets.siteId });
  return rows.length > 0;
}
