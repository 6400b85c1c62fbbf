/**
 * The server under load, in a child process of its own so autocannon's CPU is not the server's.
 * Argument: JSON { mode: 'bare' } or { mode: 'app', url?, dataDir?, pages: { key: size } }.
 * Reports { port, tokens } over IPC once listening; answers { cache: boolean } messages with 'ok'.
 */
import { serve } from '@hono/node-server';
import { sql } from 'drizzle-orm';
import { Hono } from 'hono';
import { createApp } from '../../server/app.ts';
import { ensureDemoSite } from '../../server/services/sites/bootstrap.ts';
import { createReader } from '../../server/services/readers/readers.ts';
import { migrateDatabase, openDatabase } from '../../server/store/db.ts';
import { ensurePage } from '../../server/store/pages.ts';
import { findReaderByTokenHash } from '../../server/store/readers.ts';
import { findSiteBySlug, updateSite } from '../../server/store/sites.ts';
import { sha256 } from '../../server/services/readers/tokens.ts';
import { seedThread } from './seed.ts';

type Options = { mode: 'bare' } | { mode: 'app'; url?: string; dataDir?: string; pages: Record<string, number>; readers: number };
const options = JSON.parse(process.argv[2] ?? '{}') as Options;
const send = (message: unknown) => process.send!(message);

function listen(fetch: (req: Request) => Response | Promise<Response>, extra: Record<string, unknown> = {}) {
  const server = serve({ fetch, port: 0, hostname: '127.0.0.1' }, (info) => send({ port: info.port, ...extra }));
  process.on('disconnect', () => {
    server.close();
    process.exit(0);
  });
}

if (options.mode === 'bare') {
  // The bar: what Hono on @hono/node-server answers on this machine with no work behind it.
  listen(new Hono().get('/bare', (c) => c.json({ ok: true })).fetch);
} else {
  const database = options.url ? await openDatabase({ url: options.url, maxConnections: Number(process.env.BENCH_POOL ?? 10) }) : await openDatabase({ dataDir: options.dataDir! });
  await migrateDatabase(database);
  // trustProxy: the bench gives each POST its own X-Forwarded-For, as a crowd of readers would have.
  const app = createApp({ database, config: { publicUrl: 'http://127.0.0.1:9', trustProxy: true } });
  await app.ready;
  await ensureDemoSite(app.services);
  const db = database.db;
  const site = (await findSiteBySlug(db, 'demo'))!;
  // Raised limits: the bench measures the write path, not the flood protection.
  // The news site that embeds it: reads from its pages carry this Origin (BENCH_ORIGIN in api.ts).
  await updateSite(db, site.id, { settings: { ...site.settings, rateLimitPerMinute: 10_000, minSecondsToPost: 0, linkLimit: 100 }, allowedOrigins: ['https://news.example'] });
  app.services.sites.invalidate();

  const tokens: string[] = [];
  for (let i = 0; i < options.readers; i++) tokens.push((await createReader(app.services, 'demo')).token);
  const seeder = (await findReaderByTokenHash(db, sha256(tokens[0]!)))!;
  for (const [key, size] of Object.entries(options.pages)) {
    const page = await ensurePage(db, { siteId: site.id, key, title: `Bench ${key}` });
    if (size > 0) await seedThread(db, { pageId: page.id, readerId: seeder.id, total: size });
  }

  // "Cold" rows turn the thread cache off, so every request pays the database queries.
  const cache = app.services.threadCache;
  const cachedGet = cache.get.bind(cache);
  process.on('message', async (message: { cache?: boolean; count?: boolean }) => {
    if (typeof message.cache === 'boolean') {
      cache.get = message.cache ? cachedGet : () => undefined;
      send('ok');
    }
    // Reconciliation: every comment row the database holds (PGlite's files belong to this process).
    if (message.count) {
      const result = (await db.execute(sql`select count(*)::int as n from comments`)) as unknown;
      const rows = Array.isArray(result) ? result : (result as { rows: unknown[] }).rows;
      send({ comments: (rows[0] as { n: number }).n });
    }
  });
  listen(app.fetch, { tokens });
}
