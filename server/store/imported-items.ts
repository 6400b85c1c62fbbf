import { and, eq, sql } from 'drizzle-orm';
import { rowsOf } from './comments.ts';
import type { Queryable } from './db.ts';
import { comments, importedItems, pages } from './schema/index.ts';

export type ImportedItem = typeof importedItems.$inferInsert;

/** Which of these file ids a site imported before, and what they became. */
export async function findImportedTargets(db: Queryable, siteId: number, sourceIds: string[]): Promise<Map<string, number>> {
  const found = new Map<string, number>();
  // One array parameter per query, not one parameter per id: a post may have thousands of comments.
  for (let i = 0; i < sourceIds.length; i += 5000) {
    const chunk = sourceIds.slice(i, i + 5000);
    const rows = await db
      .select({ sourceId: importedItems.sourceId, targetId: importedItems.targetId })
      .from(importedItems)
      .where(and(eq(importedItems.siteId, siteId), sql`${importedItems.sourceId} = any(${sql.param(chunk)}::text[])`));
    for (const r of rows) found.set(r.sourceId, r.targetId);
  }
  return found;
}

export async function insertImportedItems(db: Queryable, rows: ImportedItem[]): Promise<void> {
  for (let i = 0; i < rows.length; i += 1000) {
    await db.insert(importedItems).values(rows.slice(i, i + 1000)).onConflictDoNothing();
  }
}

export async function deleteImportedItem(db: Queryable, siteId: number, sourceId: string): Promise<void> {
  await db.delete(importedItems).where(and(eq(importedItems.siteId, siteId), eq(importedItems.sourceId, sourceId)));
}

/** Imported readers' mapping rows go with an erase, so a re-import cannot bring their name back. */
export async function deleteImportedReaders(db: Queryable, siteId: number, readerIds: number[]): Promise<void> {
  if (readerIds.length === 0) return;
  await db
    .delete(importedItems)
    .where(and(eq(importedItems.siteId, siteId), eq(importedItems.kind, 'reader'), sql`${importedItems.targetId} = any(${sql.param(readerIds)}::bigint[])`));
}

/** A page merged into another keeps answering to its import id. */
export async function retargetImportedPage(db: Queryable, siteId: number, fromPageId: number, toPageId: number): Promise<void> {
  await db
    .update(importedItems)
    .set({ targetId: toPageId })
    .where(and(eq(importedItems.siteId, siteId), eq(importedItems.kind, 'page'), eq(importedItems.targetId, fromPageId)));
}

/** `n` comment ids in one round trip, ascending. */
export async function allocateCommentIds(db: Queryable, n: number): Promise<number[]> {
  if (n === 0) return [];
  const result = await db.execute(sql`select nextval(pg_get_serial_sequence('comments', 'id'))::text as id from generate_series(1, ${n})`);
  return rowsOf<{ id: string }>(result)
    .map((r) => Number(r.id))
    .sort((a, b) => a - b);
}

export async function insertCommentRows(db: Queryable, rows: Array<typeof comments.$inferInsert>): Promise<void> {
  for (let i = 0; i < rows.length; i += 500) await db.insert(comments).values(rows.slice(i, i + 500));
}

/**
 * Sets every counter of one page from its rows, in the caller's transaction, after a bulk change
 * (an import, a merge): visible replies bottom-up (a deleted comment stays visible as a
 * placeholder while it has a visible reply), each root's approved descendants, the page's approved
 * count, and a version bump so cached threads and ETags move on at once.
 */
export async function recountPage(db: Queryable, pageId: number): Promise<void> {
  const depths = rowsOf<{ depth: number }>(await db.execute(sql`select coalesce(max(depth), 0)::int as depth from comments where page_id = ${pageId}`));
  // Children are counted from this page's rows only (the page index), level by level, deepest first:
  // a correlated count over all comments by parent_id has no index to use and made imports quadratic.
  for (let depth = Number(depths[0]?.depth ?? 0); depth >= 0; depth--) {
    await db.execute(sql`
      with kids as (
        select parent_id, count(*)::int as n from comments
        where page_id = ${pageId} and depth = ${depth + 1} and visible group by parent_id
      ), counted as (
        select c.id, coalesce(k.n, 0) as n, (c.status = 'approved' or coalesce(k.n, 0) > 0) as shown
        from comments c left join kids k on k.parent_id = c.id
        where c.page_id = ${pageId} and c.depth = ${depth}
      )
      update comments c set reply_count = counted.n, visible = counted.shown
      from counted
      where c.id = counted.id and (c.reply_count <> counted.n or c.visible <> counted.shown)`);
  }
  await db.execute(sql`
    update comments r set descendant_count = k.n
    from (
      select root_id, count(*) filter (where status = 'approved' and parent_id is not null)::int as n
      from comments where page_id = ${pageId} group by root_id
    ) k
    where r.id = k.root_id and r.descendant_count <> k.n`);
  await db
    .update(pages)
    .set({
      commentCount: sql`(select count(*)::int from ${comments} where ${comments.pageId} = ${pageId} and ${comments.status} = 'approved')`,
      version: sql`${pages.version} + 1`,
    })
    .where(eq(pages.id, pageId));
}
