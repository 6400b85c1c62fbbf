import { serve } from '@hono/node-server';
import { createApp } from './app.ts';
import { startRetention } from './jobs/retention.ts';
import { ensureFirstAdmin } from './services/admin/bootstrap-admin.ts';
import { ensureDemoSite } from './services/sites/bootstrap.ts';
import { migrateDatabase, openDatabase } from './store/db.ts';

// The only file that reads the environment.
const env = process.env;
const port = Number(env.PORT ?? 8080);
const host = env.HOST ?? '127.0.0.1';
const publicUrl = (env.PARLEY_PUBLIC_URL ?? `http://${host.includes(':') ? `[${host}]` : host}:${port}`).replace(/\/$/, '');
const dataDir = env.PARLEY_DATA_DIR ?? './data';

const database = await openDatabase(env.DATABASE_URL ? { url: env.DATABASE_URL } : { dataDir });
await migrateDatabase(database);
const app = createApp({
  database,
  config: {
    publicUrl,
    ipSalt: env.PARLEY_IP_SALT ?? 'parley-dev-salt',
    importMaxBytes: Number(env.PARLEY_IMPORT_MAX_BYTES ?? 512 * 1024 * 1024) || 512 * 1024 * 1024,
    ipRetentionDays: Math.max(1, Number(env.PARLEY_IP_RETENTION_DAYS ?? 30) || 30),
    trustProxy: env.PARLEY_TRUST_PROXY === '1',
    bootstrapAdmin: env.PARLEY_ADMIN_EMAIL && env.PARLEY_ADMIN_PASSWORD ? { email: env.PARLEY_ADMIN_EMAIL, password: env.PARLEY_ADMIN_PASSWORD } : null,
  },
});
await app.ready;
await ensureDemoSite(app.services);
const firstAdmin = await ensureFirstAdmin(app.services);
const stopRetention = startRetention(app.services);

const server = serve({ fetch: app.fetch, port, hostname: host }, () => {
  const where = env.DATABASE_URL ? 'PostgreSQL (DATABASE_URL)' : `embedded PGlite in ${dataDir}`;
  console.log(`Parley is running on ${where}`);
  console.log(`  Demo article:  ${publicUrl}/`);
  console.log(`  Admin:         ${publicUrl}/admin`);
  console.log(`  API:           ${publicUrl}/api/v1   health: ${publicUrl}/healthz`);
  if (firstAdmin?.signInLink) {
    console.log(`  First admin ${firstAdmin.email}: sign in once with this link (valid 24 h), then set a password:`);
    console.log(`    ${firstAdmin.signInLink}`);
  } else if (firstAdmin) {
    console.log(`  First admin ${firstAdmin.email} created with PARLEY_ADMIN_PASSWORD.`);
  }
});

let isStopping = false;
async function stop() {
  if (isStopping) return;
  isStopping = true;
  server.close();
  stopRetention();
  await app.close();
  await database.close();
  process.exit(0);
}
// A driver's stray rejection (a connection killed mid-handshake) must not take the server down.
process.on('unhandledRejection', (error) => console.error('[parley] unhandled rejection', error));
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
