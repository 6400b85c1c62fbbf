import type { ParleyApp } from '../../server/app.ts';
import type { AdminMe } from '../../server/contract/accounts.ts';
import { addModerator } from '../../server/services/admin/moderators.ts';
import { findSiteBySlug } from '../../server/store/sites.ts';
import { PUBLIC_URL, requestJson } from './app.ts';

export const TEST_PASSWORD = 'correct horse battery';

/** Creates a moderator straight through the service (no actor: like the CLI). */
export async function createModerator(
  app: ParleyApp,
  fields: { email: string; role?: 'admin' | 'moderator'; sites?: string[]; password?: string },
) {
  const siteIds = [];
  for (const slug of fields.sites ?? []) siteIds.push((await findSiteBySlug(app.services.database.db, slug))!.id);
  return addModerator(app.services, null, {
    email: fields.email,
    name: fields.email.split('@')[0]!,
    role: fields.role ?? 'moderator',
    siteIds,
    password: fields.password ?? TEST_PASSWORD,
  });
}

type Init = { body?: unknown; headers?: Record<string, string>; csrf?: string | null; origin?: string | null; cookie?: string | null };

/** A browser-like admin client: session cookie, same Origin, the CSRF header on every call. */
export function adminClient(app: ParleyApp, session: { cookie: string | null; csrf: string | null } = { cookie: null, csrf: null }) {
  const call = async (method: string, path: string, init: Init = {}) => {
    const headers: Record<string, string> = { ...(init.headers ?? {}) };
    const cookie = init.cookie === undefined ? session.cookie : init.cookie;
    const csrf = init.csrf === undefined ? session.csrf : init.csrf;
    const origin = init.origin === undefined ? PUBLIC_URL : init.origin;
    if (cookie) headers.cookie = cookie;
    if (csrf) headers['x-parley-csrf'] = csrf;
    if (origin) headers.origin = origin;
    if (init.body !== undefined) headers['content-type'] ??= 'application/json';
    return requestJson(app, method, `/api/v1/admin${path}`, headers, init.body);
  };
  return {
    session,
    call,
    get: (path: string, init?: Init) => call('GET', path, init),
    post: (path: string, body: unknown = {}, init?: Init) => call('POST', path, { ...init, body }),
    put: (path: string, body: unknown, init?: Init) => call('PUT', path, { ...init, body }),
    patch: (path: string, body: unknown, init?: Init) => call('PATCH', path, { ...init, body }),
    del: (path: string, init?: Init) => call('DELETE', path, init),
  };
}

export type AdminClient = ReturnType<typeof adminClient>;
export type SignedIn = AdminClient & { me: AdminMe };

/** Signs in with e-mail and password; the client carries the cookie and CSRF token from then on. */
export async function signIn(app: ParleyApp, email: string, password = TEST_PASSWORD): Promise<SignedIn> {
  const res = await adminClient(app).post('/login', { email, password }, { csrf: 'login' });
  if (res.status !== 200) throw new Error(`sign in: ${res.status} ${JSON.stringify(res.body)}`);
  const cookie = res.headers.get('set-cookie')!.split(';')[0]!;
  const me = res.body as AdminMe;
  return Object.assign(adminClient(app, { cookie, csrf: me.csrfToken }), { me });
}
