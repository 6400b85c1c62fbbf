import { serve } from '@hono/node-server';
import { createApp } from './app.ts';
import { ensureFirstAdmin } from './services/admin/bootstrap-admin.ts';
import { ensureDemoSite } from './services/sites/bootstrap.ts';
import { smtpMailer } from './services/notify/smtp-mailer.ts';
import { migrateDatabase, openDatabase } from './store/db.ts';

// The only file that reads the environment.
const env = process.env;
const port = Number(env.PORT ?? 8080);
const host = env.HOST ?? '127.0.0.1';
const publicUrl = (env.PARLEY_PUBLIC_URL ?? `http://${host.includes(':') ? `[${host}]` : host}:${port}`).replace(/\/$/, '');
const dataDir = env.PARLEY_DATA_DIR ?? './data';

const database = await openDatabase(env.DATABASE_URL ? { url: env.DATABASE_URL } : { dataDir });
await migrateDatabase(database);
const mailer = env.SMTP_URL ? smtpMailer(env.SMTP_URL) : null;
const secret = env.PARLEY_SECRET ?? env.PARLEY_IP_SALT;
const app = createApp({
  database,
  mailer,
  config: {
    publicUrl,
    ipSalt: env.PARLEY_IP_SALT ?? 'parley-dev-salt',
    // Signs unsubscribe/confirm links: set it in production, the same on every instance.
    secret: secret ?? 'parley-dev-secret',
    ...(env.PARLEY_MAIL_FROM ? { mailFrom: env.PARLEY_MAIL_FROM } : {}),
    trustProxy: env.PARLEY_TRUST_PROXY === '1',
    bootstrapAdmin: env.PARLEY_ADMIN_EMAIL && env.PARLEY_ADMIN_PASSWORD ? { email: env.PARLEY_ADMIN_EMAIL, password: env.PARLEY_ADMIN_PASSWORD } : null,
  },
});
await app.ready;
await ensureDemoSite(app.services);
const firstAdmin = await ensureFirstAdmin(app.services);

const server = serve({ fetch: app.fetch, port, hostname: host }, () => {
  const where = env.DATABASE_URL ? 'PostgreSQL (DATABASE_URL)' : `embedded PGlite in ${dataDir}`;
  console.log(`Parley is running on ${where}`);
  console.log(`  Demo article:  ${publicUrl}/`);
  console.log(`  Admin:         ${publicUrl}/admin`);
  console.log(`  API:           ${publicUrl}/api/v1   health: ${publicUrl}/healthz`);
  if (mailer) console.log(`  E-mail:        SMTP ${mailer.description}, from ${app.services.config.mailFrom}`);
  else console.log('  E-mail:        no SMTP_URL set: mails are kept in the dev mailbox (Admin → Email), not sent');
  if (!secret) console.log('  Warning:       PARLEY_SECRET is not set: unsubscribe links use a development secret');
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
  await app.close();
  await database.close();
  process.exit(0);
}
// A driver's stray rejection (a connection killed mid-handshake) must not take the server down.
process.on('unhandledRejection', (error) => console.error('[parley] unhandled rejection', error));
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
