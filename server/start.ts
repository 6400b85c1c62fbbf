import type { Server } from 'node:http';
import { serve } from '@hono/node-server';
import { createApp } from './app.ts';
import { startRetention } from './jobs/retention.ts';
import { Lifecycle } from './ops/lifecycle.ts';
import { createLogger } from './ops/logger.ts';
import { Metrics } from './ops/metrics.ts';
import type { Settings } from './ops/settings.ts';
import { ensureFirstAdmin } from './services/admin/bootstrap-admin.ts';
import { ensureDemoSite } from './services/sites/bootstrap.ts';
import { ensureDemoDiscussion } from './services/sites/demo-discussion.ts';
import { smtpMailer } from './services/notify/smtp-mailer.ts';
import { migrateDatabase, openDatabase, type Database } from './store/db.ts';

/** A start-up failure as one line a person can act on, never a stack trace. */
function startupFailure(what: string, error: unknown): never {
  const e = error as { code?: string; message?: string; errors?: Array<{ code?: string; message?: string }> };
  const inner = e?.errors?.[0];
  const detail = [e?.code ?? inner?.code, e?.message || inner?.message].filter(Boolean).join(' ');
  console.error(`parley: ${what}: ${detail || String(error)}`);
  process.exit(1);
}

/**
 * Opens and migrates the database, serves the app, and handles SIGTERM; `main.ts` calls it with the
 * checked settings. Start-up failures are one line on stderr and exit code 1.
 */
export async function startServer(settings: Settings): Promise<void> {
  const logger = createLogger(settings.logLevel);
  const where = settings.databaseUrl ? `PostgreSQL at ${new URL(settings.databaseUrl).host}` : `PGlite in ${settings.dataDir}`;
  let database: Database;
  try {
    database = await openDatabase(
      settings.databaseUrl
        ? { url: settings.databaseUrl, maxConnections: settings.dbPoolMax }
        : { dataDir: settings.dataDir, queue: { maxDepth: settings.pgliteQueueMax, maxWaitMs: settings.requestTimeoutMs } },
    );
    await migrateDatabase(database);
  } catch (error) {
    startupFailure(`cannot open the database (${where})`, error);
  }

  const metrics = new Metrics();
  metrics.collectProcessMetrics();
  const lifecycle = new Lifecycle();
  const mailer = settings.smtpUrl ? smtpMailer(settings.smtpUrl) : null;
  const app = createApp({
    database,
    mailer,
    outbox: { leaseMs: settings.outboxLeaseMs },
    logger,
    metrics,
    lifecycle,
    config: {
      publicUrl: settings.publicUrl,
      ipSalt: settings.ipSalt,
      trustProxy: settings.trustProxy,
      requestTimeoutMs: settings.requestTimeoutMs,
      maxLiveConnections: settings.maxLiveConnections,
      ipRetentionDays: settings.ipRetentionDays,
      importMaxBytes: settings.importMaxBytes,
      metricsToken: settings.metricsToken,
      // Unsubscribe/confirm links must verify on every instance: one secret for all of them.
      secret: settings.secret ?? 'parley-dev-secret',
      ...(settings.mailFrom ? { mailFrom: settings.mailFrom } : {}),
      bootstrapAdmin: settings.adminEmail && settings.adminPassword ? { email: settings.adminEmail, password: settings.adminPassword } : null,
    },
  });
  await app.ready;
  await ensureDemoSite(app.services);
  await ensureDemoDiscussion(app.services);
  const firstAdmin = await ensureFirstAdmin(app.services);
  const stopRetention = startRetention(app.services, undefined, (message, error) =>
    error ? logger.error({ err: { message: String((error as Error)?.message ?? error) } }, message) : logger.info(message),
  );

  const server = serve({ fetch: app.fetch, port: settings.port, hostname: settings.host }, (info) => {
    const publicUrl = settings.publicUrl;
    logger.info({ port: info.port, database: database.kind }, 'listening');
    // For people, on stdout: where to go next.
    console.log(`Parley is running on ${settings.databaseUrl ? 'PostgreSQL (DATABASE_URL)' : `embedded PGlite in ${settings.dataDir}`}`);
    console.log(`  Demo article:  ${publicUrl}/`);
    console.log(`  Admin:         ${publicUrl}/admin`);
    console.log(`  API:           ${publicUrl}/api/v1   health: ${publicUrl}/healthz`);
    if (mailer) console.log(`  E-mail:        SMTP ${mailer.description}, from ${app.services.config.mailFrom}`);
    else console.log('  E-mail:        no SMTP_URL set: mails are kept in the dev mailbox (Admin → Email), not sent');
    if (!settings.secret) console.log('  Warning:       PARLEY_SECRET is not set: unsubscribe links are signed with a development secret');
    if (firstAdmin?.signInLink) {
      console.log(`  First admin ${firstAdmin.email}: sign in once with this link (valid 24 h), then set a password:`);
      console.log(`    ${firstAdmin.signInLink}`);
    } else if (firstAdmin) {
      console.log(`  First admin ${firstAdmin.email} created with PARLEY_ADMIN_PASSWORD.`);
    }
  }) as Server;
  server.on('error', (error) => startupFailure(`cannot listen on ${settings.host}:${settings.port}`, error));

  /**
   * SIGTERM: stop accepting, tell event streams to reconnect elsewhere, let in-flight requests finish,
   * stop the workers and the event bus, close the pool, exit 0. Past PARLEY_SHUTDOWN_TIMEOUT_MS the
   * remaining connections are cut and the exit code is 1.
   */
  let isStopping = false;
  async function stop(signal: string) {
    if (isStopping) return;
    isStopping = true;
    logger.info({ signal, timeoutMs: settings.shutdownTimeoutMs }, 'shutting down');
    const deadline = setTimeout(() => {
      logger.error({ timeoutMs: settings.shutdownTimeoutMs }, 'shutdown took too long; closing the remaining connections');
      server.closeAllConnections();
      process.exit(1);
    }, settings.shutdownTimeoutMs);
    deadline.unref();
    const drained = new Promise<void>((resolve) => server.close(() => resolve()));
    lifecycle.stop();
    // Connections go idle as their last response (or event stream) ends: close each as it does.
    server.closeIdleConnections();
    const reaper = setInterval(() => server.closeIdleConnections(), 50);
    await drained;
    clearInterval(reaper);
    stopRetention();
    await app.close();
    await database.close();
    logger.info('stopped');
    clearTimeout(deadline);
    // pino writes asynchronously to a pipe: let the last lines out before leaving.
    logger.flush(() => process.exit(0));
  }
  // A driver's stray rejection (a connection killed mid-handshake) must not take the server down.
  process.on('unhandledRejection', (error) => logger.error({ err: { message: String((error as Error)?.message ?? error) } }, 'unhandled rejection'));
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
}
