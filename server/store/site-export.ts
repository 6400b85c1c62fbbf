import { and, asc, eq, gt } from 'drizzle-orm';
import type { Queryable } from './db.ts';
import { comments, pages, readers } from './schema/index.ts';

/** The site's pages in id order, a slice at a time (keyset): an export never holds them all. */
export function listPagesAfter(db: Queryable, siteId: number, afterId: number, limit: number) {
  return db
    .select()
    .from(pages)
    .where(and(eq(pages.siteId, siteId), gt(pages.id, afterId)))
    .orderBy(asc(pages.id))
    .limit(limit);
}

/** Every comment of a page in thread order (path), with its author's e-mail. */
export function listPageCommentsForExport(db: Queryable, pageId: number) {
  return db
    .select({ comment: comments, email: readers.email })
    .from(comments)
    .innerJoin(readers, eq(readers.id, comments.readerId))
    .where(eq(comments.pageId, pageId))
    .orderBy(asc(comments.path));
}
