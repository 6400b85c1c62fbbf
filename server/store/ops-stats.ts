import { sql } from 'drizzle-orm';
import type { Queryable } from './db.ts';

/** postgres.js answers an array, PGlite `{ rows }`. */
const rows = <T>(result: unknown): T[] => (Array.isArray(result) ? result : (result as { rows: T[] }).rows) as T[];

/** This process's connections by state (`active`, `idle`, `idle in transaction`…), from pg_stat_activity. */
export async function countConnections(db: Queryable, applicationName: string): Promise<Record<string, number>> {
  const result = await db.execute(sql`
    select coalesce(state, 'unknown') as state, count(*)::int as n from pg_stat_activity
    where application_name = ${applicationName} and datname = current_database() group by 1`);
  return Object.fromEntries(rows<{ state: string; n: number }>(result).map((r) => [r.state, Number(r.n)]));
}

export type OutboxStats = { backlog: number; failing: number; oldestDueSeconds: number };

/** Unsent outbox rows, those that failed at least once, and how overdue the oldest is. */
export async function outboxStats(db: Queryable): Promise<OutboxStats> {
  const result = await db.execute(sql`
    select count(*)::int as backlog,
           (count(*) filter (where attempts > 0))::int as failing,
           coalesce(extract(epoch from now() - min(run_after)) filter (where run_after <= now()), 0)::float8 as oldest
    from outbox where status = 'queued'`);
  const row = rows<{ backlog: number; failing: number; oldest: number }>(result)[0];
  return { backlog: Number(row?.backlog ?? 0), failing: Number(row?.failing ?? 0), oldestDueSeconds: Number(row?.oldest ?? 0) };
}

/** Comments waiting for a moderator, per queue, over all sites. */
export async function moderationDepths(db: Queryable): Promise<{ pending: number; reported: number; spam: number }> {
  const result = await db.execute(sql`
    select (count(*) filter (where status = 'pending'))::int as pending,
           (count(*) filter (where flag_count > 0 and status in ('pending', 'approved')))::int as reported,
           (count(*) filter (where status = 'spam'))::int as spam
    from comments where status in ('pending', 'spam') or flag_count > 0`);
  const row = rows<{ pending: number; reported: number; spam: number }>(result)[0];
  return { pending: Number(row?.pending ?? 0), reported: Number(row?.reported ?? 0), spam: Number(row?.spam ?? 0) };
}
