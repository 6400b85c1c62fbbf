import { sql } from 'drizzle-orm';
import type { Database } from '../../server/store/db.ts';
import { rowsOf } from '../../server/store/comments.ts';

const TABLES = ['sites', 'pages', 'readers', 'comments', 'votes', 'flags', 'moderators', 'sessions', 'login_tokens', 'bans', 'audit_log', 'rate_limits', 'subscriptions', 'imported_items'] as const;

/**
 * A fingerprint of every table the API writes: row counts plus an md5 over each table's rows,
 * so "nothing changed" means nothing, not just "no row added".
 */
export async function databaseFingerprint(database: Database): Promise<Record<string, string>> {
  // One statement for every table: cheap enough to take around each request of a property test.
  const columns = TABLES.map((table) => `(select count(*)::int || ':' || coalesce(md5(string_agg(t::text, '|' order by t::text)), '') from ${table} t) as ${table}`);
  const result = await database.db.execute(sql.raw(`select ${columns.join(', ')}`));
  const row = rowsOf<Record<string, string>>(result)[0]!;
  return Object.fromEntries(TABLES.map((table) => [table, String(row[table])]));
}

export async function countRows(database: Database, table: (typeof TABLES)[number]): Promise<number> {
  const result = await database.db.execute(sql.raw(`select count(*)::int as n from ${table}`));
  return Number(rowsOf<{ n: number }>(result)[0]!.n);
}
