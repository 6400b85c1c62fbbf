import { and, asc, eq, inArray, or, sql } from 'drizzle-orm';
import type { Queryable } from './db.ts';
import { comments, flags, pages, readers, subscriptions, votes } from './schema/index.ts';

export type ReaderRow = typeof readers.$inferSelect;

/** Imported authors, in one statement: reader rows nobody holds a token for (each hash is of a token never given out). Ids in input order. */
export async function insertImportedReaders(db: Queryable, rows: Array<{ siteId: number; name: string; email: string | null; tokenHash: string; createdAt: Date }>): Promise<number[]> {
  if (rows.length === 0) return [];
  const inserted = await db.insert(readers).values(rows).returning({ id: readers.id, tokenHash: readers.tokenHash });
  const idOf = new Map(inserted.map((r) => [r.tokenHash, r.id]));
  return rows.map((r) => idOf.get(r.tokenHash)!);
}

/** Trust counters of many readers in one statement (an import's approved and rejected comments). */
export async function addReaderTrust(db: Queryable, changes: Array<{ readerId: number; approved: number; rejected: number }>): Promise<void> {
  if (changes.length === 0) return;
  await db.execute(sql`
    update readers r set approved_count = r.approved_count + v.approved, rejected_count = r.rejected_count + v.rejected
    from (select unnest(${sql.param(changes.map((c) => c.readerId))}::int[]) as id,
                 unnest(${sql.param(changes.map((c) => c.approved))}::int[]) as approved,
                 unnest(${sql.param(changes.map((c) => c.rejected))}::int[]) as rejected) v
    where r.id = v.id`);
}

/** The readers of a site that a request names: by id, or every reader with that e-mail. */
export function findReadersOf(db: Queryable, siteId: number, who: { readerId?: number | undefined; email?: string | undefined }): Promise<ReaderRow[]> {
  const by = [
    who.readerId !== undefined ? eq(readers.id, who.readerId) : undefined,
    who.email !== undefined ? sql`lower(${readers.email}) = ${who.email.toLowerCase()}` : undefined,
  ].filter((c) => c !== undefined);
  if (by.length === 0) return Promise.resolve([]);
  return db
    .select()
    .from(readers)
    .where(and(eq(readers.siteId, siteId), or(...by)))
    .orderBy(asc(readers.id));
}

export function listCommentsOfReaders(db: Queryable, readerIds: number[]) {
  return db
    .select({ comment: comments, pageKey: pages.key, pageUrl: pages.url })
    .from(comments)
    .innerJoin(pages, eq(pages.id, comments.pageId))
    .where(inArray(comments.readerId, readerIds))
    .orderBy(asc(comments.id));
}

export function listVotesOfReaders(db: Queryable, readerIds: number[]) {
  return db.select().from(votes).where(inArray(votes.readerId, readerIds)).orderBy(asc(votes.commentId));
}

export function listFlagsOfReaders(db: Queryable, readerIds: number[]) {
  return db.select().from(flags).where(inArray(flags.readerId, readerIds)).orderBy(asc(flags.commentId));
}

/** Subscriptions made by these readers or to these addresses, on this site's pages. */
export function listSubscriptionsOf(db: Queryable, siteId: number, readerIds: number[], emails: string[]) {
  return db
    .select({ subscription: subscriptions, pageKey: pages.key })
    .from(subscriptions)
    .innerJoin(pages, eq(pages.id, subscriptions.pageId))
    .where(and(eq(pages.siteId, siteId), subscriptionOwner(readerIds, emails)))
    .orderBy(asc(subscriptions.id));
}

function subscriptionOwner(readerIds: number[], emails: string[]) {
  return or(
    readerIds.length ? inArray(subscriptions.readerId, readerIds) : undefined,
    emails.length ? sql`lower(${subscriptions.email}) = any(${sql.param(emails)}::text[])` : undefined,
  );
}

export async function deleteSubscriptionsOf(db: Queryable, siteId: number, readerIds: number[], emails: string[]): Promise<number> {
  if (readerIds.length === 0 && emails.length === 0) return 0;
  const rows = await db
    .delete(subscriptions)
    .where(
      and(
        sql`${subscriptions.pageId} in (select ${pages.id} from ${pages} where ${pages.siteId} = ${siteId})`,
        subscriptionOwner(readerIds, emails),
      ),
    )
    .returning({ id: subscriptions.id });
  return rows.length;
}

/**
 * What is left of a comment after its author's erasure: no words, no name, no link, no IP hash.
 * The row stays, so replies keep their place; its status is set by the caller (through the counters).
 */
export async function blankComment(db: Queryable, id: number): Promise<void> {
  await db.update(comments).set({ bodyMd: '', bodyHtml: '', authorName: '', authorUrl: null, ipHash: null, anchor: null }).where(eq(comments.id, id));
}

/** The reader row stays (votes and flags point at it) with nothing that names a person; its token stops working. */
export async function blankReader(db: Queryable, id: number, tokenHash: string): Promise<void> {
  await db.update(readers).set({ name: null, email: null, isEmailVerified: false, externalId: null, tokenHash }).where(eq(readers.id, id));
}
