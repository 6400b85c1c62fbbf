import { WIDGET_DIST } from './paths.ts';

/** Everything the app is configured with; `main.ts` builds it from the environment, tests by hand. */
export type Config = {
  publicUrl: string;
  /** Salt for IP hashes: IPs are never stored in the clear. */
  ipSalt: string;
  /** IP hashes are dropped this many days after the comment (PARLEY_IP_RETENTION_DAYS, default 30). */
  ipRetentionDays: number;
  /** Trust `X-Forwarded-For` (behind a proxy you run) for the client IP. */
  trustProxy: boolean;
  /** An API request not answered by then gets 503 `unavailable` (ms). */
  requestTimeoutMs: number;
  /**
   * Open live-update streams (reader SSE) this instance keeps at most (PARLEY_MAX_LIVE_CONNECTIONS,
   * default 20,000); past it a new stream gets 503 with `Retry-After` and the browser tries later,
   * so a surge cannot exhaust the process's memory or file descriptors.
   */
  maxLiveConnections: number;
  /** Largest request body accepted, in bytes. */
  bodyLimit: number;
  /** Largest import file the admin view accepts (PARLEY_IMPORT_MAX_BYTES, default 512 MiB); the CLI has no limit. */
  importMaxBytes: number;
  /** Where the built widget lives (Vite's output). */
  widgetDist: string;
  /** Cookies get `Secure` when the public URL is https. */
  isSecure: boolean;
  /** Signs unsubscribe and confirmation links (PARLEY_SECRET): the same on every instance. */
  secret: string;
  /** The From of every mail (PARLEY_MAIL_FROM). */
  mailFrom: string;
  /** `/metrics` answers only `Authorization: Bearer <token>` when set (PARLEY_METRICS_TOKEN). */
  metricsToken: string | null;
  /** First admin's credentials (PARLEY_ADMIN_EMAIL / PARLEY_ADMIN_PASSWORD); else a sign-in link is printed. */
  bootstrapAdmin?: { email: string; password: string } | null;
};

export const defaultConfig = (overrides: Partial<Config> = {}): Config => {
  const publicUrl = overrides.publicUrl ?? 'http://127.0.0.1:8080';
  return {
    publicUrl,
    ipSalt: 'parley-dev-salt',
    secret: 'parley-dev-secret',
    mailFrom: `Parley <parley@${new URL(publicUrl).hostname}>`,
    ipRetentionDays: 30,
    trustProxy: false,
    bodyLimit: 64 * 1024,
    importMaxBytes: 512 * 1024 * 1024,
    requestTimeoutMs: 8000,
    maxLiveConnections: 20_000,
    metricsToken: null,
    widgetDist: WIDGET_DIST,
    isSecure: publicUrl.startsWith('https:'),
    ...overrides,
  };
};

export type Clock = { now(): Date };
export const systemClock: Clock = { now: () => new Date() };
