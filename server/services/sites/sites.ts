import { AppError, notFound } from '../../errors.ts';
import { resolveSettings, type PublicSettings, type SiteSettings } from '../../contract/settings.ts';
import type { Db } from '../../store/db.ts';
import { findSiteBySlug, listSites, type SiteRow } from '../../store/sites.ts';

export type Site = SiteRow & { resolved: SiteSettings };

// Sites change rarely; every request needs one. A short TTL bounds staleness across instances
// even if a NOTIFY is missed; local changes and `site` events drop the entry at once.
const TTL_MS = 10_000;

export class SiteDirectory {
  readonly #bySlug = new Map<string, { site: Site | null; at: number }>();
  #all: { byId: Map<number, Site>; origins: Set<string>; at: number } | null = null;

  constructor(private readonly db: Db) {}

  /** The site as this directory holds it now, with no await: `undefined` when it must be looked up. */
  peek(slug: string): Site | null | undefined {
    const hit = this.#bySlug.get(slug);
    return hit && Date.now() - hit.at < TTL_MS ? hit.site : undefined;
  }

  async find(slug: string): Promise<Site | null> {
    const held = this.peek(slug);
    if (held !== undefined) return held;
    const row = await findSiteBySlug(this.db, slug);
    const site = row ? { ...row, resolved: resolveSettings(row.settings) } : null;
    this.#bySlug.set(slug, { site, at: Date.now() });
    return site;
  }

  async get(slug: string, field = 'site'): Promise<Site> {
    const site = await this.find(slug);
    if (!site) throw notFound('site', field);
    return site;
  }

  async #everySite() {
    if (this.#all && Date.now() - this.#all.at < TTL_MS) return this.#all;
    const rows = await listSites(this.db);
    const byId = new Map(rows.map((row) => [row.id, { ...row, resolved: resolveSettings(row.settings) }]));
    this.#all = { byId, origins: new Set(rows.flatMap((s) => s.allowedOrigins)), at: Date.now() };
    return this.#all;
  }

  /** Every origin some site allows: answers CORS preflights, which name no site. */
  async allOrigins(): Promise<Set<string>> {
    return (await this.#everySite()).origins;
  }

  /** `allOrigins()` as held now, with no await: `undefined` when it must be looked up. */
  peekAllOrigins(): Set<string> | undefined {
    return this.#all && Date.now() - this.#all.at < TTL_MS ? this.#all.origins : undefined;
  }

  /** The site a reader or comment belongs to, by id (null once deleted). */
  async byId(id: number): Promise<Site | null> {
    return (await this.#everySite()).byId.get(id) ?? null;
  }

  invalidate(): void {
    this.#bySlug.clear();
    this.#all = null;
  }
}

/** Whether a browser on `origin` may use `site` (no Origin: a server, curl, a mail provider). */
export const isOriginAllowed = (site: Pick<Site, 'allowedOrigins'>, origin: string | undefined, ownOrigin: string): boolean =>
  !origin || origin === ownOrigin || site.allowedOrigins.includes(origin);

/** A request from a browser on another origin must come from one the site allows. */
export function assertOriginAllowed(site: Site, origin: string | undefined, ownOrigin: string): void {
  if (isOriginAllowed(site, origin, ownOrigin)) return;
  throw new AppError('origin_not_allowed', `Origin ${origin} may not use site ${site.slug}`);
}

export const publicSettings = (s: SiteSettings): PublicSettings => ({
  editWindowMinutes: s.editWindowMinutes,
  maxDepth: s.maxDepth,
  maxBodyLength: s.maxBodyLength,
  maxNameLength: s.maxNameLength,
  requireEmail: s.requireEmail,
  language: s.language,
});
