import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

/** What a scrape reads from the database; each part may fail alone (a table not there yet). */
export type DatabaseProbe = {
  connections(): Promise<Record<string, number>>;
  poolMax: number;
  /** Statements waiting for a connection in this process (PGlite's line; 0 on PostgreSQL). */
  waiting(): number;
  outbox(): Promise<{ backlog: number; failing: number; oldestDueSeconds: number }>;
  moderation(): Promise<{ pending: number; reported: number; spam: number }>;
};

/**
 * The app's Prometheus metrics, one registry per app (tests build many apps in one process).
 * Names follow Prometheus conventions: `_total` counters, `_seconds` durations, base units.
 */
export class Metrics {
  readonly registry = new Registry();
  readonly requests = new Counter({
    name: 'parley_http_requests_total',
    help: 'HTTP requests answered, by method, route pattern and status',
    labelNames: ['method', 'route', 'status'] as const,
    registers: [this.registry],
  });
  readonly duration = new Histogram({
    name: 'parley_http_request_duration_seconds',
    help: 'Time to answer an HTTP request (to the response headers; event streams until they open)',
    labelNames: ['method', 'route'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [this.registry],
  });
  readonly sseConnections = new Gauge({
    name: 'parley_sse_connections',
    help: 'Open Server-Sent Event streams (stream: reader or admin)',
    labelNames: ['stream'] as const,
    registers: [this.registry],
  });
  readonly eventBusLag = new Histogram({
    name: 'parley_event_bus_lag_seconds',
    help: 'Time from publishing an event on one instance to receiving it on this one (LISTEN/NOTIFY)',
    buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 5],
    registers: [this.registry],
  });
  readonly eventBusReceived = new Counter({
    name: 'parley_event_bus_received_total',
    help: 'Events received from other instances',
    registers: [this.registry],
  });

  /** Node's process metrics (CPU, memory, event loop): only for the real server, never per test app. */
  collectProcessMetrics(): void {
    collectDefaultMetrics({ register: this.registry, prefix: 'parley_' });
  }

  /** Gauges read at scrape time from the database. */
  watchDatabase(probe: DatabaseProbe): void {
    const registers = [this.registry];
    new Gauge({
      name: 'parley_db_pool_max',
      help: 'Most database connections this process opens',
      registers,
      collect() {
        this.set(probe.poolMax);
      },
    });
    new Gauge({
      name: 'parley_db_waiting',
      help: "Statements waiting for PGlite's one connection (past PARLEY_PGLITE_QUEUE_MAX a request gets 503); 0 on PostgreSQL",
      registers,
      collect() {
        this.set(probe.waiting());
      },
    });
    new Gauge({
      name: 'parley_db_connections',
      help: "This process's database connections by state (active = in use), from pg_stat_activity",
      labelNames: ['state'] as const,
      registers,
      async collect() {
        this.reset();
        const byState = await probe.connections().catch(() => ({}));
        for (const [state, n] of Object.entries(byState)) this.set({ state }, n);
      },
    });
    const outbox = () => probe.outbox().catch(() => null);
    let pendingOutbox: ReturnType<typeof outbox> | null = null;
    // One query serves the three outbox gauges of a scrape.
    const readOutbox = () => (pendingOutbox ??= outbox().finally(() => setTimeout(() => (pendingOutbox = null), 0)));
    for (const [name, help, key] of [
      ['parley_outbox_backlog', 'Outbox rows (e-mails) not sent yet', 'backlog'],
      ['parley_outbox_failing', 'Unsent outbox rows that failed at least once', 'failing'],
      ['parley_outbox_oldest_due_seconds', 'How long the oldest due, unsent outbox row has waited', 'oldestDueSeconds'],
    ] as const) {
      new Gauge({
        name,
        help,
        registers,
        async collect() {
          const stats = await readOutbox();
          if (stats) this.set(stats[key]);
        },
      });
    }
    new Gauge({
      name: 'parley_moderation_queue_depth',
      help: 'Comments waiting for a moderator, by queue (pending, reported, spam)',
      labelNames: ['queue'] as const,
      registers,
      async collect() {
        const depths = await probe.moderation().catch(() => null);
        if (depths) for (const [queue, n] of Object.entries(depths)) this.set({ queue }, n);
      },
    });
  }
}
