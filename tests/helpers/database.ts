import { createHash, randomBytes } from 'node:crypto';
import { readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import postgres from 'postgres';
import { MIGRATIONS_DIR } from '../../server/paths.ts';
import { migrateDatabase, openDatabase, type Database, type DatabaseOptions } from '../../server/store/db.ts';

/** `pglite` or `postgres`: the vitest project sets it, so the same suite runs on both. */
export const testDbKind = (process.env.PARLEY_TEST_DB ?? 'pglite') as 'pglite' | 'postgres';
export const adminUrl = process.env.PARLEY_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

export type TestDatabase = Database & { url: string | null };

/**
 * A fresh, migrated database of its own: an in-memory PGlite, or a new PostgreSQL database that is
 * dropped on close. Never shared state between test files.
 */
export async function createTestDatabase(kind = testDbKind, options: { maxConnections?: number; migrate?: boolean; queue?: DatabaseOptions['queue'] } = {}): Promise<TestDatabase> {
  const migrate = options.migrate ?? true;
  if (kind === 'pglite') {
    const queue = options.queue ? { queue: options.queue } : {};
    const database = migrate ? await openDatabase({ snapshot: await migratedPgliteSnapshot(), ...queue }) : await openDatabase(queue);
    return { ...database, url: null };
  }
  const name = `parley_t_${randomBytes(6).toString('hex')}`;
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${name}`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const database = await openDatabase({ url: url.toString(), maxConnections: options.maxConnections ?? 10 });
  if (migrate) await migrateDatabase(database);
  return {
    ...database,
    url: url.toString(),
    async close() {
      await database.close();
      const drop = postgres(adminUrl, { max: 1, onnotice: () => {} });
      await drop.unsafe(`drop database if exists ${name} with (force)`);
      await drop.end();
    },
  };
}

let snapshot: Promise<Blob> | null = null;

/**
 * A migrated PGlite data directory, dumped once and shared by every test file (a file in the temp
 * directory, named by the migrations and the PGlite version, so a new migration makes a new one).
 * Opening from it skips initdb and the migrations: seconds per test database on a busy box.
 */
function migratedPgliteSnapshot(): Promise<Blob> {
  snapshot ??= (async () => {
    // The installed PGlite's own manifest (its `exports` hide package.json from require).
    const manifest = join(dirname(createRequire(import.meta.url).resolve('@electric-sql/pglite')), '..', 'package.json');
    const hash = createHash('sha256').update(readFileSync(manifest));
    for (const file of readdirSync(MIGRATIONS_DIR, { recursive: true, withFileTypes: true }).filter((f) => f.isFile()).map((f) => join(f.parentPath, f.name)).sort()) {
      hash.update(file).update(readFileSync(file));
    }
    const path = join(tmpdir(), `parley-pglite-migrated-${hash.digest('hex').slice(0, 16)}.tar`);
    try {
      return new Blob([readFileSync(path)]);
    } catch {
      const database = await openDatabase({});
      await migrateDatabase(database);
      const client = (database.db as unknown as { $client: { dumpDataDir(compression: 'none'): Promise<Blob> } }).$client;
      const dumped = await client.dumpDataDir('none');
      await database.close();
      // Written whole, then renamed: a test file in another worker never reads half of it.
      const partial = `${path}.${process.pid}.${randomBytes(4).toString('hex')}`;
      writeFileSync(partial, Buffer.from(await dumped.arrayBuffer()));
      renameSync(partial, path);
      return dumped;
    }
  })();
  return snapshot;
}
