import type { Context, MiddlewareHandler } from 'hono';
import { AppError } from '../../errors.ts';
import { isOriginAllowed, type Site, type SiteDirectory } from '../../services/sites/sites.ts';

const ALLOW_HEADERS = 'Authorization, Content-Type, If-None-Match, Idempotency-Key';
const ALLOW_METHODS = 'GET, POST, PUT, PATCH, DELETE, OPTIONS';
export const EXPOSE_HEADERS = 'ETag, Retry-After, Idempotent-Replayed';

/**
 * CORS for the public API: only origins some site allows get CORS headers, and a state change
 * from any other browser origin is refused outright (the per-site check happens in the service).
 * A read that names its site (`?site=`) is opened only to that site's origins: one site's origins
 * never read another site's data. Reads by comment id narrow it in the handler (`closeCorsUnless`).
 * Tokens travel in `Authorization`, never cookies, so there is nothing for CSRF to ride on.
 */
export function publicCors(sites: SiteDirectory, ownOrigin: string): MiddlewareHandler {
  return async (c, next) => {
    // The admin API has its own rules: same origin only, session cookie, CSRF header.
    if (c.req.path.startsWith('/api/v1/admin')) return next();
    const origin = c.req.header('origin');
    // No Origin (a server, curl, a same-origin GET): nothing to look up or grant, and no await.
    if (!origin && c.req.method !== 'OPTIONS') {
      c.header('Vary', 'Origin');
      return next();
    }
    let isAllowed = !origin || origin === ownOrigin || (await sites.allOrigins()).has(origin);
    const slug = isAllowed && origin && origin !== ownOrigin && c.req.method !== 'OPTIONS' ? c.req.query('site') : undefined;
    if (slug) {
      const site = await sites.find(slug);
      // An unknown site answers 404 anyway; the origin may read that answer.
      if (site) isAllowed = isOriginAllowed(site, origin, ownOrigin);
    }
    if (c.req.method === 'OPTIONS') {
      if (!origin || !isAllowed) return c.body(null, 204, { Vary: 'Origin' });
      return c.body(null, 204, {
        'Access-Control-Allow-Origin': origin,
        'Access-Control-Allow-Methods': ALLOW_METHODS,
        'Access-Control-Allow-Headers': ALLOW_HEADERS,
        'Access-Control-Max-Age': '600',
        Vary: 'Origin',
      });
    }
    if (!isAllowed && c.req.method !== 'GET' && c.req.method !== 'HEAD') {
      throw new AppError('origin_not_allowed', `Origin ${origin} is not allowed`);
    }
    // Set before the handler runs, so they ride on whatever response it (or onError) makes:
    // changing `c.res.headers` afterwards costs the node adapter its fast path.
    c.header('Vary', 'Origin');
    if (origin && isAllowed) {
      c.header('Access-Control-Allow-Origin', origin);
      c.header('Access-Control-Expose-Headers', EXPOSE_HEADERS);
    }
    await next();
  };
}

/**
 * The origin a GET that names its site (`?site=`) is opened to, decided as `publicCors` decides it
 * (keep the two together): the own origin, or an origin some site allows and this site allows.
 * `null`: no Origin, or no grant (the answer goes out without CORS headers; the browser hides it).
 */
export function readGrant(origin: string | undefined, site: Pick<Site, 'allowedOrigins'>, allOrigins: ReadonlySet<string>, ownOrigin: string): string | null {
  if (!origin) return null;
  if (origin === ownOrigin) return origin;
  return allOrigins.has(origin) && isOriginAllowed(site, origin, ownOrigin) ? origin : null;
}

/** A read about one site (found by comment id): drop the CORS grant unless that site allows the origin. */
export function closeCorsUnless(c: Context, site: Pick<Site, 'allowedOrigins'> | null, ownOrigin: string): void {
  if (!site || !isOriginAllowed(site, c.req.header('origin'), ownOrigin)) {
    c.header('Access-Control-Allow-Origin', undefined);
    c.header('Access-Control-Expose-Headers', undefined);
  }
}
