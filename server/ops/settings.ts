import { accessSync, constants, mkdirSync, statSync } from 'node:fs';
import { resolve } from 'node:path';

/**
 * Every environment variable the server reads, with its default: the README's settings table is
 * this list. `main.ts` hands `process.env` in; nothing else reads the environment.
 */
export type Settings = {
  port: number;
  host: string;
  databaseUrl: string | null;
  dataDir: string;
  publicUrl: string;
  ipSalt: string;
  trustProxy: boolean;
  adminEmail: string | null;
  adminPassword: string | null;
  logLevel: LogLevel;
  metricsToken: string | null;
  shutdownTimeoutMs: number;
  requestTimeoutMs: number;
  maxLiveConnections: number;
  dbPoolMax: number;
  /** PGlite: statements waiting for its one connection at most; past it a request gets 503 with `Retry-After`. */
  pgliteQueueMax: number;
  /** SMTP server for notifications (`smtp://user:pass@host:587`, `smtps://…`); null: the dev mailbox keeps mails. */
  smtpUrl: string | null;
  mailFrom: string | null;
  /** Signs unsubscribe and confirmation links; null: a development secret (links still work, but are guessable). */
  secret: string | null;
  /** Days an IP hash is kept before the retention job drops it. */
  ipRetentionDays: number;
  /** Largest import file the admin view accepts, in bytes. */
  importMaxBytes: number;
  /** How long an outbox row claimed by an instance is its own; a row of a dead instance is sent by another after it. */
  outboxLeaseMs: number;
};

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

type Env = Record<string, string | undefined>;

class Problems {
  readonly lines: string[] = [];
  add(name: string, value: string | undefined, why: string) {
    // Never echo a secret back: a password or token in a log line outlives the mistake.
    const shown = value === undefined ? '' : /PASSWORD|TOKEN|SALT|SECRET/.test(name) ? '=…' : `=${JSON.stringify(value).slice(0, 80)}`;
    this.lines.push(`${name}${shown}: ${why}`);
  }
}

function integer(env: Env, name: string, fallback: number, min: number, max: number, problems: Problems): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (!/^\d+$/.test(raw.trim()) || Number(raw) < min || Number(raw) > max) {
    problems.add(name, raw, `not a whole number from ${min} to ${max}`);
    return fallback;
  }
  return Number(raw);
}

function databaseUrl(raw: string | undefined, problems: Problems): string | null {
  if (raw === undefined || raw === '') return null;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    problems.add('DATABASE_URL', undefined, 'not a URL; expected postgres://user:password@host:5432/database');
    return null;
  }
  if (url.protocol !== 'postgres:' && url.protocol !== 'postgresql:') {
    problems.add('DATABASE_URL', undefined, `scheme ${url.protocol} is not postgres: (expected postgres://user:password@host:5432/database)`);
    return null;
  }
  if (!url.hostname && !url.searchParams.get('host')) problems.add('DATABASE_URL', undefined, 'names no host');
  return raw;
}

/** The data directory must exist (or be creatable) and be readable and writable by this user. */
function dataDir(raw: string, problems: Problems): string {
  const dir = resolve(raw);
  try {
    mkdirSync(dir, { recursive: true });
    if (!statSync(dir).isDirectory()) throw Object.assign(new Error(), { code: 'ENOTDIR' });
    accessSync(dir, constants.R_OK | constants.W_OK | constants.X_OK);
  } catch (error) {
    const code = (error as { code?: string }).code ?? 'error';
    const why: Record<string, string> = {
      ENOTDIR: 'is not a directory',
      EEXIST: 'is not a directory',
      EACCES: 'cannot be read and written by this user',
      EPERM: 'cannot be read and written by this user',
      EROFS: 'is on a read-only file system',
    };
    problems.add('PARLEY_DATA_DIR', raw, `${dir} ${why[code] ?? `cannot be used (${code})`}`);
  }
  return dir;
}

function publicUrl(raw: string | undefined, host: string, port: number, problems: Problems): string {
  const fallback = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  if (raw === undefined || raw === '') return fallback;
  try {
    const url = new URL(raw);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error();
    return raw.replace(/\/$/, '');
  } catch {
    problems.add('PARLEY_PUBLIC_URL', raw, 'not an http(s) URL, e.g. https://comments.example.com');
    return fallback;
  }
}

function smtpUrl(raw: string | undefined, problems: Problems): string | null {
  if (raw === undefined || raw === '') return null;
  try {
    const url = new URL(raw);
    if (url.protocol === 'smtp:' || url.protocol === 'smtps:') return raw;
  } catch {
    // reported below
  }
  problems.add('SMTP_URL', undefined, 'not an SMTP URL; expected smtp://user:password@host:587 or smtps://…:465');
  return null;
}

function flag(env: Env, name: string, problems: Problems): boolean {
  const raw = env[name];
  if (raw === undefined || raw === '' || raw === '0' || raw === 'false') return false;
  if (raw === '1' || raw === 'true') return true;
  problems.add(name, raw, 'expected 1 or 0');
  return false;
}

/** The settings, or one line per bad value (name, value unless secret, and what is wrong). */
export function readSettings(env: Env): { settings: Settings; problems: string[] } {
  const problems = new Problems();
  const port = integer(env, 'PORT', 8080, 0, 65535, problems);
  const host = env.HOST || '127.0.0.1';
  const dbUrl = databaseUrl(env.DATABASE_URL, problems);
  const logLevel = (env.PARLEY_LOG_LEVEL || 'info') as LogLevel;
  if (!LOG_LEVELS.includes(logLevel)) problems.add('PARLEY_LOG_LEVEL', env.PARLEY_LOG_LEVEL, `expected one of ${LOG_LEVELS.join(', ')}`);
  const adminEmail = env.PARLEY_ADMIN_EMAIL || null;
  const adminPassword = env.PARLEY_ADMIN_PASSWORD || null;
  if (adminEmail && !/^[^\s@]+@[^\s@]+$/.test(adminEmail)) problems.add('PARLEY_ADMIN_EMAIL', adminEmail, 'not an e-mail address');
  const settings: Settings = {
    port,
    host,
    databaseUrl: dbUrl,
    // PGlite's directory matters only without DATABASE_URL: do not create ./data for PostgreSQL users.
    dataDir: dbUrl || env.DATABASE_URL ? resolve(env.PARLEY_DATA_DIR || './data') : dataDir(env.PARLEY_DATA_DIR || './data', problems),
    publicUrl: publicUrl(env.PARLEY_PUBLIC_URL, host, port, problems),
    ipSalt: env.PARLEY_IP_SALT || 'parley-dev-salt',
    trustProxy: flag(env, 'PARLEY_TRUST_PROXY', problems),
    adminEmail,
    adminPassword,
    logLevel,
    metricsToken: env.PARLEY_METRICS_TOKEN || null,
    shutdownTimeoutMs: integer(env, 'PARLEY_SHUTDOWN_TIMEOUT_MS', 10_000, 100, 600_000, problems),
    requestTimeoutMs: integer(env, 'PARLEY_REQUEST_TIMEOUT_MS', 8000, 100, 600_000, problems),
    maxLiveConnections: integer(env, 'PARLEY_MAX_LIVE_CONNECTIONS', 20_000, 1, 1_000_000, problems),
    dbPoolMax: integer(env, 'PARLEY_DB_POOL_MAX', 10, 1, 1000, problems),
    pgliteQueueMax: integer(env, 'PARLEY_PGLITE_QUEUE_MAX', 4096, 1, 100_000, problems),
    smtpUrl: smtpUrl(env.SMTP_URL, problems),
    mailFrom: env.PARLEY_MAIL_FROM || null,
    secret: env.PARLEY_SECRET || null,
    ipRetentionDays: integer(env, 'PARLEY_IP_RETENTION_DAYS', 30, 1, 3650, problems),
    importMaxBytes: integer(env, 'PARLEY_IMPORT_MAX_BYTES', 512 * 1024 * 1024, 1024, 2 ** 40, problems),
    outboxLeaseMs: integer(env, 'PARLEY_OUTBOX_LEASE_MS', 5 * 60_000, 1000, 24 * 3_600_000, problems),
  };
  return { settings, problems: problems.lines };
}
