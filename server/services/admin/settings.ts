import type { SettingsUpdate, SiteSettingsView } from '../../contract/admin.ts';
import type { AdminSite } from '../../contract/accounts.ts';
import { resolveSettings } from '../../contract/settings.ts';
import { findSiteById, listSites, updateSite, type SiteRow } from '../../store/sites.ts';
import type { Services } from '../context.ts';
import { isSsoEnabled } from '../readers/sso.ts';
import { assertSite, isAdmin, type Actor } from './actor.ts';
import { AppError } from '../../errors.ts';
import { newBatchId, recordAudit } from './audit.ts';
import { toAdminSite } from './views.ts';

const toView = (site: SiteRow, ssoEnabled: boolean): SiteSettingsView => ({
  site: { ...toAdminSite(site), allowedOrigins: site.allowedOrigins },
  settings: resolveSettings(site.settings),
  ssoEnabled,
});

/** What the audit log keeps of a site: enough to put it back. */
export const siteSnapshot = (site: SiteRow) => ({ name: site.name, allowedOrigins: site.allowedOrigins, settings: site.settings });

export async function listActorSites(services: Services, actor: Actor): Promise<AdminSite[]> {
  const sites = await listSites(services.database.db);
  return sites.filter((s) => actor.siteIds === null || actor.siteIds.includes(s.id)).map(toAdminSite);
}

export async function getSiteSettings(services: Services, actor: Actor, slug: string): Promise<SiteSettingsView> {
  const site = await services.sites.get(slug);
  assertSite(actor, site.id);
  return toView((await findSiteById(services.database.db, site.id))!, await isSsoEnabled(services, site.id));
}

const sameOrigins = (a: string[], b: string[]) => {
  const x = [...new Set(a)].sort();
  const y = [...new Set(b)].sort();
  return x.length === y.length && x.every((o, i) => o === y[i]);
};

/**
 * Settings are stored as the site's overrides of the defaults: a partial update merges into
 * them. Every instance drops its cached site on the `site` event. A null actor: the CLI.
 */
export async function updateSiteSettings(services: Services, actor: Actor | null, slug: string, input: SettingsUpdate): Promise<SiteSettingsView> {
  const { database, clock, events } = services;
  const cached = await services.sites.get(slug);
  if (actor) assertSite(actor, cached.id);
  // Allowed origins decide which web pages may act for the site's readers: an admin's call only.
  if (actor && !isAdmin(actor) && input.allowedOrigins !== undefined && !sameOrigins(input.allowedOrigins, cached.allowedOrigins)) {
    throw new AppError('forbidden', 'Only an admin may change the allowed origins', 'allowedOrigins');
  }
  const now = clock.now();
  const after = await database.db.transaction(async (tx) => {
    const before = (await findSiteById(tx, cached.id))!;
    const updated = (await updateSite(tx, before.id, {
      ...(input.name !== undefined ? { name: input.name } : {}),
      ...(input.allowedOrigins !== undefined ? { allowedOrigins: [...new Set(input.allowedOrigins)] } : {}),
      ...(input.settings !== undefined ? { settings: { ...before.settings, ...input.settings } } : {}),
    }))!;
    await recordAudit(tx, actor, now, [
      { siteId: before.id, action: 'settings', targetType: 'site', targetId: String(before.id), batchId: newBatchId(), before: siteSnapshot(before), after: siteSnapshot(updated) },
    ]);
    return updated;
  });
  services.sites.invalidate();
  events.publish({ type: 'site', siteId: after.id });
  return toView(after, await isSsoEnabled(services, after.id));
}
