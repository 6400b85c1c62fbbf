import { randomBytes } from 'node:crypto';
import postgres from 'postgres';
import { migrateDatabase, openDatabase, type Database } from '../../server/store/db.ts';

/** `pglite` or `postgres`: the vitest project sets it, so the same suite runs on both. */
export const testDbKind = (process.env.PARLEY_TEST_DB ?? 'pglite') as 'pglite' | 'postgres';
export const adminUrl = process.env.PARLEY_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

export type TestDatabase = Database & { url: string | null };

/**
 * A fresh, migrated database of its own: an in-memory PGlite, or a new PostgreSQL database that is
 * dropped on close. Never shared state between test files.
 */
export async function createTestDatabase(kind = testDbKind, options: { maxConnections?: number; migrate?: boolean } = {}): Promise<TestDatabase> {
  const migrate = options.migrate ?? true;
  if (kind === 'pglite') {
    const database = await openDatabase({});
    if (migrate) await migrateDatabase(database);
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
