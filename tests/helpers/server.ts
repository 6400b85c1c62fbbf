import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { serve, type ServerType } from '@hono/node-server';
import { createApp, type AppDeps, type ParleyApp } from '../../server/app.ts';
import type { Clock } from '../../server/config.ts';
import type { SiteSettings } from '../../server/contract/settings.ts';
import { ensureDemoSite } from '../../server/services/sites/bootstrap.ts';
import { setSiteSettings } from './app.ts';
import { createTestDatabase, type TestDatabase } from './database.ts';

const repo = new URL('../..', import.meta.url).pathname;
const widgetDir = join(repo, 'widget');
const manifest = join(widgetDir, 'dist', '.vite', 'manifest.json');

function newestSource(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'dist' || entry.name === 'node_modules') continue;
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestSource(path) : statSync(path).mtimeMs);
  }
  return newest;
}

/**
 * `npm test` builds the widget first; a lone `vitest run` of a browser test rebuilds it here when
 * widget/ changed since the last build, so a test never runs against a stale bundle.
 */
export function ensureWidgetBuilt(): void {
  if (existsSync(manifest) && statSync(manifest).mtimeMs >= newestSource(widgetDir)) return;
  const vite = join(repo, 'node_modules', 'vite', 'bin', 'vite.js');
  execFileSync(process.execPath, [vite, 'build', '--config', 'widget/vite.config.ts', '--logLevel', 'warn'], { cwd: repo, stdio: 'inherit' });
}

export type TestServer = {
  /** `http://127.0.0.1:<port>`, no trailing slash. */
  url: string;
  app: ParleyApp;
  database: TestDatabase;
  close(): Promise<void>;
};

/**
 * The whole app over real HTTP on a free loopback port, on a fresh database with the `demo` site
 * (its allowed origin is this server). Settings are applied to `demo`; `mailer` (an SMTP sink's)
 * and `outbox` timings as in createApp.
 */
export async function startTestServer(
  options: { settings?: Partial<SiteSettings>; clock?: Clock; build?: boolean } & Pick<AppDeps, 'mailer' | 'outbox'> = {},
): Promise<TestServer> {
  if (options.build !== false) ensureWidgetBuilt();
  const database = await createTestDatabase();
  // The app needs its public URL, which needs the port: listen first, hand requests over once built.
  let app: ParleyApp | null = null;
  const server: ServerType = await new Promise((resolve) => {
    const s = serve({ fetch: (req) => (app ? app.fetch(req) : new Response('starting', { status: 503 })), port: 0, hostname: '127.0.0.1' }, () => resolve(s));
  });
  const { port } = server.address() as AddressInfo;
  const url = `http://127.0.0.1:${port}`;
  const built = createApp({
    database,
    config: { publicUrl: url },
    ...(options.clock ? { clock: options.clock } : {}),
    ...(options.mailer ? { mailer: options.mailer } : {}),
    ...(options.outbox !== undefined ? { outbox: options.outbox } : {}),
  });
  await built.ready;
  await ensureDemoSite(built.services);
  if (options.settings) await setSiteSettings(built, 'demo', options.settings);
  app = built;
  return {
    url,
    app: built,
    database,
    async close() {
      (server as import('node:http').Server).closeAllConnections?.();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await built.close();
      await database.close();
    },
  };
}

/** Settings for browser tests: a test types faster than a human and posts more than 5 a minute. */
export const FAST_READER: Partial<SiteSettings> = { minSecondsToPost: 0, rateLimitPerMinute: 10_000 };

/**
 * Posts comments straight through the app (no HTTP), each by a fresh guest reader, and returns
 * their ids in order. `parent` is an index into the returned ids, for replies.
 */
export async function seedComments(
  app: ParleyApp,
  page: string,
  comments: { body: string; name?: string; parent?: number }[],
): Promise<number[]> {
  const { client } = await import('./app.ts');
  const api = client(app);
  const ids: number[] = [];
  for (const c of comments) {
    const token = await api.reader();
    const parentId = c.parent === undefined ? undefined : ids[c.parent];
    const res = await api.comment(token, { page, body: c.body, name: c.name ?? 'Reader', ...(parentId ? { parentId } : {}) });
    if (res.status !== 201) throw new Error(`seed: ${res.status} ${JSON.stringify(res.body)}`);
    ids.push(res.body.comment.id as number);
  }
  return ids;
}
