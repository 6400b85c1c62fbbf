import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { defaultConfig, systemClock, type Clock, type Config } from './config.ts';
import { AppError } from './errors.ts';
import { adminRoutes } from './routes/admin/index.ts';
import { healthRoutes } from './routes/health.ts';
import { baseHeaders } from './routes/middleware/base-headers.ts';
import { deadline } from './routes/middleware/deadline.ts';
import { publicCors } from './routes/middleware/cors.ts';
import { onError } from './routes/on-error.ts';
import { demoPageRoutes } from './routes/demo-page.ts';
import { previewRoutes } from './routes/public/preview.ts';
import { staticRoutes, WidgetFiles } from './routes/static.ts';
import { adminPageRoutes } from './routes/admin-page.ts';
import { commentRoutes } from './routes/public/comments.ts';
import { countRoutes } from './routes/public/counts.ts';
import { eventRoutes } from './routes/public/events.ts';
import { flagRoutes } from './routes/public/flags.ts';
import { meRoutes } from './routes/public/me.ts';
import { readerRoutes } from './routes/public/readers.ts';
import { ssoRoutes } from './routes/public/sso.ts';
import { subscriptionRoutes } from './routes/public/subscriptions.ts';
import { threadRoutes } from './routes/public/threads.ts';
import { cachedThreadLane } from './routes/public/cached-thread-lane.ts';
import { voteRoutes } from './routes/public/votes.ts';
import type { Services } from './services/context.ts';
import { ImportJobs } from './services/migrate/import-jobs.ts';
import { importFile } from './services/migrate/import.ts';
import { EventBus } from './services/live/events.ts';
import { PageMemo } from './services/threads/page-memo.ts';
import { OutboxWorker, type OutboxOptions } from './jobs/outbox.ts';
import { devMailbox, type Mailer } from './services/notify/mailer.ts';
import type { SpamChecker } from './services/moderation/spam-checker.ts';
import { SiteDirectory } from './services/sites/sites.ts';
import { ThreadCache } from './services/threads/thread-cache.ts';
import type { ThreadAnswer } from './services/threads/thread-answer.ts';
import type { Database } from './store/db.ts';
import { GroupCommit } from './store/group-commit.ts';
import { Batcher } from './store/batcher.ts';
import { readsForPost, type PostRead, type PostReadInput } from './store/post-read.ts';
import { countConnections, moderationDepths, outboxStats } from './store/ops-stats.ts';
import { Lifecycle } from './ops/lifecycle.ts';
import { silentLogger, type Logger } from './ops/logger.ts';
import { Metrics } from './ops/metrics.ts';
import { requestLog } from './routes/middleware/request-log.ts';
import { openApiRoutes } from './routes/openapi/spec.ts';

export type AppDeps = {
  database: Database;
  clock?: Clock;
  config?: Partial<Config>;
  spamChecker?: SpamChecker | null;
  /** SMTP (services/notify/smtp-mailer.ts); without one, mails are kept in the dev mailbox. */
  mailer?: Mailer | null;
  /** The outbox worker's timings; `false`: this instance sends nothing (rows wait for another). */
  outbox?: Partial<OutboxOptions> | false;
  /** Default: silent (tests). `main.ts` passes pino writing JSON lines. */
  logger?: Logger;
  /** Default: a fresh registry. */
  metrics?: Metrics;
  /** Default: a fresh one; `main.ts` stops it on SIGTERM. */
  lifecycle?: Lifecycle;
};

export type ParleyApp = Hono & {
  services: Services;
  outbox: OutboxWorker;
  /** Resolves once cross-instance events are being received. */
  ready: Promise<void>;
  close(): Promise<void>;
};

const UPLOAD_PATH = /^\/api\/v1\/admin\/imports\/[A-Za-z0-9_-]+\/file$/;

/** Builds the whole HTTP app from explicit dependencies; reads no environment. */
export function createApp(deps: AppDeps): ParleyApp {
  const config = defaultConfig(deps.config);
  const metrics = deps.metrics ?? new Metrics();
  const lifecycle = deps.lifecycle ?? new Lifecycle();
  const logger = deps.logger ?? silentLogger;
  const events = new EventBus(deps.database, (lag) => {
    metrics.eventBusReceived.inc();
    metrics.eventBusLag.observe(lag);
  });
  const services: Services = {
    database: deps.database,
    clock: deps.clock ?? systemClock,
    config,
    events,
    sites: new SiteDirectory(deps.database.db),
    threadCache: new ThreadCache<ThreadAnswer>(),
    pages: new PageMemo(deps.database.db),
    writes: new GroupCommit(deps.database),
    postReads: new Batcher<PostReadInput, PostRead>(async (batch) => {
      const reads = await readsForPost(deps.database, batch.map((call) => call.input));
      batch.forEach((call, i) => call.resolve(reads[i]!));
    }),
    spamChecker: deps.spamChecker ?? null,
    mailer: deps.mailer ?? devMailbox,
    // The closure reads `services` only when an upload has arrived, long after it is built.
    imports: new ImportJobs(config.importMaxBytes, (options) => importFile(services, options)),
    ops: { logger, metrics, lifecycle },
  };
  const db = deps.database.db;
  metrics.watchDatabase({
    poolMax: deps.database.poolMax,
    waiting: () => deps.database.waiting(),
    connections: () => countConnections(db, deps.database.applicationName),
    outbox: () => outboxStats(db),
    moderation: () => moderationDepths(db),
  });
  events.subscribe((e) => {
    if (e.type === 'site') services.sites.invalidate();
    if ('pageId' in e) services.pages.forget(e.pageId);
  });
  const ownOrigin = new URL(config.publicUrl).origin;

  const app = new Hono();
  app.onError(onError);
  app.notFound((c) => c.json(new AppError('not_found', 'No such route').toJSON(), 404));
  app.use(requestLog({ logger, metrics, lifecycle }));
  app.use(baseHeaders({ isSecure: config.isSecure }));
  // An import's file upload may take minutes and carries its own size limit (ImportJobs): it alone
  // skips the request deadline and the JSON body limit.
  const isUpload = (path: string, method: string) => method === 'PUT' && UPLOAD_PATH.test(path);
  const apiDeadline = deadline(config.requestTimeoutMs);
  app.use('/api/*', (c, next) => (isUpload(c.req.path, c.req.method) ? next() : apiDeadline(c, next)));
  app.use('/healthz', deadline(config.requestTimeoutMs));
  app.use('/readyz', deadline(config.requestTimeoutMs));
  const tooLarge = () => new AppError('payload_too_large', `The request body is larger than ${config.bodyLimit} bytes`);
  const countBody = bodyLimit({
    maxSize: config.bodyLimit,
    onError: () => {
      throw tooLarge();
    },
  });
  // Only requests that may carry a body. A declared Content-Length is checked as a header (Node's
  // parser reads exactly that many bytes): hono's bodyLimit reads `c.req.raw.body`, which makes
  // the node adapter build a full web Request, where the routes' `c.req.json()` reads the socket
  // directly (about 8 % of a POST's CPU). A chunked body is counted as it is read, by bodyLimit.
  app.use('/api/*', (c, next) => {
    const method = c.req.method;
    if (method === 'GET' || method === 'HEAD' || method === 'OPTIONS' || isUpload(c.req.path, method)) return next();
    const length = c.req.header('content-length');
    if (length === undefined || c.req.header('transfer-encoding') !== undefined) return countBody(c, next);
    if (Number.parseInt(length, 10) > config.bodyLimit) throw tooLarge();
    return next();
  });
  app.route('/', healthRoutes(services));

  const publicApi = new Hono();
  publicApi.use(publicCors(services.sites, ownOrigin));
  publicApi.route('/', threadRoutes(services));
  publicApi.route('/', countRoutes(services));
  publicApi.route('/', meRoutes(services));
  publicApi.route('/', readerRoutes(services));
  publicApi.route('/', commentRoutes(services));
  publicApi.route('/', voteRoutes(services));
  publicApi.route('/', flagRoutes(services));
  publicApi.route('/', ssoRoutes(services));
  publicApi.route('/', eventRoutes(services));
  publicApi.route('/', previewRoutes(services));
  publicApi.route('/', subscriptionRoutes(services));
  app.route('/api/v1/admin', adminRoutes(services));
  app.route('/api/v1', publicApi);
  // One reader of the built bundles, shared by the widget's files and the admin page.
  const widgetFiles = new WidgetFiles(config.widgetDist);
  app.route('/', staticRoutes(services, widgetFiles));
  app.route('/', adminPageRoutes(services, widgetFiles));
  app.route('/', demoPageRoutes(services));
  // Last: it lists every route above from the app's own table.
  app.route('/', openApiRoutes(() => app.routes, { version: 'v1', serverUrl: config.publicUrl }));

  // The cached thread read, answered before Hono routes it (routes/public/cached-thread-lane.ts).
  const cachedThreads = cachedThreadLane(services, { isSecure: config.isSecure, ownOrigin });
  const routed = app.fetch;
  app.fetch = (request, ...rest) => cachedThreads(request) ?? routed(request, ...rest);

  const ready = events.start();
  const outbox = new OutboxWorker(services, services.mailer, deps.outbox || {});
  let isClosed = false;
  if (deps.outbox !== false) void ready.then(() => !isClosed && outbox.start(), () => {});
  return Object.assign(app, {
    services,
    outbox,
    ready,
    close: async () => {
      isClosed = true;
      await ready.catch(() => {});
      await outbox.stop();
      await events.stop();
    },
  });
}
