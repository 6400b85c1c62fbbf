import { mkdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { PGlite } from '@electric-sql/pglite';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import { drizzle as drizzlePostgres } from 'drizzle-orm/postgres-js';
import { migrate as migratePostgres } from 'drizzle-orm/postgres-js/migrator';
import postgres from 'postgres';
import { sql } from 'drizzle-orm';
import { MIGRATIONS_DIR } from '../paths.ts';
import { initializeInWorker } from './pglite-initdb.ts';
import { DEFAULT_QUEUE_LIMITS, SerialQueue, type QueueLimits } from './pglite-queue.ts';
import * as schema from './schema/index.ts';

export type Schema = typeof schema;
/** One query type for both drivers: services and store never know which one they run on. */
export type Db = PgDatabase<PgQueryResultHKT, Schema>;
export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];
/** Anything that can run a query: the database or an open transaction. */
export type Queryable = Db | Tx;

export type Database = {
  db: Db;
  kind: 'postgres' | 'pglite';
  /**
   * One statement of fixed SQL text with `$n` parameters, straight to the driver: no query building
   * and no row mapping, and on PostgreSQL a named prepared statement (parsed and planned once per
   * connection). For hot reads whose columns are plain types both drivers parse alike. Not from
   * inside a transaction's callback: on PGlite it would wait in line behind that transaction.
   */
  query<T>(text: string, params: unknown[]): Promise<T[]>;
  /**
   * Statements of `query`'s kind as one transaction, all or none, each statement's rows in order.
   * On PostgreSQL they are pipelined on one connection: one round trip and one commit for all
   * (server/store/group-commit.ts batches the comment writes with it).
   */
  queryInTransaction(statements: ReadonlyArray<{ text: string; params: unknown[] }>): Promise<unknown[][]>;
  /** Statements waiting for a connection: PGlite's line (server/store/pglite-queue.ts); 0 on PostgreSQL. */
  waiting(): number;
  /** PostgreSQL only: the connection URL (migrations take a connection of their own). */
  url?: string | null;
  /** Most connections this process opens (PGlite: one). */
  poolMax: number;
  /** `application_name` of this process's connections, so pg_stat_activity tells them apart. */
  applicationName: string;
  /**
   * LISTEN on a channel; resolves to an unlisten function. Crosses instances on PostgreSQL.
   * `onListen` runs each time the LISTEN is (re)established: after a lost connection, notifications
   * sent meanwhile are gone, and the listener may want to catch up.
   */
  listen(channel: string, onPayload: (payload: string) => void, onListen?: () => void): Promise<() => Promise<void>>;
  notify(channel: string, payload: string): Promise<void>;
  close(): Promise<void>;
};

const MIGRATIONS = MIGRATIONS_DIR;

/** How long a statement of `queryInTransaction` waits for a row lock before the batch gives up. */
const BATCH_LOCK_TIMEOUT_MS = 200;

export type DatabaseOptions = {
  url?: string;
  dataDir?: string;
  maxConnections?: number;
  /** PostgreSQL only: called once per statement sent (the bench counts statements per post with it). */
  onStatement?: (query: string) => void;
  /**
   * PGlite only: start from a dumped data directory (`PGlite.dumpDataDir`) instead of an empty one,
   * which skips `initdb`, the slowest part of opening (the tests open one migrated template).
   */
  snapshot?: Blob;
  /** PGlite only: the line in front of its one connection (server/store/pglite-queue.ts). */
  queue?: Partial<QueueLimits>;
};

export async function openDatabase(options: DatabaseOptions): Promise<Database> {
  return options.url
    ? openPostgres(options.url, options.maxConnections ?? 10, options.onStatement)
    : openPglite(options.dataDir, options.snapshot, { ...DEFAULT_QUEUE_LIMITS, ...options.queue });
}

function openPostgres(url: string, max: number, onStatement?: (query: string) => void): Database {
  const applicationName = `parley:${process.pid}`;
  const client = postgres(url, {
    max,
    onnotice: () => {},
    connection: { application_name: applicationName },
    // While the database is down, fail fast so requests answer 503 instead of queueing: the default
    // backoff grows to 20 s between attempts and a connect may take 30 s, longer than any client
    // waits (tests/server/database-outage.test.ts saw a request hang past 15 s).
    connect_timeout: 5,
    backoff: (attempt: number) => Math.min(0.05 * 2 ** attempt, 1),
    ...(onStatement ? { debug: (_connection: number, query: string) => onStatement(query) } : {}),
  });
  const db = drizzlePostgres(client, { schema }) as unknown as Db;
  return {
    db,
    kind: 'postgres',
    query: async <T>(text: string, params: unknown[]) => (await client.unsafe(text, params as never[], { prepare: true })) as unknown as T[],
    // Every statement is sent before the first answer is awaited, so postgres.js writes them together.
    // A batch of statements holds each one's locks until its commit, so unlike one statement it can
    // close a cycle with another transaction; rather than wait out the deadlock check (1 s), it
    // gives up a lock it waited 200 ms for (55P03), and its caller runs the statements one by one.
    queryInTransaction: async (statements) =>
      (
        (await client.begin((tx) =>
          Promise.all([tx.unsafe(`set local lock_timeout = '${BATCH_LOCK_TIMEOUT_MS}ms'`), ...statements.map((s) => tx.unsafe(s.text, s.params as never[], { prepare: true }))]),
        )) as unknown as unknown[][]
      ).slice(1),
    waiting: () => 0,
    url,
    poolMax: max,
    applicationName,
    async listen(channel, onPayload, onListen) {
      const sub = await client.listen(channel, onPayload, onListen);
      return () => sub.unlisten();
    },
    async notify(channel, payload) {
      await client.notify(channel, payload);
    },
    close: () => client.end({ timeout: 5 }),
  };
}

// PGlite's own defaults, with a smaller buffer cache: 128 MB of shared_buffers grew the WebAssembly
// heap from 128 to 189 MB as pages were read, while a thread's hot rows are a few megabytes and the
// operating system's page cache holds the rest of the files (measured idle RSS: see the bench).
const PGLITE_START_PARAMS = [...PGlite.defaultStartParams, '-c', 'shared_buffers=32MB'];

async function openPglite(dataDir: string | undefined, snapshot: Blob | undefined, limits: QueueLimits): Promise<Database> {
  if (dataDir) mkdirSync(dataDir, { recursive: true });
  if (dataDir && !snapshot) await initializeInWorker(dataDir, PGLITE_START_PARAMS);
  const options = { startParams: PGLITE_START_PARAMS, ...(dataDir ? { dataDir } : {}) };
  const client = new PGlite(snapshot ? { ...options, loadDataDir: snapshot } : options);
  await client.waitReady;
  // drizzle calls only `query` and `transaction` on the client: both go through one fair, bounded
  // line. Statements inside a transaction use the transaction's own handle and do not queue again.
  const queue = new SerialQueue(limits);
  const queued = {
    query: (...args: Parameters<PGlite['query']>) => queue.run(() => client.query(...args)),
    transaction: (...args: Parameters<PGlite['transaction']>) => queue.run(() => client.transaction(...args)),
    // The tests dump a migrated database once and open copies of it (tests/helpers/database.ts).
    dumpDataDir: (...args: Parameters<PGlite['dumpDataDir']>) => queue.run(() => client.dumpDataDir(...args), false),
  };
  const db = drizzlePglite({ client: queued as unknown as PGlite, schema }) as unknown as Db;
  return {
    db,
    kind: 'pglite',
    query: async <T>(text: string, params: unknown[]) => (await queue.run(() => client.query<T>(text, params))).rows,
    queryInTransaction: (statements) =>
      queue.run(() =>
        client.transaction(async (tx) => {
          const out: unknown[][] = [];
          for (const s of statements) out.push((await tx.query(s.text, s.params)).rows);
          return out;
        }),
      ),
    waiting: () => queue.depth,
    poolMax: 1,
    applicationName: 'parley',
    async listen(channel, onPayload, onListen) {
      const unlisten = await client.listen(channel, onPayload);
      onListen?.();
      return unlisten;
    },
    async notify(channel, payload) {
      // Unbounded: it follows a commit, and refusing it would lose the event of a stored change.
      await queue.run(() => client.query('select pg_notify($1, $2)', [channel, payload]), false);
    },
    close: () => client.close(),
  };
}

/** One round trip: throws when the database cannot answer. */
export async function pingDatabase(database: Database): Promise<void> {
  await database.db.execute(sql`select 1`);
}

// Any fixed 64-bit number: every Parley instance takes the same lock before migrating.
const MIGRATION_LOCK = 7_370_616_236_112_015;

/**
 * Applies the pending migrations. On PostgreSQL several instances may start at once: each takes a
 * session advisory lock on a connection of its own first, so one migrates and the others wait, then
 * find nothing left to do (drizzle's migrator alone would race: both read "nothing applied").
 */
export async function migrateDatabase(database: Database, migrationsFolder = MIGRATIONS): Promise<void> {
  const config = { migrationsFolder };
  if (database.kind === 'pglite') return void (await migratePglite(database.db as never, config));
  const client = postgres(database.url!, { max: 1, onnotice: () => {}, connection: { application_name: `${database.applicationName}:migrate` } });
  try {
    await client`select pg_advisory_lock(${MIGRATION_LOCK})`;
    await migratePostgres(drizzlePostgres(client) as never, config);
  } finally {
    // Ending the session releases the lock even if the unlock is never sent.
    await client`select pg_advisory_unlock(${MIGRATION_LOCK})`.catch(() => {});
    await client.end({ timeout: 5 });
  }
}

/** Migrations the code expects (`migrations/meta/_journal.json`) and how many the database has applied. */
export async function migrationState(database: Database, migrationsFolder = MIGRATIONS): Promise<{ expected: number; applied: number }> {
  const journal = JSON.parse(readFileSync(`${migrationsFolder}/meta/_journal.json`, 'utf8')) as { entries: Array<{ when: number }> };
  const newest = Math.max(0, ...journal.entries.map((e) => e.when));
  const rows = (await database.db.execute(
    sql`select count(*)::int as applied, coalesce(max(created_at), 0)::bigint as newest from drizzle.__drizzle_migrations`,
  )) as unknown as Array<{ applied: number; newest: string | number }> | { rows: Array<{ applied: number; newest: string | number }> };
  const row = Array.isArray(rows) ? rows[0] : rows.rows[0];
  // The migrator applies by timestamp: the newest applied one is what says "up to date".
  const applied = row && Number(row.newest) >= newest ? journal.entries.length : Number(row?.applied ?? 0);
  return { expected: journal.entries.length, applied: Math.min(applied, journal.entries.length) };
}
