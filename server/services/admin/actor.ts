import { AppError } from '../../errors.ts';
import type { ModeratorRow } from '../../store/moderators.ts';
import type { Services } from '../context.ts';
import type { Site } from '../sites/sites.ts';

/** Who is acting, as the session established it. `siteIds` null: an admin, every site. */
export type Actor = {
  moderator: ModeratorRow;
  sessionIdHash: string;
  csrfToken: string;
  siteIds: number[] | null;
};

export const isAdmin = (actor: Actor) => actor.moderator.role === 'admin';

export const actorSiteIds = (moderator: ModeratorRow): number[] | null => (moderator.role === 'admin' ? null : moderator.siteIds);

export function canActOn(actor: Actor, siteId: number): boolean {
  return actor.siteIds === null || actor.siteIds.includes(siteId);
}

export function assertSite(actor: Actor, siteId: number): void {
  if (!canActOn(actor, siteId)) throw new AppError('forbidden', 'You do not moderate this site');
}

export function assertAdmin(actor: Actor): void {
  if (!isAdmin(actor)) throw new AppError('forbidden', 'Only an admin may do this');
}

/** The sites a listing covers: the named one (if the actor may see it), else all of the actor's. */
export async function scopeSites(services: Services, actor: Actor, slug: string | undefined): Promise<{ siteIds: number[] | null; site: Site | null }> {
  if (!slug) return { siteIds: actor.siteIds, site: null };
  const site = await services.sites.get(slug);
  assertSite(actor, site.id);
  return { siteIds: [site.id], site };
}
