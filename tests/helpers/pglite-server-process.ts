/**
 * The app on PGlite with a data directory, in a child process the test can `kill -9`.
 * Argument: the data directory. Reports { port } over IPC once listening; answers { check: true }
 * with { ids, mismatches }: the stored comment ids and the counters that disagree with their rows.
 */
import { serve } from '@hono/node-server';
import { sql } from 'drizzle-orm';
import { createApp } from '../../server/app.ts';
import { ensureDemoSite } from '../../server/services/sites/bootstrap.ts';
import { rowsOf } from '../../server/store/comments.ts';
import { migrateDatabase, openDatabase } from '../../server/store/db.ts';
import { findSiteBySlug, updateSite } from '../../server/store/sites.ts';
import { counterMismatches } from './counters.ts';

const dataDir = process.argv[2]!;
const database = await openDatabase({ dataDir });
await migrateDatabase(database);
const app = createApp({ database, config: { publicUrl: 'http://127.0.0.1:9' } });
await app.ready;
await ensureDemoSite(app.services);
const site = (await findSiteBySlug(database.db, 'demo'))!;
await updateSite(database.db, site.id, { settings: { ...site.settings, rateLimitPerMinute: 10_000, minSecondsToPost: 0 } });
app.services.sites.invalidate();

const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, (info) => process.send!({ port: info.port }));
process.on('message', async (message: { check?: boolean }) => {
  if (!message.check) return;
  const ids = rowsOf<{ id: number }>(await database.db.execute(sql`select id::int as id from comments order by id`)).map((r) => r.id);
  process.send!({ ids, mismatches: await counterMismatches(database) });
});
process.on('disconnect', async () => {
  server.close();
  await app.close();
  await database.close();
  process.exit(0);
});
