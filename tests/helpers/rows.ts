import { eq, sql } from 'drizzle-orm';
import { expect } from 'vitest';
import type { ParleyApp } from '../../server/app.ts';
import { rowsOf } from '../../server/store/comments.ts';
import { comments } from '../../server/store/schema/index.ts';

/** Row counts of the tables a public write may touch: a rejected request must leave them alone. */
export async function countRows(app: ParleyApp): Promise<Record<'comments' | 'pages' | 'readers' | 'votes' | 'flags', number>> {
  const result = await app.services.database.db.execute(sql`
    select (select count(*) from comments)::int as comments, (select count(*) from pages)::int as pages,
           (select count(*) from readers)::int as readers, (select count(*) from votes)::int as votes,
           (select count(*) from flags)::int as flags`);
  return rowsOf<Record<'comments' | 'pages' | 'readers' | 'votes' | 'flags', number>>(result)[0]!;
}

/** The stored row, straight from the database: what the API said must match what was kept. */
export async function storedComment(app: ParleyApp, id: number) {
  const [row] = await app.services.database.db.select().from(comments).where(eq(comments.id, id));
  return row;
}

/** Settings that let one test post many comments quickly from few readers. */
export const bulkSettings = { rateLimitPerMinute: 10_000, minSecondsToPost: 0 } as const;

/** The error shape every 4xx carries. */
export const errorShape = (code: string) => ({ error: expect.objectContaining({ code, message: expect.any(String) }) });
