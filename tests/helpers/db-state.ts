import { sql } from 'drizzle-orm';
import type { Database } from '../../server/store/db.ts';
import { rowsOf } from '../../server/store/comments.ts';

const TABLES = ['sites', 'pages', 'readers', 'comments', 'votes', 'flags', 'moderators', 'sessions', 'login_tokens', 'bans', 'audit_log', 'rate_limits', 'subscriptions', 'imported_items'] as const;

/**
 * A fingerprint of every table the API writes: row counts plus an md5 over each table's rows,
 * so "nothing changed" means nothing, not just "no row added".
 */
export async function databaseFingerprint(database: Database): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const table of TABLES) {
    const result = await database.db.execute(
      sql.raw(`select count(*)::int as n, coalesce(md5(string_agg(t::text, '|' order by t::text)), '') as h from ${table} t`),
    );
    const row = rowsOf<{ n: number; h: string }>(result)[0]!;
    out[table] = `${row.n}:${row.h}`;
  }
  return out;
}

export async function countRows(database: Database, table: (typeof TABLES)[number]): Promise<number> {
  const result = await database.db.execute(sql.raw(`select count(*)::int as n from ${table}`));
  return Number(rowsOf<{ n: number }>(result)[0]!.n);
}
