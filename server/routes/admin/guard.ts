import { timingSafeEqual } from 'node:crypto';
import type { MiddlewareHandler } from 'hono';
import { getCookie } from 'hono/cookie';
import { AppError } from '../../errors.ts';
import type { Actor } from '../../services/admin/actor.ts';
import { resolveSession } from '../../services/admin/sessions.ts';
import type { Services } from '../../services/context.ts';

export type AdminEnv = { Variables: { actor: Actor } };

export const SESSION_COOKIE = 'parley_session';
export const CSRF_HEADER = 'x-parley-csrf';
export const ADMIN_PREFIX = '/api/v1/admin';
/** Reachable without a session: signing in. */
const SIGN_IN_PATHS = new Set([`${ADMIN_PREFIX}/login`, `${ADMIN_PREFIX}/login/token`]);
const STATE_CHANGING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

const sameSecret = (a: string, b: string) => {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
};

/**
 * Every admin request: a foreign `Origin` (or a cross-site fetch) is refused before anything
 * else, then the session cookie names the actor (401 without one), then a state change must echo
 * the session's CSRF token in `X-Parley-CSRF` (403). Nothing is read or written before these pass.
 */
export function adminGuard(services: Services): MiddlewareHandler<AdminEnv> {
  const ownOrigin = new URL(services.config.publicUrl).origin;
  return async (c, next) => {
    const origin = c.req.header('origin');
    if ((origin !== undefined && origin !== ownOrigin) || c.req.header('sec-fetch-site') === 'cross-site') {
      throw new AppError('csrf', 'The admin API answers only its own origin');
    }
    const isChange = STATE_CHANGING.has(c.req.method);
    const csrf = c.req.header(CSRF_HEADER);
    c.header('Cache-Control', 'no-store');
    if (SIGN_IN_PATHS.has(c.req.path)) {
      // No session yet: any value will do, since a custom header cannot cross origins unpreflighted.
      if (isChange && !csrf) throw new AppError('csrf', `Send the ${CSRF_HEADER} header`);
      return next();
    }
    const actor = await resolveSession(services, getCookie(c, SESSION_COOKIE));
    if (!actor) throw new AppError('unauthorized', 'Sign in first');
    if (isChange && !(csrf && sameSecret(csrf, actor.csrfToken))) {
      throw new AppError('csrf', `The ${CSRF_HEADER} header is missing or wrong`);
    }
    c.set('actor', actor);
    await next();
  };
}
