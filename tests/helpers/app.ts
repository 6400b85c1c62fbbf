import { createApp, type AppDeps, type ParleyApp } from '../../server/app.ts';
import type { Clock, Config } from '../../server/config.ts';
import type { SiteSettings } from '../../server/contract/settings.ts';
import { ensureDemoSite } from '../../server/services/sites/bootstrap.ts';
import { insertSite } from '../../server/store/sites.ts';
import { createTestDatabase, type TestDatabase } from './database.ts';

/** A clock the test moves by hand: edit windows and rate windows without sleeping. */
export class TestClock implements Clock {
  constructor(private current = new Date('2026-01-01T12:00:00Z')) {}
  now() {
    return new Date(this.current);
  }
  advance(ms: number) {
    this.current = new Date(this.current.getTime() + ms);
  }
}

export const PUBLIC_URL = 'http://parley.test';

export type TestApp = {
  app: ParleyApp;
  database: TestDatabase;
  clock: TestClock;
  close(): Promise<void>;
};

/** One line per test file: a fresh database, migrated, with the `demo` site and an app on it. */
export async function createTestApp(
  options: { settings?: Partial<SiteSettings>; clock?: TestClock; mailer?: AppDeps['mailer']; outbox?: AppDeps['outbox']; database?: TestDatabase; config?: Partial<Config> } = {},
): Promise<TestApp> {
  const database = options.database ?? (await createTestDatabase());
  const clock = options.clock ?? new TestClock();
  const app = createApp({ database, clock, config: { publicUrl: PUBLIC_URL, ...options.config }, mailer: options.mailer ?? null, ...(options.outbox !== undefined ? { outbox: options.outbox } : {}) });
  await app.ready;
  await ensureDemoSite(app.services);
  if (options.settings) await setSiteSettings(app, 'demo', options.settings);
  return {
    app,
    database,
    clock,
    async close() {
      await app.close();
      await database.close();
    },
  };
}

export async function setSiteSettings(app: ParleyApp, slug: string, settings: Partial<SiteSettings>, allowedOrigins?: string[]) {
  const { updateSite, findSiteBySlug } = await import('../../server/store/sites.ts');
  const site = (await findSiteBySlug(app.services.database.db, slug)) ?? (await insertSite(app.services.database.db, { slug, name: slug, allowedOrigins: allowedOrigins ?? [] }));
  await updateSite(app.services.database.db, site.id, {
    settings: { ...site.settings, ...settings },
    ...(allowedOrigins ? { allowedOrigins } : {}),
  });
  app.services.sites.invalidate();
}

type Json = Record<string, unknown> | unknown[];

/** A small client over `app.request()`: JSON in, `{ status, body, headers }` out. */
/** One request through `app.request()`: JSON in, `{ status, body, headers }` out (text if not JSON). */
export async function requestJson(app: ParleyApp, method: string, path: string, headers: Record<string, string>, payload?: unknown) {
  const res = await app.request(path, {
    method,
    headers,
    body: payload === undefined ? undefined : typeof payload === 'string' ? payload : JSON.stringify(payload),
  });
  const text = await res.text();
  let body: any = null;
  try {
    body = text ? JSON.parse(text) : null;
  } catch {
    body = text;
  }
  return { status: res.status, body, headers: res.headers };
}

export function client(app: ParleyApp) {
  const call = async (method: string, path: string, init: { body?: Json | string; token?: string; headers?: Record<string, string> } = {}) => {
    const headers: Record<string, string> = { ...(init.headers ?? {}) };
    if (init.body !== undefined) headers['content-type'] ??= 'application/json';
    if (init.token) headers.authorization = `Bearer ${init.token}`;
    return requestJson(app, method, path, headers, init.body);
  };
  return {
    call,
    get: (path: string, init?: Parameters<typeof call>[2]) => call('GET', path, init),
    post: (path: string, body: Json | string, init?: Parameters<typeof call>[2]) => call('POST', path, { ...init, body }),
    put: (path: string, body: Json | string, init?: Parameters<typeof call>[2]) => call('PUT', path, { ...init, body }),
    patch: (path: string, body: Json | string, init?: Parameters<typeof call>[2]) => call('PATCH', path, { ...init, body }),
    del: (path: string, init?: Parameters<typeof call>[2]) => call('DELETE', path, init),
    /** A new guest reader on `site`; returns its token. */
    async reader(site = 'demo'): Promise<string> {
      const res = await call('POST', '/api/v1/readers', { body: { site } });
      if (res.status !== 201) throw new Error(`reader: ${res.status} ${JSON.stringify(res.body)}`);
      return res.body.token as string;
    },
    /** Posts a comment as `token`; `renderedAt` far enough back to pass the too-fast check. */
    async comment(token: string, fields: { page?: string; body?: string; parentId?: number; name?: string; email?: string; site?: string } = {}) {
      return call('POST', '/api/v1/comments', {
        token,
        body: {
          site: fields.site ?? 'demo',
          page: fields.page ?? '/article',
          body: fields.body ?? 'A comment',
          author: { name: fields.name ?? 'Guest', ...(fields.email ? { email: fields.email } : {}) },
          ...(fields.parentId ? { parentId: fields.parentId } : {}),
        },
      });
    },
  };
}
