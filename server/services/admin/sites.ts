import { AppError } from '../../errors.ts';
import { countSiteContent, deleteSite, findSiteBySlug } from '../../store/sites.ts';
import type { Services } from '../context.ts';
import { assertAdmin, type Actor } from './actor.ts';
import { newBatchId, recordAudit } from './audit.ts';
import { siteSnapshot } from './settings.ts';

export function siteContentCounts(services: Services, siteId: number) {
  return countSiteContent(services.database.db, siteId);
}

/**
 * Removes a site and everything on it, in one transaction; the audit log keeps what the site was.
 * Admins only (or the CLI: a null actor). `demo` is re-created on the next start.
 */
export async function removeSite(services: Services, actor: Actor | null, slug: string): Promise<{ pages: number; comments: number; readers: number }> {
  if (actor) assertAdmin(actor);
  const { database, clock, events } = services;
  const removed = await database.db.transaction(async (tx) => {
    const site = await findSiteBySlug(tx, slug);
    if (!site) throw new AppError('site_not_found', `No site ${slug}`, 'site');
    const counts = await countSiteContent(tx, site.id);
    await deleteSite(tx, site.id);
    await recordAudit(tx, actor, clock.now(), [
      { siteId: site.id, action: 'site_remove', targetType: 'site', targetId: String(site.id), batchId: newBatchId(), before: { slug: site.slug, ...siteSnapshot(site), ...counts }, after: null },
    ]);
    return { id: site.id, counts };
  });
  services.sites.invalidate();
  events.publish({ type: 'site', siteId: removed.id });
  return removed.counts;
}
